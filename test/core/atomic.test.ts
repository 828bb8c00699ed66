import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFolderAtomic } from '../../src/core/atomic.js';
import { tempFiles } from '../temp-files.js';

test('writeFolderAtomic: the folder appears whole; a second writer of the same folder is dropped, not merged', async () => {
  const root = tempFiles('atomic').dir;
  const dir = join(root, 'cache', 'one');
  assert.equal(await writeFolderAtomic(dir, (tmp) => writeFileSync(join(tmp, 'a.txt'), 'first')), true);
  assert.equal(await writeFolderAtomic(dir, (tmp) => writeFileSync(join(tmp, 'a.txt'), 'second')), false);
  assert.equal(readFileSync(join(dir, 'a.txt'), 'utf8'), 'first');
  assert.deepEqual(readdirSync(join(root, 'cache')), ['one']);
});

test('writeFolderAtomic: a fill that throws leaves nothing behind and rethrows', async () => {
  const root = tempFiles('atomic-fail').dir;
  await assert.rejects(
    writeFolderAtomic(join(root, 'two'), (tmp) => {
      writeFileSync(join(tmp, 'half.txt'), 'half');
      throw new Error('disk full');
    }),
    /disk full/,
  );
  assert.deepEqual(readdirSync(root), []);
});
