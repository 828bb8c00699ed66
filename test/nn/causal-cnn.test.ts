import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/index.js';
import { Random } from '../../src/core/random.js';
import { DilatedAutoencoder } from '../../src/models/deep/dilated-autoencoder.js';
import { CausalCnnEncoder, causalCnnDilations } from '../../src/nn/causal-cnn.js';
import { CausalResidualBlock } from '../../src/nn/causal-residual-block.js';
import { Conv1D } from '../../src/nn/conv1d.js';
import { globalMaxPool } from '../../src/nn/global-max-pool.js';
import { leakyRelu } from '../../src/nn/leaky-relu.js';
import { Parameters } from '../../src/nn/parameters.js';
import { checkGradients } from '../models/deep/finite-differences.js';
import { close } from './conv1d-check.js';

await initBackend('cpu');

const TINY = { depth: 3, channels: 4, reducedSize: 5, kernelSize: 3 };

/** x [B,T,C] with seeded values, and a copy whose step `at` (every row, every channel) is changed. */
function inputAndChanged(rng: Random, shape: [number, number, number], at: number): [tf.Tensor3D, tf.Tensor3D] {
  const [B, T, C] = shape;
  const values = rng.uniformArray(B * T * C, -1, 1);
  const changed = Float32Array.from(values);
  for (let b = 0; b < B; b++) for (let c = 0; c < C; c++) changed[(b * T + at) * C + c]! += 1;
  return [tf.tensor3d(values, shape), tf.tensor3d(changed, shape)];
}

/** Asserts outputs [B,T,F] agree exactly before step `at` and differ at it. */
function assertCausal(a: tf.Tensor3D, b: tf.Tensor3D, at: number, what: string): void {
  const [B, T, F] = a.shape;
  const [va, vb] = [a.dataSync(), b.dataSync()];
  let differsAt = false;
  for (let n = 0; n < B; n++)
    for (let t = 0; t < T; t++)
      for (let f = 0; f < F; f++) {
        const i = (n * T + t) * F + f;
        if (t < at) assert.equal(va[i], vb[i], `${what}: output step ${t} changed by input step ${at}`);
        if (t === at && va[i] !== vb[i]) differsAt = true;
      }
  assert.ok(differsAt, `${what}: output step ${at} does not see input step ${at}`);
}

test('causal convolutions, blocks and the whole encoder: changing input step t changes no output before t', () => {
  const params = new Parameters();
  const rng = new Random(5);
  const conv = new Conv1D(params, rng, { name: 'conv', inputChannels: 2, filters: 3, kernelSize: 3, dilation: 4, padding: 'causal' });
  const block = new CausalResidualBlock(params, rng, { name: 'block', inputChannels: 2, filters: 3, kernelSize: 3, dilation: 2 });
  const encoder = new CausalCnnEncoder(params, rng, 'encoder', 2, TINY);
  for (const at of [0, 7, 19]) {
    const [x, changed] = inputAndChanged(rng, [2, 20, 2], at);
    for (const [what, layer] of [['conv', (h: tf.Tensor3D) => conv.apply(h)], ['block', (h: tf.Tensor3D) => block.apply(h)], ['encoder', (h: tf.Tensor3D) => encoder.features(h)]] as const) {
      const [a, b] = [layer(x), layer(changed)];
      assertCausal(a, b, at, `${what}, step ${at}`);
      tf.dispose([a, b]);
    }
    tf.dispose([x, changed]);
  }
  params.dispose();
});

test('the encoder doubles its dilation per block, ending with the reducing block', () => {
  assert.deepEqual(causalCnnDilations(3), [1, 2, 4, 8]);
  assert.deepEqual(causalCnnDilations(0), [1]);
});

test('shapes: encoder features and pooled vectors, the autoencoder\'s latent and reconstruction, any series length for the encoder', () => {
  const params = new Parameters();
  const rng = new Random(2);
  const network = new DilatedAutoencoder(params, rng, { latentSize: 6, architecture: TINY, length: 12, channels: 2 });
  const x = tf.tensor3d(rng.uniformArray(3 * 12 * 2, -1, 1), [3, 12, 2]);
  const z = network.encode(x);
  assert.deepEqual(z.shape, [3, 6]);
  const back = network.decode(z);
  assert.deepEqual(back.shape, [3, 12, 2]);
  const shorter = tf.slice(x, [0, 0, 0], [3, 5, 2]);
  const zShort = network.encode(shorter);
  assert.deepEqual(zShort.shape, [3, 6]);
  // Encoder and decoder blocks: (depth + 1) each, two convolutions with kernel and bias; the first
  // encoder block, the reducing one and the decoder's first and last change channels (1x1 shortcuts).
  const names = params.names();
  assert.equal(names.filter((n) => /conv[12]\/kernel$/.test(n)).length, 2 * 2 * (TINY.depth + 1));
  assert.deepEqual(names.filter((n) => n.endsWith('shortcut/kernel')), ['encoder/block1/shortcut/kernel', 'encoder/block4/shortcut/kernel', 'decoder/block1/shortcut/kernel', 'decoder/block4/shortcut/kernel']);
  tf.dispose([x, z, back, shorter, zShort]);
  params.dispose();
});

