import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DataFormatError } from '../../src/core/errors.js';
import { readLabelFile } from '../../src/data/label-file.js';
import { tempFiles } from '../temp-files.js';

const { dir, write: file } = tempFiles('labels');

test('label files give one trimmed label per line, CRLF and trailing blank lines allowed', () => {
  assert.deepEqual(readLabelFile(file('ok.txt', ' a \r\n2\nthe third\n\n\n')), ['a', '2', 'the third']);
  assert.deepEqual(readLabelFile(file('no-newline.txt', 'x\ny')), ['x', 'y']);
});

test('label files: empty, blank lines and missing files are DataFormatErrors with file and line', () => {
  assert.throws(() => readLabelFile(file('empty.txt', '')), (e: Error) => e instanceof DataFormatError && /empty\.txt: empty file/.test(e.message));
  assert.throws(() => readLabelFile(file('blank.txt', 'a\n  \nb\n')), (e: Error) => e instanceof DataFormatError && /blank\.txt:2: blank line/.test(e.message));
  assert.throws(() => readLabelFile(join(dir, 'nope.txt')), (e: Error) => e instanceof DataFormatError && /nope\.txt: cannot read the label file: ENOENT/.test(e.message));
});
