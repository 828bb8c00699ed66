import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/backend/index.js';
import { Random } from '../../../src/core/random.js';
import { cutSubseries, sampleTriplets, tripletLoss } from '../../../src/models/deep/triplet-loss.js';
import { checkGradients } from './finite-differences.js';

await initBackend('cpu');

test('triplet sampling never takes a negative from the anchor\'s own series, and every cut lies inside its series', () => {
  const rng = new Random(5);
  const length = 12;
  for (let draw = 0; draw < 300; draw++) {
    const trainRows = 2 + (draw % 4);
    const rows = Int32Array.from({ length: trainRows }, (_, i) => i);
    const plan = sampleTriplets(rng, rows, trainRows, length, 3);
    assert.ok(plan.sampleLength >= 1 && plan.sampleLength <= plan.anchorLength && plan.anchorLength <= length);
    rows.forEach((row, i) => {
      const a = plan.anchorStarts[i]!;
      const p = plan.positiveStarts[i]!;
      assert.ok(a >= 0 && a + plan.anchorLength <= length);
      assert.ok(p >= a && p + plan.sampleLength <= a + plan.anchorLength, 'the positive lies inside the anchor');
      plan.negativeRows.forEach((negatives, k) => {
        assert.notEqual(negatives[i], row);
        assert.ok(negatives[i]! >= 0 && negatives[i]! < trainRows);
        assert.ok(plan.negativeStarts[k]![i]! + plan.sampleLength <= length);
      });
    });
  }
  assert.throws(() => sampleTriplets(rng, Int32Array.of(0), 1, length, 1), /at least 2 training series/);
});

test('cutSubseries takes the given window of every row', () => {
  const values = Float32Array.from({ length: 2 * 5 * 2 }, (_, i) => i);
  const cut = cutSubseries(values, 5, 2, Int32Array.of(1, 0), Int32Array.of(3, 0), 2).arraySync();
  assert.deepEqual(cut, [[[16, 17], [18, 19]], [[0, 1], [2, 3]]]);
});

test('the triplet loss has its closed form and its gradient matches finite differences', () => {
  const a = tf.tensor2d([[1, 0]]);
  const p = tf.tensor2d([[2, 0]]);
  const n = tf.tensor2d([[-1, 0]]);
  const logSigmoid = (v: number): number => -Math.log(1 + Math.exp(-v));
  assert.ok(Math.abs(tripletLoss(a, p, n).dataSync()[0]! - (-logSigmoid(2) - logSigmoid(1))) < 1e-6);
  const rng = new Random(9);
  const draw = (rows: number): tf.Tensor2D => tf.tensor2d(rng.normalArray(rows * 3), [rows, 3]);
  checkGradients((x, y, u) => tripletLoss(x as tf.Tensor2D, y as tf.Tensor2D, u as tf.Tensor2D, 0.7), [draw(4), draw(4), draw(8)]);
  checkGradients((x, y, u) => tripletLoss(x as tf.Tensor2D, y as tf.Tensor2D, u as tf.Tensor2D), [draw(3), draw(3), draw(3)]);
  // Two draws are the mean of each draw's loss term.
  const [x, y, u, v] = [draw(2), draw(2), draw(2), draw(2)];
  const both = tripletLoss(x, y, tf.concat([u, v])).dataSync()[0]!;
  const each = (tripletLoss(x, y, u, 0.5).dataSync()[0]! + tripletLoss(x, y, v, 0.5).dataSync()[0]!) - tripletLoss(x, y, u, 0).dataSync()[0]!;
  assert.ok(Math.abs(both - each) < 1e-5);
});
