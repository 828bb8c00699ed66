import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../../../src/backend/index.js';
import { OptionError } from '../../../src/core/errors.js';
import { DEC, type DecArgs } from '../../../src/models/deep/dec.js';
import { clusteringMethod } from '../../../src/models/registry.js';
import { checkProgress, checkSeedAndRoundTrip, checkSeparates, twoShapes } from './estimator-checks.js';

await initBackend('cpu');

const TINY: DecArgs = { nClusters: 2, hidden: [8, 6], latentSize: 2, pretrainEpochs: 3, epochs: 3, batchSize: 6, updateInterval: 2, tolerance: 0, seed: 1 };
const RESNET: DecArgs = { ...TINY, encoder: 'resnet', filters: [3, 4], kernelSizes: [3, 2], residualDecoder: false };
const data = twoShapes();

test('bad options give OptionErrors naming them', () => {
  assert.throws(() => new DEC({ ...TINY, variant: 'xdec' as never }), (e: Error) => e instanceof OptionError && /variant must be one of 'dec', 'idec'/.test(e.message));
  assert.throws(() => new DEC({ ...TINY, encoder: 'lstm' as never }), /encoder must be one of/);
  assert.throws(() => new DEC({ ...TINY, updateInterval: 0 }), /updateInterval/);
  assert.throws(() => new DEC({ ...TINY, alpha: 0 }), /alpha/);
  assert.throws(() => new DEC({ ...TINY, hidden: [] }), /hidden must list/);
});

test('the variants set the loss weights and the kind', () => {
  const dec = new DEC(TINY);
  const idec = new DEC({ ...TINY, variant: 'idec' });
  assert.equal(dec.kind, 'DEC');
  assert.equal(idec.kind, 'IDEC');
  assert.deepEqual([dec.getConfig().clusteringWeight, dec.getConfig().reconstructionWeight], [1, 0]);
  assert.deepEqual([idec.getConfig().clusteringWeight, idec.getConfig().reconstructionWeight], [0.1, 1]);
});

test('dec and idec pretrain then cluster, logging their losses with a flat tensor count; soft assignments sum to 1', async () => {
  const dec = new DEC(TINY);
  await checkProgress(dec, data.x, ['clustering'], 3);
  const q = await dec.softAssignments(data.x);
  for (let i = 0; i < data.x.length; i++) assert.ok(Math.abs(q[2 * i]! + q[2 * i + 1]! - 1) < 1e-5);
  assert.equal(dec.clusterCentres.length, 2 * 2);
  dec.dispose();
  const idec = new DEC({ ...RESNET, variant: 'idec' });
  await checkProgress(idec, data.x, ['clustering', 'reconstruction'], 3);
  idec.dispose();
});

test('the tolerance stops the clustering stage once assignments settle', async () => {
  const model = new DEC({ ...TINY, epochs: 30, updateInterval: 1, tolerance: 0.5 });
  await model.fit(data.x);
  assert.ok(Number(model.fitSummary()['epochsTrained']) < 3 + 30);
  model.dispose();
});

test('dec and idec: same seed same result, and saved models load and predict identically', async () => {
  await checkSeedAndRoundTrip(() => new DEC(TINY), data.x);
  await checkSeedAndRoundTrip(() => new DEC({ ...RESNET, variant: 'idec' }), data.x);
});

test('dec and idec separate two trivially different shapes', async () => {
  await checkSeparates(new DEC({ ...TINY, pretrainEpochs: 30, epochs: 10 }), data);
  await checkSeparates(new DEC({ ...TINY, variant: 'idec', pretrainEpochs: 30, epochs: 10 }), data);
});

test('dec and idec are registered', () => {
  for (const name of ['dec', 'idec']) {
    const method = clusteringMethod(name);
    assert.equal(method.learnsFrom, 'train');
    const model = method.create({ nClusters: 2, seed: 0, encoder: 'resnet', pretrainEpochs: 4 });
    assert.equal(model.kind, name.toUpperCase());
    assert.equal((model as DEC).getConfig().encoder, 'resnet');
  }
});
