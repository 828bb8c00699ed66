import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { Random } from '../../src/core/random.js';
import { Adam } from '../../src/nn/adam.js';
import { assertClose, backendUnderTest } from './compare.js';

const random = new Random(23);
const big = random.normalArray(320 * 257);
const target = random.normalArray(320 * 257);
const small = random.normalArray(3);

/** Parameters and Adam state after a few steps (learning rate changed midway) on one backend. */
async function train(backend: string): Promise<Float32Array[]> {
  tf.setBackend(backend);
  // Sizes on both sides of the native thresholds (buffer pool, threads), and a scalar.
  const w = tf.variable(tf.tensor2d(big, [320, 257]));
  const b = tf.variable(tf.tensor1d(small));
  const s = tf.variable(tf.scalar(0.5));
  const goal = tf.tensor2d(target, [320, 257]);
  const optimizer = new Adam({ learningRate: 0.01 });
  for (let i = 0; i < 6; i++) {
    if (i === 3) optimizer.setRate(0.003);
    optimizer.minimize(() => tf.add(tf.sum(tf.square(tf.sub(tf.mul(w, s), goal))), tf.sum(tf.square(tf.sub(b, s)))) as tf.Scalar,
      false, [w, b, s]);
  }
  const state = await optimizer.stateSnapshot(['w', 'b', 's']);
  const out = [...[w, b, s].map((v) => Float32Array.from(v.dataSync())), ...state.map((e) => Float32Array.from(e.values))];
  tf.dispose([w, b, s, goal]);
  optimizer.dispose();
  return out;
}

test(`Adam on ${backendUnderTest.name} steps as on cpu (the fused update where the backend has it), moments included`, { skip: backendUnderTest.skip }, async () => {
  const reference = await train('cpu');
  const tested = await train(backendUnderTest.name);
  assertClose('Adam parameters and state after 6 steps', tested, reference, 1e-5);
});
