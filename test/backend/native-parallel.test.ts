import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { Random } from '../../src/core/random.js';
import { BatchNorm } from '../../src/nn/batch-norm.js';
import { gruSequence } from '../../src/nn/gru.js';
import { Parameters } from '../../src/nn/parameters.js';
import { assertClose, assertMatchesWithGradients, backendUnderTest, onBoth, skipUnlessKernels } from './compare.js';

// The native addon shares loops over 65536 or more elements between threads: these inputs are
// large enough for every shared loop (and uneven, so the ranges differ in length).
const skip = backendUnderTest.skip;
const random = new Random(29);
const normal = (shape: number[], scale = 1): (() => tf.Tensor) => {
  const values = Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => scale * random.normal());
  return () => tf.tensor(values, shape);
};

test(`large elementwise, broadcast and layout ops on ${backendUnderTest.name} match cpu`, { skip }, () => {
  const [a, b, row, c] = [normal([70001]), normal([70001]), normal([257]), normal([301, 257])];
  const cube = normal([41, 50, 37]);
  const { tested, reference } = onBoth(() => [tf.mul(a(), b()), tf.add(c(), row()), tf.sub(row(), c()), tf.sigmoid(a()),
    tf.relu(c()), tf.transpose(cube(), [2, 0, 1]), tf.reverse(cube(), 1), tf.slice(cube(), [1, 2, 3], [39, 45, 30])]);
  assertClose('large ops', tested, reference);
});

test(`a large convolution on ${backendUnderTest.name} matches cpu, with gradients`, { skip: skipUnlessKernels(tf.Conv2D, tf.Conv2DBackpropInput, tf.Conv2DBackpropFilter) }, () => {
  const [x, w] = [normal([9, 301, 24]), normal([5, 24, 16], 0.3)];
  assertMatchesWithGradients('conv1d [9,301,24] * [5,24,16]', (v, f) => tf.conv1d(v as tf.Tensor3D, f as tf.Tensor3D, 1, 'same'),
    () => [x(), w()], 1e-3);
});

test(`large matrix products on ${backendUnderTest.name} match cpu, split by rows and by columns, every transpose`, { skip }, () => {
  // Tall products are shared between threads by rows, wide ones by columns (native/matmul.cc, gemm).
  const [tall, tallT, k1] = [normal([1001, 67]), normal([67, 1001]), normal([67, 33])];
  const [wide, wideT, k2] = [normal([33, 67]), normal([67, 33]), normal([67, 1001])];
  const { tested, reference } = onBoth(() => [tf.matMul(tall(), k1()), tf.matMul(tallT(), k1(), true), tf.matMul(k1(), tall(), true, true),
    tf.matMul(wide(), k2()), tf.matMul(wideT(), k2(), true), tf.matMul(wide(), tf.transpose(k2()), false, true)]);
  assertClose('matMul', tested, reference, 1e-4);
});

test(`a large 1x1 convolution on ${backendUnderTest.name} matches cpu, with gradients`, { skip: skipUnlessKernels(tf.Conv2D, tf.Conv2DBackpropInput, tf.Conv2DBackpropFilter) }, () => {
  const [x, w] = [normal([7, 303, 24]), normal([1, 24, 40], 0.3)];
  assertMatchesWithGradients('conv1d [7,303,24] * [1,24,40]', (v, f) => tf.conv1d(v as tf.Tensor3D, f as tf.Tensor3D, 1, 'same'),
    () => [x(), w()], 1e-3);
});

test(`a large training-mode BatchNorm, alone and as the residual end relu(BN(a) + BN(b)), on ${backendUnderTest.name} matches cpu, with gradients`, { skip }, () => {
  const [x, shortcut] = [normal([3, 601, 64], 2), normal([3, 601, 64])];
  const { tested, reference } = onBoth(() => {
    const params = new Parameters();
    const [bn, shortcutBn] = ['bn', 'shortcut'].map((name) => new BatchNorm(params, { name, channels: 64 }));
    const [xs, s] = [x(), shortcut()];
    const w = tf.randomNormal(xs.shape, 0, 1, 'float32', 3);
    const end = (v: tf.Tensor, u: tf.Tensor): tf.Tensor => bn!.applyAddRelu(v, shortcutBn!, u, true);
    const out = [bn!.apply(xs, true), tf.grad((v: tf.Tensor) => tf.sum(tf.mul(bn!.apply(v, true), w)))(xs),
      end(xs, s), ...tf.grads((v: tf.Tensor, u: tf.Tensor) => tf.sum(tf.mul(end(v, u), w)))([xs, s])];
    params.dispose();
    return out;
  });
  assertClose('BatchNorm and relu(BN(a) + BN(b)) [3,601,64]', tested, reference, 1e-3);
});

test(`a GRU over a large batch on ${backendUnderTest.name} matches the cpu ops, with gradients`, { skip }, () => {
  const units = 64;
  const inputs = [normal([257, 3, 2]), normal([257, units], 0.5), normal([2, 3 * units], 0.5), normal([units, 3 * units], 0.3),
    normal([3 * units], 0.3), normal([3 * units], 0.3)];
  const sequence = (x: tf.Tensor, h0: tf.Tensor, k: tf.Tensor, rk: tf.Tensor, b: tf.Tensor, rb: tf.Tensor) =>
    gruSequence(x as tf.Tensor3D, h0 as tf.Tensor2D,
      { kernel: k as tf.Tensor2D, recurrentKernel: rk as tf.Tensor2D, bias: b as tf.Tensor1D, recurrentBias: rb as tf.Tensor1D });
  assertMatchesWithGradients('gruSequence batch 257, 64 units', sequence as (...xs: tf.Tensor[]) => tf.Tensor,
    () => inputs.map((f) => f()), 1e-3);
});
