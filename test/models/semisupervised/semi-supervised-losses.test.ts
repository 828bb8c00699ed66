import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/backend/index.js';
import { Random } from '../../../src/core/random.js';
import { consistencyLoss, maskedMeanCrossEntropy, pseudoLabelLoss } from '../../../src/models/semisupervised/semi-supervised-losses.js';
import { rampUpWeight } from '../../../src/models/semisupervised/mean-teacher.js';
import { confidentLabels } from '../../../src/models/semisupervised/self-training.js';
import { negativePartners } from '../../../src/models/semisupervised/semitime.js';

await initBackend('cpu');

const rows = 5;
const classes = 3;
const rng = new Random(11);
const logits = (): tf.Tensor2D => tf.tensor2d(rng.normalArray(rows * classes, 0, 2), [rows, classes]);
const mask = tf.tensor1d([1, 0, 1, 1, 0]);
const softTargets = tf.softmax(logits());

/** The losses under test, each a function of the logits the gradient flows into. */
const losses: Record<string, (x: tf.Tensor2D) => tf.Scalar> = {
  'masked cross-entropy': (x) => maskedMeanCrossEntropy(x, softTargets, mask),
  // a weak view of large logits so that some rows pass the threshold and some do not
  'pseudo-label (strong view)': (x) => pseudoLabelLoss(tf.tensor2d([4, 0, 0, 0, 0.1, 0, 0, 0, 5, 0, 6, 0, 0, 0, 7], [rows, classes]), x, mask, 0.9),
  consistency: (x) => consistencyLoss(x, softTargets, mask),
};

function gradientOf(loss: (x: tf.Tensor2D) => tf.Scalar, x: tf.Tensor2D): tf.Tensor {
  return tf.grad((input: tf.Tensor) => loss(input as tf.Tensor2D))(x);
}

test('each loss ignores the rows its mask excludes: their logits change nothing and get no gradient', () => {
  for (const [name, loss] of Object.entries(losses)) {
    const x = logits();
    const changed = x.arraySync();
    changed[1] = [9, -9, 3];
    changed[4] = [-5, 5, 0];
    const y = tf.tensor2d(changed);
    assert.ok(Math.abs(loss(x).dataSync()[0]! - loss(y).dataSync()[0]!) < 1e-6, name);
    const gradient = gradientOf(loss, x).arraySync() as number[][];
    assert.ok(gradient[1]!.every((g) => g === 0), name);
    assert.ok(gradient[4]!.every((g) => g === 0), name);
    assert.ok(gradient[0]!.some((g) => g !== 0), `${name}: kept rows do get a gradient`);
  }
});

test('each loss has the gradient of its finite differences', () => {
  for (const [name, loss] of Object.entries(losses)) {
    const x = logits();
    const analytic = gradientOf(loss, x).dataSync();
    const values = x.dataSync();
    const h = 1e-2;
    for (let i = 0; i < values.length; i++) {
      const plus = Float32Array.from(values);
      const minus = Float32Array.from(values);
      plus[i] += h;
      minus[i] -= h;
      const numeric = (loss(tf.tensor2d(plus, [rows, classes])).dataSync()[0]! - loss(tf.tensor2d(minus, [rows, classes])).dataSync()[0]!) / (2 * h);
      assert.ok(Math.abs(numeric - analytic[i]!) < 2e-3 + 2e-2 * Math.abs(numeric), `${name}, logit ${i}: ${analytic[i]} vs ${numeric}`);
    }
  }
});

test('the pseudo-label loss: no gradient into the weak view, unconfident rows count in the mean but add nothing', () => {
  const strong = logits();
  const weakGradient = gradientOf((weak) => pseudoLabelLoss(weak, strong, mask, 0.5), logits()).dataSync();
  assert.ok(weakGradient.every((g) => g === 0));
  // rows 0, 2, 3 kept; only row 0 is confident: the loss is row 0's CE over 3 rows
  const weak = tf.tensor2d([4, 0, 0, 5, 5, 5, 0.1, 0, 0, 0, 0, 0.2, 0, 0, 0], [rows, classes]);
  const rowZero = -tf.logSoftmax(strong).arraySync()[0]![0]!;
  assert.ok(Math.abs(pseudoLabelLoss(weak, strong, mask, 0.9).dataSync()[0]! - rowZero / 3) < 1e-5);
  assert.equal(pseudoLabelLoss(weak, strong, tf.zeros([rows]) as tf.Tensor1D, 0.9).dataSync()[0], 0);
});

test('the consistency cost is zero when the student agrees with the teacher, and known otherwise', () => {
  const x = logits();
  assert.ok(Math.abs(consistencyLoss(x, tf.softmax(x), mask).dataSync()[0]!) < 1e-7);
  const uniform = tf.fill([rows, 2], 0.5) as tf.Tensor2D;
  const oneSided = tf.tensor2d([[0, Math.log(3)], [0, 0], [0, Math.log(3)], [0, Math.log(3)], [0, 0]]);
  // softmax (0.25, 0.75) against (0.5, 0.5): squared differences 1/16 each, averaged over classes
  assert.ok(Math.abs(consistencyLoss(oneSided, uniform, mask).dataSync()[0]! - 1 / 16) < 1e-6);
});

test('ramp-up, confident labels and negative partners', () => {
  assert.ok(Math.abs(rampUpWeight(0, 10) - Math.exp(-5)) < 1e-12);
  assert.equal(rampUpWeight(10, 10), 1);
  assert.equal(rampUpWeight(3, 0), 1);
  assert.ok(rampUpWeight(5, 10) > rampUpWeight(4, 10));
  const labels = confidentLabels(Int32Array.from([1, -1, -1, 0]), [[0, 1], [0.95, 0.05], [0.6, 0.4], [0.99, 0.01]], 0.9);
  assert.deepEqual([...labels], [1, 0, -1, 0]);
  for (let seed = 0; seed < 20; seed++) {
    const partners = negativePartners(5, new Random(seed));
    partners.forEach((p, i) => assert.notEqual(p, i));
    assert.deepEqual([...partners].sort(), [0, 1, 2, 3, 4]);
  }
});
