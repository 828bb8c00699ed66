import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../../../src/backend/index.js';
import { OptionError } from '../../../src/core/errors.js';
import { ResNetAE, type ResNetAeArgs } from '../../../src/models/deep/resnet-ae.js';
import { clusteringMethod } from '../../../src/models/registry.js';
import { checkProgress, checkSeedAndRoundTrip, checkSeparates, twoShapes } from './estimator-checks.js';

await initBackend('cpu');

const TINY: ResNetAeArgs = { nClusters: 2, filters: [4, 6], kernelSizes: [3, 2], latentSize: 3, epochs: 3, batchSize: 6, negatives: 2, seed: 1 };
const data = twoShapes();

test('bad options give OptionErrors naming them', () => {
  assert.throws(() => new ResNetAE({ ...TINY, nClusters: 1 }), (e: Error) => e instanceof OptionError && /nClusters/.test(e.message));
  assert.throws(() => new ResNetAE({ ...TINY, filters: [] }), (e: Error) => e instanceof OptionError && /filters must list/.test(e.message));
  assert.throws(() => new ResNetAE({ ...TINY, tripletWeight: -1 }), /tripletWeight/);
  assert.throws(() => new ResNetAE({ ...TINY, learningRate: 0 }), /learningRate/);
});

test('resnet-ae logs reconstruction and triplet losses with a flat tensor count', async () => {
  const model = new ResNetAE(TINY);
  await checkProgress(model, data.x, ['reconstruction', 'triplet'], 3);
  assert.equal((await model.transform(data.x)).cols, 3);
  assert.equal(model.fitSummary()['epochsTrained'], 3);
  model.dispose();
});

test('resnet-ae: same seed same result, and a saved model loads and predicts identically', async () => {
  await checkSeedAndRoundTrip(() => new ResNetAE(TINY), data.x);
});

test('resnet-ae separates two trivially different shapes', async () => {
  await checkSeparates(new ResNetAE({ ...TINY, epochs: 15 }), data);
});

test('resnet-ae is registered with its options', () => {
  const method = clusteringMethod('resnet-ae');
  assert.equal(method.learnsFrom, 'train');
  assert.ok(method.inDtcrTable);
  const model = method.create({ nClusters: 3, seed: 2, epochs: 5, tripletWeight: 0 }) as ResNetAE;
  assert.equal(model.getConfig().epochs, 5);
  assert.equal(model.getConfig().tripletWeight, 0);
});