test('gradients of a dilated causal convolution and of a causal block match finite differences (input and kernels)', () => {
  const params = new Parameters();
  const rng = new Random(11);
  const conv = new Conv1D(params, rng, { name: 'conv', inputChannels: 2, filters: 2, kernelSize: 3, dilation: 2, padding: 'causal' });
  const block = new CausalResidualBlock(params, rng, { name: 'block', inputChannels: 2, filters: 3, kernelSize: 3, dilation: 2 });
  const x = tf.tensor3d(rng.uniformArray(1 * 7 * 2, -1, 1), [1, 7, 2]);
  const weightsOf = (channels: number): tf.Tensor3D => tf.tensor3d(rng.uniformArray(7 * channels, -1, 1), [1, 7, channels]);
  const [wConv, wBlock] = [weightsOf(2), weightsOf(3)];
  checkGradients((input) => tf.sum(tf.mul(conv.apply(input as tf.Tensor3D), wConv)), [x]);
  // A small step: LeakyReLU has a kink at 0, which a step of 1e-2 may cross.
  checkGradients((input) => tf.sum(tf.mul(block.apply(input as tf.Tensor3D), wBlock)), [x], 1e-3);
  // Kernels: the analytic gradient against finite differences of the loss in each weight.
  const loss = (): tf.Scalar => tf.sum(tf.mul(block.apply(conv.apply(x)), wBlock));
  const kernels = params.names().filter((n) => n.endsWith('kernel')).map((n) => params.get(n));
  const { grads, value } = tf.variableGrads(loss, kernels);
  for (const kernel of kernels) {
    const analytic = grads[kernel.name]!.dataSync();
    const base = Float32Array.from(kernel.dataSync());
    for (let i = 0; i < base.length; i++) {
      const at = (delta: number): number => {
        const moved = Float32Array.from(base);
        moved[i]! += delta;
        tf.tidy(() => kernel.assign(tf.tensor(moved, kernel.shape)));
        return tf.tidy(() => loss().dataSync()[0]!);
      };
      const numeric = (at(1e-3) - at(-1e-3)) / 2e-3;
      tf.tidy(() => kernel.assign(tf.tensor(base, kernel.shape)));
      assert.ok(Math.abs(numeric - analytic[i]!) <= 2e-3 * Math.max(1, Math.abs(numeric)), `${kernel.name}[${i}]: analytic ${analytic[i]}, numeric ${numeric}`);
    }
  }
  tf.dispose([x, wConv, wBlock, value, ...Object.values(grads)]);
  params.dispose();
});

test('leakyRelu and globalMaxPool agree with TF.js\'s own ops, values and gradients', () => {
  const rng = new Random(4);
  const x = tf.tensor3d(rng.uniformArray(2 * 9 * 3, -1, 1), [2, 9, 3]);
  const w = tf.tensor2d(rng.uniformArray(2 * 3, -1, 1), [2, 3]);
  const pairs: [string, (h: tf.Tensor3D) => tf.Tensor, (h: tf.Tensor3D) => tf.Tensor][] = [
    ['leakyRelu', (h) => leakyRelu(h, 0.01), (h) => tf.leakyRelu(h, 0.01)],
    ['globalMaxPool', (h) => globalMaxPool(h), (h) => tf.max(h, 1)],
  ];
  for (const [what, ours, theirs] of pairs) {
    const [a, b] = [ours(x), theirs(x)];
    close(a.dataSync(), b.dataSync(), 1e-7, `${what} value`);
    const loss = (f: (h: tf.Tensor3D) => tf.Tensor) => (h: tf.Tensor) => tf.sum(tf.mul(f(h as tf.Tensor3D), what === 'leakyRelu' ? h : w));
    const [ga, gb] = [tf.grad(loss(ours))(x), tf.grad(loss(theirs))(x)];
    close(ga.dataSync(), gb.dataSync(), 1e-6, `${what} gradient`);
    tf.dispose([a, b, ga, gb]);
  }
  tf.dispose([x, w]);
});
