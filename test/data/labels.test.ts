import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalLabel, orderClassNames, unifyLabels } from '../../src/data/labels.js';
import { parseUcrCsv } from '../../src/data/ucr-delimited.js';

test('numeric labels sort numerically and are written in shortest form', () => {
  assert.deepEqual(orderClassNames(['1', '-1', '1.0']), ['-1', '1']);
  assert.deepEqual(orderClassNames(['8', '3', '10', '5']), ['3', '5', '8', '10']);
  assert.equal(canonicalLabel('1.0000000e+00'), '1');
  assert.equal(canonicalLabel(' 2 '), '2');
});

test('other labels sort as strings (by code point)', () => {
  assert.deepEqual(orderClassNames(['b', 'B', 'a', '10', '9']), ['10', '9', 'B', 'a', 'b']);
});

test('unifyLabels maps both splits onto the union of their classes', () => {
  const train = parseUcrCsv('2,1\n4,1\n');
  const test = parseUcrCsv('3,1\n2,1\n');
  const { splits, classNames } = unifyLabels([train, test]);
  assert.deepEqual(classNames, ['2', '3', '4']);
  assert.deepEqual([...splits[0]!.labels], [0, 2]);
  assert.deepEqual([...splits[1]!.labels], [1, 0]);
  assert.equal(splits[0]!.series, train.series);
});
