import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/backend/index.js';
import { OptionError } from '../../../src/core/errors.js';
import { Random } from '../../../src/core/random.js';
import { DTC, type DtcArgs } from '../../../src/models/deep/dtc.js';
import { klDivergence, studentT, targetDistribution } from '../../../src/models/deep/soft-assignment.js';
import { autocorrelations, SIMILARITIES, temporalDistances } from '../../../src/models/deep/temporal-similarity.js';
import { clusteringMethod } from '../../../src/models/registry.js';
import { maxPoolTime, repeatTime } from '../../../src/nn/temporal-pooling.js';
import { checkProgress, checkSeedAndRoundTrip, checkSeparates, twoShapes } from './estimator-checks.js';
import { checkGradients } from './finite-differences.js';

await initBackend('cpu');

const TINY: DtcArgs = { nClusters: 2, filters: 3, kernelSize: 3, poolSize: 2, units: [3, 1], pretrainEpochs: 2, epochs: 3, batchSize: 6, updateInterval: 2, tolerance: 0, seed: 1 };
const data = twoShapes();

test('pooling keeps each window\'s maximum, its gradient picks the first of tied maxima, and repetition undoes its length', () => {
  const x = tf.tensor3d([[[1], [3], [2], [0], [5]]]);
  assert.deepEqual(maxPoolTime(x, 2).arraySync(), [[[3], [2], [5]]]);
  // Two steps missing: TF.js's 'same' padding puts one before the first window, so windows are [-1, 2] and [3, 6].
  assert.deepEqual(maxPoolTime(tf.tensor3d([[[1], [5], [2], [3], [9], [0]]]), 4).arraySync(), [[[5], [9]]]);
  // The gradient goes to the first of tied maxima, also in a window of negative values.
  const tied = tf.grad((a: tf.Tensor) => tf.sum(maxPoolTime(a as tf.Tensor3D, 4)))(tf.tensor3d([[[5], [5], [2], [3], [-9], [-1], [-1], [-4]]]));
  assert.deepEqual(tied.dataSync(), Float32Array.from([1, 0, 0, 0, 0, 1, 0, 0]));
  assert.deepEqual(repeatTime(tf.tensor3d([[[3], [2], [5]]]), 2, 5).arraySync(), [[[3], [3], [2], [2], [5]]]);
});

test('the similarities: known values, and KL gradients through each match finite differences', () => {
  // Alternating signs: lag-1 autocorrelation -3/4, lag-2 2/4, lag-3 -1/4 (10 log10 4 = 6 lags, capped at 3).
  const acf = autocorrelations(tf.tensor2d([[1, -1, 1, -1]])).dataSync();
  [-0.75, 0.5, -0.25].forEach((v, i) => assert.ok(Math.abs(acf[i]! - v) < 1e-6));
  const a = tf.tensor2d([[1, 2, 3, 4]]);
  const d = temporalDistances('correlation', a, tf.tensor2d([[2, 4, 6, 8], [4, 3, 2, 1]])).dataSync();
  assert.ok(Math.abs(d[0]!) < 1e-5 && Math.abs(d[1]! - 4) < 1e-5, 'perfectly correlated: 0; anti-correlated: 2 * 2');
  const rng = new Random(4);
  const z = tf.tensor2d(rng.normalArray(4 * 6), [4, 6]);
  const c = tf.tensor2d(rng.normalArray(2 * 6), [2, 6]);
  for (const similarity of SIMILARITIES) {
    const q = studentT(temporalDistances(similarity, z, c));
    const p = tf.tensor2d(targetDistribution(q.dataSync(), 4, 2), [4, 2]);
    checkGradients((zz, cc) => klDivergence(p, studentT(temporalDistances(similarity, zz as tf.Tensor2D, cc as tf.Tensor2D))), [z, c]);
  }
});

test('bad options give OptionErrors naming them', () => {
  assert.throws(() => new DTC({ ...TINY, similarity: 'cid' as never }), (e: Error) => e instanceof OptionError && /similarity must be one of/.test(e.message));
  assert.throws(() => new DTC({ ...TINY, units: [3] as never }), /two BiLSTMs/);
  assert.throws(() => new DTC({ ...TINY, units: [3, 2], similarity: 'correlation' }), /units\[1\] must be 1/);
  assert.throws(() => new DTC({ ...TINY, poolSize: 0 }), /poolSize/);
});

test('dtc logs reconstruction and clustering losses with a flat tensor count; the latent is a sequence of ceil(T/P) steps', async () => {
  const model = new DTC(TINY);
  await checkProgress(model, data.x, ['clustering', 'reconstruction'], 3);
  assert.equal((await model.transform(data.x)).cols, 8);
  model.dispose();
});

test('dtc: same seed same result, and a saved model loads and predicts identically', async () => {
  await checkSeedAndRoundTrip(() => new DTC({ ...TINY, similarity: 'correlation' }), data.x);
});

test('dtc separates two trivially different shapes', async () => {
  await checkSeparates(new DTC({ ...TINY, pretrainEpochs: 20, epochs: 5 }), data);
});

test('dtc is registered', () => {
  const method = clusteringMethod('dtc');
  const model = method.create({ nClusters: 2, seed: 0, similarity: 'autocorrelation', poolSize: 4 }) as DTC;
  assert.equal(model.getConfig().similarity, 'autocorrelation');
  assert.equal(model.getConfig().poolSize, 4);
});
