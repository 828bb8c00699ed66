import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rejects } from './reject.js';
import { parseUcrCsv, parseUcrText, parseUcrTsv } from '../../src/data/ucr-delimited.js';

test('UCR TSV: labels first, values after, classes in numeric order', () => {
  const split = parseUcrTsv('2\t1.5\t-2\t3e-1\n-1\t0\t1\t2\n2\t4\t5\t6\n', 'x.tsv');
  assert.equal(split.series.length, 3);
  assert.deepEqual(split.classNames, ['-1', '2']);
  assert.deepEqual([...split.labels], [1, 0, 1]);
  assert.deepEqual([...split.series[0]![0]!], [1.5, -2, 0.3]);
  assert.equal(split.channels, 1);
  assert.equal(split.equalLength, true);
  assert.equal(split.length, 3);
  assert.equal(split.source, 'x.tsv');
});

test('UCR TSV: trailing NaN padding marks a shorter series, inner NaN stays missing', () => {
  const split = parseUcrTsv('1\t1\tNaN\t3\t4\n2\t1\t2\tNaN\tNaN\r\n');
  assert.equal(split.equalLength, false);
  assert.equal(split.length, 4);
  assert.equal(split.series[1]![0]!.length, 2);
  assert.ok(Number.isNaN(split.series[0]![0]![1]!));
});

test('old UCR CSV: commas, float labels canonicalised', () => {
  const split = parseUcrCsv('1.0000000e+00,1,2\n2.0000000e+00,3,4\n1,5,6\n');
  assert.deepEqual(split.classNames, ['1', '2']);
  assert.deepEqual([...split.labels], [0, 1, 0]);
});

test('string labels are sorted as strings', () => {
  const split = parseUcrCsv('b,1\na,2\nc,3\n');
  assert.deepEqual(split.classNames, ['a', 'b', 'c']);
  assert.deepEqual([...split.labels], [1, 0, 2]);
});

test('UCR errors name the file, the line and the problem', () => {
  rejects(() => parseUcrTsv('1\t1\t2\n1\t1\tabc\n', 'd.tsv'), 2, /^d\.tsv:2: non-numeric value 'abc' in column 3/);
  rejects(() => parseUcrTsv('1\t1\t2\n\n1\t1\n', 'd.tsv'), 3, /ragged rows: expected 2 values .*found 1/);
  rejects(() => parseUcrTsv('', 'd.tsv'), 1, /empty file/);
  rejects(() => parseUcrTsv('\n \n', 'd.tsv'), 2, /empty file/);
  rejects(() => parseUcrTsv('\t1\t2\n', 'd.tsv'), 1, /missing label/);
  rejects(() => parseUcrCsv('1,1,,2\n', 'd.csv'), 1, /non-numeric value '' in column 3/);
  rejects(() => parseUcrCsv('1\n', 'd.csv'), 1, /without values/);
  rejects(() => parseUcrTsv('1\t1\t2\n2\tNaN\tNaN\n', 'd.tsv'), 2, /every value is NaN/);
  rejects(() => parseUcrCsv('1,0x10\n', 'd.csv'), 1, /non-numeric value '0x10'/);
  rejects(() => parseUcrCsv('1,Infinity\n', 'd.csv'), 1, /non-numeric value 'Infinity'/);
});

test('older UCR text: the separator is read off the first line (tab, comma or runs of spaces)', () => {
  const spaced = parseUcrText('  1.0000000e+00  -1.5  2.5\n  2.0000000e+00   3  4\n', 'old');
  assert.deepEqual(spaced.classNames, ['1', '2']);
  assert.deepEqual([...spaced.series[1]![0]!], [3, 4]);
  assert.deepEqual([...parseUcrText('1,2,3\n').series[0]![0]!], [2, 3]);
  assert.deepEqual([...parseUcrText('1\t2\t3\n').series[0]![0]!], [2, 3]);
  rejects(() => parseUcrText(' 1 2 3\n 1 2 x\n', 'old'), 2, /non-numeric value 'x' in column 3/);
});
