import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adjustedRandIndex } from '../../src/evaluation/metrics/adjusted-rand-index.js';
import { clusteringAccuracy } from '../../src/evaluation/metrics/clustering-accuracy.js';
import { clusteringScores } from '../../src/evaluation/metrics/clustering-scores.js';
import { normalizedMutualInformation } from '../../src/evaluation/metrics/normalized-mutual-information.js';
import { randIndex } from '../../src/evaluation/metrics/rand-index.js';
import { Random } from '../../src/core/random.js';
import { assertClose, SKLEARN_CASES } from './sklearn-cases.js';

test('hand-worked case: truth [0,0,1,1], pred [0,0,0,1]', () => {
  // Pairs (6): together in both {01}; truth only {23}; pred only {02,12}; apart in both {03,13}.
  assert.equal(randIndex([0, 0, 1, 1], [0, 0, 0, 1]), 3 / 6);
  // ARI = 2(tp·tn − fn·fp) / ((tp+fn)(fn+tn) + (tp+fp)(fp+tn)) with ordered pairs tp 2, tn 4, fn 2, fp 4.
  assertClose(adjustedRandIndex([0, 0, 1, 1], [0, 0, 0, 1]), (2 * (2 * 4 - 2 * 4)) / (4 * 6 + 6 * 8), 'ari');
  // Best matching: cluster 0 → class 0 (2 right), cluster 1 → class 1 (1 right).
  assert.equal(clusteringAccuracy([0, 0, 1, 1], [0, 0, 0, 1]), 3 / 4);
  // Joint distribution p(t,p) = {(0,0): ½, (1,0): ¼, (1,1): ¼}; marginals t (½,½), p (¾,¼).
  const mi = 0.5 * Math.log(0.5 / (0.5 * 0.75)) + 0.25 * Math.log(0.25 / (0.5 * 0.75)) + 0.25 * Math.log(0.25 / (0.5 * 0.25));
  const hTruth = Math.log(2);
  const hPred = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25));
  assertClose(normalizedMutualInformation([0, 0, 1, 1], [0, 0, 0, 1]), mi / Math.sqrt(hTruth * hPred), 'nmi geometric');
  assertClose(normalizedMutualInformation([0, 0, 1, 1], [0, 0, 0, 1], 'arithmetic'), mi / ((hTruth + hPred) / 2), 'nmi arithmetic');
});

test('clustering metrics agree with scikit-learn on random label vectors', () => {
  for (const c of SKLEARN_CASES) {
    assertClose(randIndex(c.truth, c.pred), c.ri, 'ri');
    assertClose(adjustedRandIndex(c.truth, c.pred), c.ari, 'ari');
    assertClose(normalizedMutualInformation(c.truth, c.pred), c.nmiGeometric, 'nmi geometric');
    assertClose(normalizedMutualInformation(c.truth, c.pred, 'arithmetic'), c.nmiArithmetic, 'nmi arithmetic');
    assertClose(clusteringAccuracy(c.truth, c.pred), c.acc, 'acc');
  }
});

test('clustering metrics do not change when cluster ids are permuted or renamed', () => {
  const random = new Random(12);
  for (const c of SKLEARN_CASES) {
    const ids = Array.from(new Set(c.pred));
    const permuted = random.shuffle([...ids]);
    const renamed = c.pred.map((p) => `cluster-${permuted[ids.indexOf(p)]}`);
    const before = clusteringScores(c.truth, c.pred);
    const after = clusteringScores(c.truth, renamed);
    for (const key of ['ri', 'nmi', 'ari', 'acc'] as const) assertClose(after[key], before[key], key);
    // Symmetric metrics do not care which labelling is the truth.
    assertClose(randIndex(c.pred, c.truth), before.ri, 'ri swapped');
    assertClose(adjustedRandIndex(c.pred, c.truth), before.ari, 'ari swapped');
    assertClose(normalizedMutualInformation(c.pred, c.truth), before.nmi, 'nmi swapped');
  }
});

test('perfect clustering scores 1 on every metric, whatever the ids', () => {
  const scores = clusteringScores([0, 0, 1, 1, 2, 2], [5, 5, 3, 3, 9, 9]);
  assert.deepEqual(scores, { ri: 1, nmi: 1, ari: 1, acc: 1 });
});

test('worst cases: pairs all split the other way, and labels independent of the truth', () => {
  // Every pair together in the truth is apart in the prediction and vice versa.
  assert.equal(randIndex([0, 0, 1, 1], [0, 1, 0, 1]), 2 / 6);
  assert.equal(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1]), -0.5);
  // A prediction independent of the truth shares no information.
  assert.equal(normalizedMutualInformation([0, 0, 1, 1], [0, 1, 0, 1]), 0);
  assert.equal(clusteringAccuracy([0, 0, 1, 1], [0, 1, 0, 1]), 0.5);
});

test('degenerate cases follow scikit-learn', () => {
  // One cluster in both: a perfect match.
  assert.equal(normalizedMutualInformation([1, 1, 1], [0, 0, 0]), 1);
  assert.equal(randIndex([1, 1, 1], [0, 0, 0]), 1);
  assert.equal(adjustedRandIndex([1, 1, 1], [0, 0, 0]), 1);
  // One side a single cluster, the other not: no shared information.
  assert.equal(normalizedMutualInformation([0, 1, 2, 3], [0, 0, 0, 0]), 0);
  assert.equal(normalizedMutualInformation([0, 0, 0, 0], [0, 1, 2, 3]), 0);
  assert.equal(adjustedRandIndex([0, 0, 0, 0], [0, 1, 2, 3]), 0);
  // Every item its own cluster on both sides: a perfect match.
  assert.equal(randIndex([0, 1, 2], [2, 0, 1]), 1);
  assert.equal(normalizedMutualInformation([0, 1, 2], [2, 0, 1]), 1);
  // Nothing or one item.
  assert.equal(randIndex([], []), 1);
  assert.equal(normalizedMutualInformation([], []), 1);
  assert.equal(clusteringAccuracy([], []), 1);
  assert.equal(randIndex([3], [4]), 1);
});

test('clustering accuracy handles more clusters than classes and the reverse', () => {
  // 3 clusters, 2 classes: the best two clusters match, the third counts as wrong.
  assert.equal(clusteringAccuracy([0, 0, 0, 1, 1, 1], [0, 0, 2, 1, 1, 1]), 5 / 6);
  assert.equal(clusteringAccuracy([0, 0, 2, 1, 1, 1], [0, 0, 0, 1, 1, 1]), 5 / 6);
});
