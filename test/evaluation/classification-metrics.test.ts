import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accuracy } from '../../src/evaluation/metrics/accuracy.js';
import { confusionMatrix } from '../../src/evaluation/metrics/confusion-matrix.js';
import { macroPrecisionRecallF1 } from '../../src/evaluation/metrics/precision-recall-f1.js';
import { assertClose, SKLEARN_CASES } from './sklearn-cases.js';

test('confusion matrix matches scikit-learn and takes a fixed label order', () => {
  // scikit-learn: confusion_matrix([2,0,2,2,0,1], [0,0,2,2,0,2]) == [[2,0,0],[0,0,1],[1,0,2]].
  const m = confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2]);
  assert.deepEqual(m.rowLabels, [0, 1, 2]);
  assert.deepEqual(Array.from(m.counts), [2, 0, 0, 0, 0, 1, 1, 0, 2]);
  const ordered = confusionMatrix(['cat', 'dog'], ['dog', 'dog'], ['dog', 'cat', 'bird']);
  assert.deepEqual(Array.from(ordered.counts), [1, 0, 0, 1, 0, 0, 0, 0, 0]);
});

test('hand-worked macro precision, recall and F1', () => {
  // Class a: tp 1, predicted 2, true 2 → P ½, R ½; class b: tp 1, predicted 1, true 1 → P 1, R 1;
  // class c: predicted once (item 1) and true once (item 3), never both → P 0, R 0.
  const s = macroPrecisionRecallF1(['a', 'a', 'b', 'c'], ['a', 'c', 'b', 'a']);
  assertClose(s.precision, (0.5 + 1 + 0) / 3, 'precision');
  assertClose(s.recall, (0.5 + 1 + 0) / 3, 'recall');
  assertClose(s.f1, (0.5 + 1 + 0) / 3, 'f1');
  assert.equal(accuracy(['a', 'a', 'b', 'c'], ['a', 'c', 'b', 'a']), 0.5);
});

test('classification metrics agree with scikit-learn on random label vectors', () => {
  for (const c of SKLEARN_CASES) {
    assertClose(accuracy(c.truth, c.pred), c.accuracy, 'accuracy');
    const s = macroPrecisionRecallF1(c.truth, c.pred);
    assertClose(s.precision, c.precision, 'precision');
    assertClose(s.recall, c.recall, 'recall');
    assertClose(s.f1, c.f1, 'f1');
  }
});

test('perfect and worst classification', () => {
  assert.deepEqual(macroPrecisionRecallF1([0, 1, 2], [0, 1, 2]), { precision: 1, recall: 1, f1: 1 });
  assert.deepEqual(macroPrecisionRecallF1([0, 1, 2], [1, 2, 0]), { precision: 0, recall: 0, f1: 0 });
  assert.equal(accuracy([0, 1], [1, 0]), 0);
  assert.throws(() => accuracy([0], [0, 1]), /truth has 1 labels but pred has 2/);
});
