import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/backend/index.js';
import { Random } from '../../../src/core/random.js';
import { klDivergence, squaredDistances, studentT, targetDistribution } from '../../../src/models/deep/soft-assignment.js';
import { checkGradients } from './finite-differences.js';

await initBackend('cpu');

const rng = new Random(3);
const z = tf.tensor2d(rng.normalArray(5 * 3), [5, 3]);
const centroids = tf.tensor2d(rng.normalArray(2 * 3), [2, 3]);

test('squared distances match a plain computation and soft assignments sum to 1 per row', () => {
  const d = squaredDistances(z, centroids).arraySync();
  const zs = z.arraySync();
  const cs = centroids.arraySync();
  zs.forEach((row, i) => cs.forEach((c, j) => assert.ok(Math.abs(d[i]![j]! - row.reduce((s, v, k) => s + (v - c[k]!) ** 2, 0)) < 1e-5)));
  for (const alpha of [1, 0.5, 3]) {
    const q = studentT(squaredDistances(z, centroids), alpha).arraySync();
    for (const row of q) {
      assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-6);
      assert.ok(row.every((v) => v > 0));
    }
  }
});

test('the Student t kernel gives (1 + d²)^-1 normalised for alpha 1', () => {
  const q = studentT(tf.tensor2d([[0, 1], [3, 1]]), 1).arraySync();
  // Row 1: kernels 1 and 1/2 -> 2/3, 1/3. Row 2: 1/4 and 1/2 -> 1/3, 2/3.
  assert.ok(Math.abs(q[0]![0]! - 2 / 3) < 1e-6 && Math.abs(q[1]![1]! - 2 / 3) < 1e-6);
});

test('the target distribution of a hand-worked case', () => {
  // f = (1.4, 0.6); row 1: q²/f = (0.25/1.4, 0.25/0.6), normalised (0.3, 0.7);
  // row 2: (0.81/1.4, 0.01/0.6), normalised (0.972, 0.028).
  const p = targetDistribution([0.5, 0.5, 0.9, 0.1], 2, 2);
  [0.3, 0.7, 0.972, 0.028].forEach((expected, i) => assert.ok(Math.abs(p[i]! - expected) < 1e-6, `${i}: ${p[i]}`));
});

test('KL(P || Q) is 0 for P = Q and its gradient through the clustering layer matches finite differences', () => {
  const q = studentT(squaredDistances(z, centroids));
  assert.ok(Math.abs(klDivergence(q, q).dataSync()[0]!) < 1e-6);
  const p = tf.tensor2d(targetDistribution(q.dataSync(), 5, 2), [5, 2]);
  checkGradients((zz, cc) => klDivergence(p, studentT(squaredDistances(zz as tf.Tensor2D, cc as tf.Tensor2D))), [z, centroids]);
});
