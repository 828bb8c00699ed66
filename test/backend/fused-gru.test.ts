import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { Random } from '../../src/core/random.js';
import { dilatedGru } from '../../src/nn/dilation.js';
import { gruFeedbackDecode, gruSequence, type GruWeights } from '../../src/nn/gru.js';
import { assertMatchesWithGradients, assertStepsDoNotLeak, backendUnderTest, skipUnlessKernels } from './compare.js';

const skip = backendUnderTest.skip;
const random = new Random(5);
const normal = (shape: number[], scale = 1): (() => tf.Tensor) => {
  const values = Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => scale * random.normal());
  return () => tf.tensor(values, shape);
};

function weights(features: number, units: number): (() => tf.Tensor)[] {
  return [normal([features, 3 * units], 0.5), normal([units, 3 * units], 0.5), normal([3 * units], 0.3),
    normal([3 * units], 0.3)];
}

const gruWeights = (k: tf.Tensor, rk: tf.Tensor, b: tf.Tensor, rb: tf.Tensor): GruWeights =>
  ({ kernel: k as tf.Tensor2D, recurrentKernel: rk as tf.Tensor2D, bias: b as tf.Tensor1D, recurrentBias: rb as tf.Tensor1D });

/** Dilations and directions, with lengths that d does not divide, d beyond the length, batch 1 and length 1. */
const RECURRENCES = [
  { batch: 3, steps: 7, features: 2, units: 5, dilation: 1 },
  { batch: 1, steps: 1, features: 1, units: 1, dilation: 1 },
  { batch: 1, steps: 9, features: 3, units: 4, dilation: 1 },
  { batch: 2, steps: 1, features: 4, units: 3, dilation: 1 },
  { batch: 2, steps: 11, features: 3, units: 4, dilation: 2 },
  { batch: 4, steps: 23, features: 3, units: 8, dilation: 2 },
  { batch: 2, steps: 10, features: 2, units: 6, dilation: 4 },
  { batch: 3, steps: 37, features: 3, units: 8, dilation: 16 },
  { batch: 2, steps: 5, features: 1, units: 3, dilation: 16 },
  // Large enough that the steps of a block are shared between threads.
  { batch: 16, steps: 30, features: 3, units: 32, dilation: 4 },
].flatMap((c) => [false, true].map((reverse) => ({ ...c, reverse })));

test(`GRUs with a dilation and direction on ${backendUnderTest.name} match the cpu ops, with gradients: gruSequence from any h0, dilatedGru against folded time and reversed tensors`, { skip }, () => {
  for (const c of RECURRENCES) {
    const x = normal([c.batch, c.steps, c.features]);
    const h0 = normal([c.batch, c.units], 0.5);
    const w = weights(c.features, c.units);
    const sequence = (xs: tf.Tensor, h: tf.Tensor, k: tf.Tensor, rk: tf.Tensor, b: tf.Tensor, rb: tf.Tensor) =>
      gruSequence(xs as tf.Tensor3D, h as tf.Tensor2D, gruWeights(k, rk, b, rb), { dilation: c.dilation, reverse: c.reverse });
    const dilated = (xs: tf.Tensor, k: tf.Tensor, rk: tf.Tensor, b: tf.Tensor, rb: tf.Tensor) =>
      dilatedGru(xs as tf.Tensor3D, c.dilation, gruWeights(k, rk, b, rb), { reverse: c.reverse });
    assertMatchesWithGradients(`gruSequence ${JSON.stringify(c)}`, sequence as (...xs: tf.Tensor[]) => tf.Tensor,
      () => [x(), h0(), ...w.map((f) => f())]);
    assertMatchesWithGradients(`dilatedGru ${JSON.stringify(c)}`, dilated as (...xs: tf.Tensor[]) => tf.Tensor,
      () => [x(), ...w.map((f) => f())]);
  }
});

test(`gruFeedbackDecode on ${backendUnderTest.name} matches the cpu ops, with gradients (batch 1, one step)`, { skip }, () => {
  const cases = [
    { batch: 3, units: 5, steps: 6 },
    { batch: 1, units: 1, steps: 1 },
    { batch: 1, units: 4, steps: 9 },
    { batch: 5, units: 7, steps: 2 },
  ];
  for (const c of cases) {
    const x0 = normal([c.batch, 1]);
    const h0 = normal([c.batch, c.units], 0.5);
    const w = weights(1, c.units);
    const proj = [normal([c.units, 1], 0.5), normal([1], 0.2)];
    const decode = (x: tf.Tensor, h: tf.Tensor, k: tf.Tensor, rk: tf.Tensor, b: tf.Tensor, rb: tf.Tensor, pk: tf.Tensor, pb: tf.Tensor) =>
      gruFeedbackDecode(x as tf.Tensor2D, h as tf.Tensor2D,
        { kernel: k as tf.Tensor2D, recurrentKernel: rk as tf.Tensor2D, bias: b as tf.Tensor1D, recurrentBias: rb as tf.Tensor1D },
        { kernel: pk as tf.Tensor2D, bias: pb as tf.Tensor1D }, c.steps);
    assertMatchesWithGradients(`gruFeedbackDecode ${JSON.stringify(c)}`, decode as (...xs: tf.Tensor[]) => tf.Tensor,
      () => [x0(), h0(), ...w.map((f) => f()), ...proj.map((f) => f())]);
  }
});

test(`training steps on ${backendUnderTest.name} neither leak tensors nor grow memory`, { skip: skipUnlessKernels(tf.Conv2DBackpropFilter) }, () => {
  tf.setBackend(backendUnderTest.name);
  const x = tf.keep(normal([4, 30, 2])());
  const h0 = tf.keep(tf.zeros([4, 8]));
  const vars = [...weights(2, 8), ...weights(1, 8)].map((f) => tf.variable(f()));
  const proj = [tf.variable(normal([8, 1])()), tf.variable(normal([1])())];
  const filter = tf.variable(normal([5, 2, 3])());
  const optimizer = tf.train.adam(1e-3);
  const step = (): void => {
    const loss = optimizer.minimize(() => {
      const [k, rk, b, rb, dk, drk, db, drb] = vars as tf.Variable[];
      const hs = gruSequence(x as tf.Tensor3D, h0 as tf.Tensor2D,
        { kernel: k as tf.Tensor2D, recurrentKernel: rk as tf.Tensor2D, bias: b as tf.Tensor1D, recurrentBias: rb as tf.Tensor1D });
      const last = tf.squeeze(tf.slice(hs, [0, 29, 0], [4, 1, 8]), [1]) as tf.Tensor2D;
      const y = gruFeedbackDecode(tf.zeros([4, 1]), last,
        { kernel: dk as tf.Tensor2D, recurrentKernel: drk as tf.Tensor2D, bias: db as tf.Tensor1D, recurrentBias: drb as tf.Tensor1D },
        { kernel: proj[0] as tf.Tensor2D, bias: proj[1] as tf.Tensor1D }, 30);
      const conv = tf.conv1d(x as tf.Tensor3D, filter as tf.Tensor3D, 1, 'same');
      return tf.add(tf.mean(tf.square(tf.sub(y, tf.squeeze(tf.slice(x, [0, 0, 0], [4, 30, 1]), [2])))), tf.mean(tf.square(conv)));
    }, true);
    loss?.dispose();
  };
  assertStepsDoNotLeak(step);
  tf.dispose([x, h0, ...vars, ...proj, filter]);
  optimizer.dispose();
});
