import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { withFolderLock } from '../../src/core/folder-lock.js';
import { tempFiles } from '../temp-files.js';

const scratch = tempFiles('folder-lock');

test('holders of one folder lock take turns, and the lock is gone afterwards', async () => {
  const dir = join(scratch.dir, 'shared');
  const events: string[] = [];
  const hold = (name: string) =>
    withFolderLock(dir, async () => {
      events.push(`${name} in`);
      await sleep(30);
      events.push(`${name} out`);
      return name;
    }, 5);
  assert.deepEqual(await Promise.all([hold('a'), hold('b'), hold('c')]), ['a', 'b', 'c']);
  for (let i = 0; i < events.length; i += 2) assert.equal(events[i]!.split(' ')[0], events[i + 1]!.split(' ')[0], events.join(', '));
  assert.deepEqual(readdirSync(scratch.dir).filter((f) => f.startsWith('shared')), []);
});

test('a lock left by a process that died is taken over; a failing holder releases it', async () => {
  const dir = join(scratch.dir, 'orphan');
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
  writeFileSync(`${dir}.lock`, dead);
  assert.equal(await withFolderLock(dir, async () => 'taken', 5), 'taken');
  await assert.rejects(withFolderLock(dir, async () => { throw new Error('boom'); }, 5), /boom/);
  assert.equal(existsSync(`${dir}.lock`), false);
});
