import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { Random } from '../../src/core/random.js';
import { loadAddon } from '../../src/backend/native/addon.js';
import { gruFeedbackDecode } from '../../src/nn/gru.js';
import { assertMatchesWithGradients, backendUnderTest, onBoth } from './compare.js';

// The native kernels flush subnormal floats to zero on every thread they run on, and leave
// JavaScript's own arithmetic alone (native/addon.cc).
const addon = backendUnderTest.name === 'native' && backendUnderTest.skip === false ? loadAddon() : null;
const skip = addon === null ? 'needs the native backend' : false;
const SMALLEST_NORMAL_F32 = 2 ** -126;
const isSubnormal = (v: number): boolean => v !== 0 && Math.abs(v) < SMALLEST_NORMAL_F32;

test('native kernels flush subnormals on every thread; JavaScript keeps them outside the kernels', { skip }, () => {
  addon!.setThreads(2);
  assert.equal(addon!.flushes(true), true, 'inside a kernel, on the calling thread and every OpenMP worker');
  // Large enough that both threads take a range (native/kernels.h, PARALLEL_MIN).
  const n = 1 << 17;
  const tiny = tf.fill([n], 1e-20);
  const subnormal = tf.fill([n], 1e-40);
  const products = tf.mul(tiny, tiny).dataSync();
  const scaled = tf.mul(subnormal, tf.fill([n], 1e30)).dataSync();
  assert.ok(products.every((v) => v === 0), 'results below the normal range are flushed (FTZ)');
  assert.ok(scaled.every((v) => v === 0), 'subnormal inputs read as zero (DAZ)');
  assert.equal(addon!.flushes(false), false, 'JavaScript\'s thread is restored after each kernel');
  const [f32Tiny, f64Tiny] = Float64Array.of(1e-40, 2.5e-308);
  assert.ok(isSubnormal(Math.fround(f32Tiny!)), 'float32 rounding in JavaScript keeps subnormals');
  assert.ok(f64Tiny! / 2 > 0, 'double arithmetic in JavaScript keeps subnormals');
  tf.dispose([tiny, subnormal]);
});

test('a GRU decoder whose state decays through the subnormal range: same outputs and gradients as cpu', { skip }, () => {
  // z = sigmoid(small) ~ 0.5 and n ~ 0 halve the state every step: from about 1, the float32
  // state passes 2^-126 near step 126 and reaches zero near step 150.
  const random = new Random(3);
  const batch = 3, units = 4, steps = 200;
  const small = (shape: number[], scale: number): (() => tf.Tensor) => {
    const values = Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => scale * random.normal());
    return () => tf.tensor(values, shape);
  };
  const inputs = [small([batch, 1], 1), small([batch, units], 1), small([1, 3 * units], 0.01),
    small([units, 3 * units], 0.01), () => tf.zeros([3 * units]), () => tf.zeros([3 * units]),
    small([units, 1], 0.5), () => tf.zeros([1])];
  const decode = (x: tf.Tensor, h: tf.Tensor, k: tf.Tensor, rk: tf.Tensor, b: tf.Tensor, rb: tf.Tensor, pk: tf.Tensor,
    pb: tf.Tensor): tf.Tensor => gruFeedbackDecode(x as tf.Tensor2D, h as tf.Tensor2D,
    { kernel: k as tf.Tensor2D, recurrentKernel: rk as tf.Tensor2D, bias: b as tf.Tensor1D, recurrentBias: rb as tf.Tensor1D },
    { kernel: pk as tf.Tensor2D, bias: pb as tf.Tensor1D }, steps);
  const { tested, reference } = onBoth(() => [decode(...inputs.map((f) => f()) as Parameters<typeof decode>)]);
  assert.ok(reference[0]!.some(isSubnormal), 'the cpu reference passes through subnormal outputs');
  assert.ok(!tested[0]!.some(isSubnormal), 'the native decoder flushes them');
  const target = Float32Array.from(reference[0]!, (v, i) => v + 0.1 * Math.sin(i));
  const loss = (y: Float32Array): number => y.reduce((acc, v, i) => acc + (v - target[i]!) ** 2, 0) / y.length;
  assert.ok(Math.abs(loss(tested[0]!) - loss(reference[0]!)) <= 1e-6 * loss(reference[0]!), 'same loss');
  assertMatchesWithGradients('decoder through the subnormal range', decode, () => inputs.map((f) => f()));
});
