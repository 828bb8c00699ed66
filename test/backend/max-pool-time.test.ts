import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { MAX_POOL_TIME } from '../../src/backend/index.js';
import { Random } from '../../src/core/random.js';
import { DTC } from '../../src/models/deep/dtc.js';
import { leakyRelu } from '../../src/nn/leaky-relu.js';
import { maxPoolTime } from '../../src/nn/temporal-pooling.js';
import { twoShapes } from '../models/deep/estimator-checks.js';
import { assertClose, assertStepsDoNotLeak, backendUnderTest, runOn } from './compare.js';

const skip = backendUnderTest.skip;
const random = new Random(17);

interface PoolCase { batch: number; steps: number; channels: number; pool: number; slope: number; values: 'normal' | 'ties' }

/** Values and the gradient of a weighted sum of `pool`'s output, on `backend`. */
function valueAndGradient(backend: string, pool: (x: tf.Tensor3D) => tf.Tensor, x: number[], shape: number[], weights: number[]): Float32Array[] {
  return runOn(backend, () => {
    const input = tf.tensor3d(x, shape as [number, number, number]);
    const y = pool(input);
    const dx = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(pool(a as tf.Tensor3D), tf.tensor(weights, y.shape))))(input);
    return [y, dx];
  });
}

/** TF.js's own pooling ('same' padding) after the leaky ReLU, as maxPoolTime's reference. */
function tfjsPool(x: tf.Tensor3D, pool: number, slope: number): tf.Tensor {
  const [batch, steps, channels] = x.shape;
  const activated = slope === 1 ? x : leakyRelu(x, slope);
  return tf.maxPool(tf.reshape<tf.Rank.R4>(activated, [batch, 1, steps, channels]), [1, pool], [1, pool], 'same');
}

const CASES: PoolCase[] = [
  { batch: 3, steps: 37, channels: 5, pool: 4, slope: 0.3, values: 'normal' },  // 3 steps missing: 1 before, 2 after
  { batch: 2, steps: 16, channels: 3, pool: 4, slope: 1, values: 'normal' },    // whole windows
  { batch: 2, steps: 10, channels: 2, pool: 4, slope: 1, values: 'normal' },    // 2 missing: 1 before, 1 after
  { batch: 1, steps: 3, channels: 2, pool: 5, slope: 0.3, values: 'normal' },   // one window longer than the series
  { batch: 2, steps: 7, channels: 3, pool: 1, slope: 0.3, values: 'normal' },
  { batch: 3, steps: 29, channels: 4, pool: 8, slope: 0.3, values: 'ties' },    // ties, zeros, all-negative windows
  { batch: 2, steps: 12, channels: 3, pool: 3, slope: 1, values: 'ties' },
  { batch: 4, steps: 301, channels: 60, pool: 8, slope: 0.3, values: 'ties' },  // large enough to share between threads
];

function inputOf(c: PoolCase): number[] {
  const n = c.batch * c.steps * c.channels;
  // Ties: values from {-2, -1, 0, 1}, so most windows repeat their maximum and many hold only values <= 0.
  return Array.from({ length: n }, () => (c.values === 'ties' ? random.int(4) - 2 : random.normal()));
}

test(`maxPoolTime on ${backendUnderTest.name} and on cpu gives TF.js cpu's maxPool and its gradient (first of tied maxima, 'same' padding)`, { skip }, () => {
  for (const c of CASES) {
    const x = inputOf(c);
    const shape = [c.batch, c.steps, c.channels];
    const weights = Array.from({ length: c.batch * Math.ceil(c.steps / c.pool) * c.channels }, () => random.normal());
    const reference = valueAndGradient('cpu', (a) => tfjsPool(a, c.pool, c.slope), x, shape, weights);
    for (const backend of new Set(['cpu', backendUnderTest.name])) {
      const tested = valueAndGradient(backend, (a) => maxPoolTime(a, c.pool, { slope: c.slope }), x, shape, weights);
      assertClose(`maxPoolTime on ${backend} ${JSON.stringify(c)}`, tested, reference, 1e-6);
    }
  }
});

test(`maxPoolTime runs as one kernel on native, and training steps through it keep the tensor count`, { skip: skip || (backendUnderTest.name !== 'native' && 'the kernel is native only') }, () => {
  tf.setBackend(backendUnderTest.name);
  assert.ok(tf.getKernel(MAX_POOL_TIME, 'native') !== undefined);
  const x = tf.keep(tf.tensor3d(inputOf(CASES[0]!), [3, 37, 5]));
  const w = tf.variable(tf.ones([5]));
  const optimizer = tf.train.adam(1e-3);
  const step = (): void => {
    optimizer.minimize(() => tf.mean(tf.square(maxPoolTime(tf.mul(x, w) as tf.Tensor3D, 4, { slope: 0.3 }))), true)?.dispose();
  };
  assertStepsDoNotLeak(step);
  tf.dispose([x, w]);
  optimizer.dispose();
});

test(`a tiny DTC fit on ${backendUnderTest.name} logs the losses of a fit on cpu`, { skip }, async () => {
  const data = twoShapes(8, 15);
  const losses = async (backend: string): Promise<Float32Array[]> => {
    tf.setBackend(backend);
    const logged: number[] = [];
    const model = new DTC({ nClusters: 2, filters: 4, kernelSize: 3, poolSize: 4, units: [3, 1], pretrainEpochs: 3, epochs: 2, batchSize: 4, seed: 3 });
    await model.fit(data.x, {
      onProgress: (event) => {
        if (event.losses !== undefined) logged.push(...Object.values(event.losses));
      },
    });
    model.dispose();
    assert.ok(logged.length > 0, 'the fit logs losses');
    return [Float32Array.from(logged)];
  };
  assertClose('DTC losses', await losses(backendUnderTest.name), await losses('cpu'), 1e-4);
});
