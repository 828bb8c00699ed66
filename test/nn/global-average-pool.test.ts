import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/index.js';
import { Random } from '../../src/core/random.js';
import { globalAveragePool } from '../../src/nn/global-average-pool.js';
import { close } from './conv1d-check.js';

await initBackend('cpu');

test('global average pooling equals the mean over time, and so does its gradient', () => {
  const rng = new Random(4);
  const x = tf.tensor3d(rng.normalArray(3 * 7 * 5), [3, 7, 5]);
  const w = tf.tensor2d(rng.normalArray(3 * 5), [3, 5]);
  close(globalAveragePool(x).dataSync(), tf.mean(x, 1).dataSync(), 1e-6, 'pooled');
  const loss = (pooling: (v: tf.Tensor3D) => tf.Tensor) => (v: tf.Tensor) => tf.sum(tf.mul(pooling(v as tf.Tensor3D), w));
  close(tf.grad(loss(globalAveragePool))(x).dataSync(), tf.grad(loss((v) => tf.mean(v, 1)))(x).dataSync(), 1e-6, 'gradient');
});
