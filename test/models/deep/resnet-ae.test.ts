import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../../../src/backend/index.js';
import { OptionError } from '../../../src/core/errors.js';
import { ResNetAE, type ResNetAeArgs } from '../../../src/models/deep/resnet-ae.js';
import { clusteringMethod } from '../../../src/models/registry.js';
import { checkProgress, checkSeedAndRoundTrip, checkSeparates, twoShapes } from './estimator-checks.js';

await initBackend('cpu');

const TINY: ResNetAeArgs = { nClusters: 2, filters: [4, 6], kernelSizes: [3, 2], latentSize: 3, epochs: 3, batchSize: 6, negatives: 2, seed: 1 };
const DILATED: ResNetAeArgs = { ...TINY, encoder: 'dilated', depth: 2, channels: 4, reducedSize: 6 };
const data = twoShapes();

test('bad options give OptionErrors naming them', () => {
  assert.throws(() => new ResNetAE({ ...TINY, nClusters: 1 }), (e: Error) => e instanceof OptionError && /nClusters/.test(e.message));
  assert.throws(() => new ResNetAE({ ...TINY, filters: [] }), (e: Error) => e instanceof OptionError && /filters must list/.test(e.message));
  assert.throws(() => new ResNetAE({ ...TINY, tripletWeight: -1 }), /tripletWeight/);
  assert.throws(() => new ResNetAE({ ...TINY, learningRate: 0 }), /learningRate/);
  assert.throws(() => new ResNetAE({ ...TINY, encoder: 'dense' as never }), (e: Error) => e instanceof OptionError && /encoder must be one of 'resnet', 'dilated', got 'dense'/.test(e.message));
  assert.throws(() => new ResNetAE({ ...DILATED, channels: 0 }), /channels must be an integer >= 1/);
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

test('resnet-ae --encoder dilated: losses logged with a flat tensor count, same seed same result, save/load, separates two shapes', async () => {
  const model = new ResNetAE(DILATED);
  await checkProgress(model, data.x, ['reconstruction', 'triplet'], 3);
  assert.equal((await model.transform(data.x)).cols, 3);
  model.dispose();
  await checkSeedAndRoundTrip(() => new ResNetAE(DILATED), data.x);
  await checkSeparates(new ResNetAE({ ...DILATED, epochs: 15 }), data);
});

test('resnet-ae: the ResNet stays the default encoder, and --encoder reaches the estimator', () => {
  assert.equal(new ResNetAE({ nClusters: 2 }).getConfig().encoder, 'resnet');
  const model = clusteringMethod('resnet-ae').create({ nClusters: 2, seed: 0, encoder: 'dilated', depth: 3, channels: 8, reducedSize: 12 }) as ResNetAE;
  const config = model.getConfig();
  assert.deepEqual([config.encoder, config.depth, config.channels, config.reducedSize, config.kernelSize], ['dilated', 3, 8, 12, 3]);
});

test('resnet-ae is registered with its options', () => {
  const method = clusteringMethod('resnet-ae');
  assert.equal(method.learnsFrom, 'train');
  assert.ok(method.inDtcrTable);
  const model = method.create({ nClusters: 3, seed: 2, epochs: 5, tripletWeight: 0 }) as ResNetAE;
  assert.equal(model.getConfig().epochs, 5);
  assert.equal(model.getConfig().tripletWeight, 0);
});
