import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { Random } from '../../src/core/random.js';
import { gruFeedbackDecode, gruSequence } from '../../src/nn/gru.js';
import { assertMatchesWithGradients, assertStepsDoNotLeak, backendUnderTest, skipUnlessKernels } from './compare.js';

const skip = backendUnderTest.skip;
const random = new Random(5);
const normal = (shape: number[], scale = 1): (() => tf.Tensor) => {
  const values = Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => scale * random.normal());
  return () => tf.tensor(values, shape);
};

/** Dilation as the models do it: time folded into the batch, [B,T,F] -> [B*d, ceil(T/d), F]. */
function fold(x: tf.Tensor, d: number): tf.Tensor3D {
  const [b, t, f] = x.shape as [number, number, number];
  const steps = Math.ceil(t / d);
  const padded = tf.pad(x, [[0, 0], [0, steps * d - t], [0, 0]]);
  return tf.reshape(tf.transpose(tf.reshape(padded, [b, steps, d, f]), [0, 2, 1, 3]), [b * d, steps, f]);
}

function weights(features: number, units: number): (() => tf.Tensor)[] {
  return [normal([features, 3 * units], 0.5), normal([units, 3 * units], 0.5), normal([3 * units], 0.3),
    normal([3 * units], 0.3)];
}

const sequenceOf = (d: number) => (x: tf.Tensor, h0: tf.Tensor, k: tf.Tensor, rk: tf.Tensor, b: tf.Tensor, rb: tf.Tensor) =>
  gruSequence(fold(x, d), h0 as tf.Tensor2D,
    { kernel: k as tf.Tensor2D, recurrentKernel: rk as tf.Tensor2D, bias: b as tf.Tensor1D, recurrentBias: rb as tf.Tensor1D });

test(`gruSequence on ${backendUnderTest.name} matches the cpu ops, with gradients (batch 1, length 1, dilation beyond the series)`, { skip }, () => {
  const cases = [
    { batch: 3, steps: 7, features: 2, units: 5, dilation: 1 },
    { batch: 1, steps: 1, features: 1, units: 1, dilation: 1 },
    { batch: 1, steps: 9, features: 3, units: 4, dilation: 1 },
    { batch: 2, steps: 1, features: 4, units: 3, dilation: 1 },
    { batch: 2, steps: 10, features: 2, units: 6, dilation: 4 },
    { batch: 2, steps: 5, features: 1, units: 3, dilation: 16 },
    { batch: 4, steps: 23, features: 3, units: 8, dilation: 2 },
  ];
  for (const c of cases) {
    const x = normal([c.batch, c.steps, c.features]);
    const h0 = normal([c.batch * c.dilation, c.units], 0.5);
    const w = weights(c.features, c.units);
    assertMatchesWithGradients(`gruSequence ${JSON.stringify(c)}`, sequenceOf(c.dilation) as (...xs: tf.Tensor[]) => tf.Tensor,
      () => [x(), h0(), ...w.map((f) => f())]);
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
