import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/index.js';
import { Random } from '../../src/core/random.js';
import { BatchNorm } from '../../src/nn/batch-norm.js';
import { close } from './conv1d-check.js';
import { maskedCrossEntropy } from '../../src/nn/cross-entropy.js';
import { miniBatches } from '../../src/nn/mini-batches.js';
import { Parameters } from '../../src/nn/parameters.js';

await initBackend('cpu');


test('batch norm: batch statistics and moving averages in training, moving ones in inference', () => {
  const params = new Parameters();
  const bn = new BatchNorm(params, { name: 'bn', channels: 2, momentum: 0.9, epsilon: 0.01 });
  bn.gamma.assign(tf.tensor1d([2, 1]));
  bn.beta.assign(tf.tensor1d([0.5, -1]));
  // channel 0 holds 1..4 (mean 2.5, biased variance 1.25); channel 1 holds 0, 0, 2, 2 (mean 1, variance 1).
  const x = tf.tensor3d([1, 0, 2, 0, 3, 2, 4, 2], [2, 2, 2]);
  const y = bn.apply(x, true);
  const expected = [1, 2, 3, 4].map((v) => (2 * (v - 2.5)) / Math.sqrt(1.25 + 0.01) + 0.5);
  const expected1 = [0, 0, 2, 2].map((v) => (v - 1) / Math.sqrt(1 + 0.01) - 1);
  close(y.dataSync(), [expected[0]!, expected1[0]!, expected[1]!, expected1[1]!, expected[2]!, expected1[2]!, expected[3]!, expected1[3]!], 1e-5, 'training output');
  close(bn.movingMean.dataSync(), [0.25, 0.1], 1e-6, 'moving mean');
  close(bn.movingVariance.dataSync(), [0.9 + 0.125, 0.9 + 0.1], 1e-6, 'moving variance');
  const z = bn.apply(x, false);
  const inference = [1, 0, 2, 0, 3, 2, 4, 2].map((v, i) =>
    i % 2 === 0 ? (2 * (v - 0.25)) / Math.sqrt(1.025 + 0.01) + 0.5 : (v - 0.1) / Math.sqrt(1.0 + 0.01) - 1,
  );
  close(z.dataSync(), inference, 1e-5, 'inference output');
  close(bn.movingMean.dataSync(), [0.25, 0.1], 1e-6, 'inference leaves the moving mean');
  tf.dispose([x, y, z]);
  params.dispose();
});

test('batch norm gradients equal those of the same formula written with plain ops', () => {
  const params = new Parameters();
  const bn = new BatchNorm(params, { name: 'bn', channels: 3 });
  const rng = new Random(5);
  const x = tf.tensor3d(rng.uniformArray(2 * 4 * 3, -2, 2), [2, 4, 3]);
  const weights = tf.tensor3d(rng.uniformArray(24, -1, 1), [2, 4, 3]);
  const viaLayer = tf.grads((input: tf.Tensor) => tf.sum(tf.mul(bn.apply(input as tf.Tensor3D, true), weights)))([x]);
  const viaOps = tf.grads((input: tf.Tensor) => {
    const mean = tf.mean(input, [0, 1]);
    const variance = tf.mean(tf.square(tf.sub(input, mean)), [0, 1]);
    return tf.sum(tf.mul(tf.div(tf.sub(input, mean), tf.sqrt(tf.add(variance, 1e-3))), weights));
  })([x]);
  close(viaLayer[0]!.dataSync(), viaOps[0]!.dataSync(), 1e-4, 'dL/dx');
  tf.dispose([x, weights, ...viaLayer, ...viaOps]);
  params.dispose();
});

test('masked cross-entropy: masked rows give zero gradient and zero loss', () => {
  const logits = tf.tensor2d([2, -1, 0.5, 0.3, 1, 1, -2, 4], [4, 2]);
  const targets = tf.tensor2d([1, 0, 0, 1, 0.3, 0.7, 1, 0], [4, 2]);
  const mask = tf.tensor1d([1, 0, 1, 0]);
  const [grad] = tf.grads((z: tf.Tensor) => maskedCrossEntropy(z as tf.Tensor2D, targets, mask))([logits]);
  const g = grad!.dataSync();
  for (const i of [2, 3, 6, 7]) assert.equal(Math.abs(g[i]!), 0, `gradient ${i}`);
  assert.ok(Math.abs(g[0]!) > 0 && Math.abs(g[4]!) > 0);
  const loss = maskedCrossEntropy(logits, targets, mask).dataSync()[0]!;
  const ce = (z: number[], t: number[]): number => {
    const lse = Math.log(Math.exp(z[0]!) + Math.exp(z[1]!));
    return -(t[0]! * (z[0]! - lse) + t[1]! * (z[1]! - lse));
  };
  // Keras's reduction: the masked sum over the whole batch size.
  assert.ok(Math.abs(loss - (ce([2, -1], [1, 0]) + ce([1, 1], [0.3, 0.7])) / 4) < 1e-6);
  tf.dispose([logits, targets, mask, grad!]);
});

test('mini-batches cover every row once per epoch, seeded', () => {
  const batches = miniBatches(10, 4, new Random(3));
  assert.deepEqual(batches.map((b) => b.length), [4, 4, 2]);
  assert.deepEqual([...batches.flatMap((b) => [...b])].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(miniBatches(10, 4, new Random(3)), batches);
  assert.throws(() => miniBatches(10, 0, new Random(3)), /batch size/);
});
