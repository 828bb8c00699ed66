import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OptionError } from '../../src/core/errors.js';
import { contingencyTable, distinctLabels } from '../../src/evaluation/metrics/contingency.js';

test('contingency table counts co-occurrences, rows and columns in ascending label order', () => {
  const t = contingencyTable([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2]);
  assert.deepEqual(t.rowLabels, [0, 1, 2]);
  assert.deepEqual(t.colLabels, [0, 2]);
  assert.deepEqual(Array.from(t.counts), [2, 0, 0, 1, 1, 2]);
  assert.deepEqual(Array.from(t.rowSums), [2, 1, 3]);
  assert.deepEqual(Array.from(t.colSums), [3, 3]);
  assert.equal(t.n, 6);
});

test('contingency table takes label text and sorts it', () => {
  const t = contingencyTable(['b', 'a', 'b'], ['x', 'x', 'y']);
  assert.deepEqual(t.rowLabels, ['a', 'b']);
  assert.deepEqual(Array.from(t.counts), [1, 0, 1, 1]);
  assert.deepEqual(distinctLabels([10, 2, 2, -1]), [-1, 2, 10]);
});

test('contingency table rejects labellings of different lengths and NaN labels', () => {
  assert.throws(() => contingencyTable([0, 1], [0]), (e: Error) => e instanceof OptionError && /truth has 2 labels but pred has 1/.test(e.message));
  assert.throws(() => contingencyTable([0, NaN], [0, 1]), /item 1 is NaN/);
});
