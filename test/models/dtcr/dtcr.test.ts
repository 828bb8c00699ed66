import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/backend/index.js';
import { OptionError } from '../../../src/core/errors.js';
import { topSingularIndicator } from '../../../src/models/dtcr/cluster-indicator.js';
import { DTCR } from '../../../src/models/dtcr/dtcr.js';
import { epochLog, type EpochLog, type ProgressEvent } from '../../../src/models/base/fit-options.js';
import { TINY, twoShapes } from './tiny.js';

await initBackend('cpu');

const data = twoShapes(8, 16);

/** Collects the epoch logs of a fit's progress events. */
function epochs(into: EpochLog[]): (event: ProgressEvent) => void {
  return (event) => void into.push(epochLog(event));
}

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'tempora-dtcr-'));
}

test('bad options and data give clear OptionErrors', async () => {
  assert.throws(() => new DTCR({ ...TINY, nClusters: 1 }), (e: Error) => e instanceof OptionError && /nClusters must be an integer >= 2, got 1/.test(e.message));
  assert.throws(() => new DTCR({ ...TINY, dilations: [1] }), /one value per layer/);
  assert.throws(() => new DTCR({ ...TINY, learningRate: -1 }), /learningRate/);
  assert.throws(() => new DTCR({ ...TINY, robustness: { fromEpoch: 2, epochs: 5, keep: 'reconstruction' } }), /ends after the last epoch/);
  assert.throws(() => new DTCR({ ...TINY, epochs: 3, kmeansWarmup: 3 }), /kmeansWarmup \(3\) leaves no epoch for the k-means term: it must be below epochs \(3\)/);
  await assert.rejects(new DTCR({ ...TINY, nClusters: 9 }).fit(data), /nClusters \(9\) must not exceed the number of series \(8\)/);
  await assert.rejects(new DTCR({ ...TINY, dilations: [1, 16] }).fit(data), (e: Error) => e instanceof OptionError && /too short for dilation 16/.test(e.message));
  const withNaN = data.map((s) => [...s]);
  withNaN[2]![5] = Number.NaN;
  await assert.rejects(new DTCR(TINY).fit(withNaN), (e: Error) => e instanceof OptionError && /row 3, step 6 is NaN/.test(e.message));
  await assert.rejects(new DTCR(TINY).predict(data), /not fitted/);
});

test('fit logs every loss component per epoch, keeps the tensor count constant, and clusters', async () => {
  const logs: EpochLog[] = [];
  const counts: number[] = [];
  const model = new DTCR({ ...TINY, epochs: 4 });
  const labels = await model.fitPredict(data);
  assert.equal(labels.length, data.length);
  await model.fit(data, {
    onProgress: (event) => {
      logs.push(epochLog(event));
      counts.push(tf.memory().numTensors);
    },
    evaluate: async () => ({ rows: (await model.transform(data)).rows }),
    evaluateEvery: 2,
  });
  assert.equal(logs.length, 4);
  for (const log of logs) {
    for (const name of ['reconstruction', 'classification', 'kmeans', 'decay', 'total']) assert.ok(Number.isFinite(log.losses[name]), name);
    assert.ok(log.seconds >= 0);
  }
  assert.deepEqual(logs.map((l) => l.metrics?.['rows']), [undefined, 8, undefined, 8]);
  assert.equal(counts[1], counts[2]);
  assert.equal(counts[2], counts[3]);
  assert.equal((await model.transform(data)).cols, 2 * (4 + 3));
  model.dispose();
});

test('the same seed gives the same model; save/load gives identical transform and predict', async () => {
  const a = await new DTCR(TINY).fit(data);
  const b = await new DTCR(TINY).fit(data);
  assert.deepEqual((await a.transform(data)).data, (await b.transform(data)).data);
  const dir = scratch();
  try {
    await a.save(dir);
    const loaded = await DTCR.load(dir);
    assert.deepEqual((await loaded.transform(data)).data, (await a.transform(data)).data);
    assert.deepEqual(await loaded.predict(data), await a.predict(data));
    assert.deepEqual(loaded.clusterIndicator, a.clusterIndicator);
    assert.deepEqual(loaded.options, a.options);
    loaded.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  a.dispose();
  b.dispose();
});

test('training resumed from a checkpoint ends where the uninterrupted run ends', async () => {
  const options = { ...TINY, epochs: 4, batchSize: 4, fakes: 'every-epoch' as const };
  const whole = await new DTCR(options).fit(data);
  const dir = scratch();
  try {
    const stop = new AbortController();
    const first = await new DTCR(options).fit(data, { checkpointDir: dir, checkpointEvery: 2, signal: stop.signal, onProgress: (event) => (event.step === 2 ? stop.abort() : undefined) });
    assert.equal(first.epochs, 2);
    assert.ok(existsSync(join(dir, 'LATEST')));
    assert.match(readFileSync(join(dir, 'LATEST'), 'utf8'), /epoch-000002/);
    const resumed = await new DTCR(options).fit(data, { checkpointDir: dir, checkpointEvery: 2 });
    assert.equal(resumed.epochs, 4);
    const expected = (await whole.transform(data)).data;
    const got = (await resumed.transform(data)).data;
    assert.deepEqual(got, expected);
    await assert.rejects(new DTCR({ ...options, lambda: 0.5 }).fit(data, { checkpointDir: dir }), /written for other data or options/);
    first.dispose();
    resumed.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  whole.dispose();
});

test('ablations and the robustness run switch their losses off', async () => {
  const seen: EpochLog[] = [];
  const model = new DTCR({ ...TINY, epochs: 4, kmeansLoss: false, classifier: false });
  await model.fit(data, { onProgress: epochs(seen) });
  assert.ok(seen.every((l) => l.losses['kmeans'] === 0 && l.losses['classification'] === 0));
  const robust: EpochLog[] = [];
  const before = new DTCR({ ...TINY, epochs: 4, robustness: { fromEpoch: 2, epochs: 2, keep: 'classification' } });
  await before.fit(data, { onProgress: epochs(robust) });
  assert.deepEqual(robust.map((l) => l.losses['reconstruction'] === 0), [false, true, true, false]);
  model.dispose();
  before.dispose();
});

test('a k-means warm-up trains without the term, then starts it with F from the representations of that moment', async () => {
  const seen: EpochLog[] = [];
  let afterWarmup: Float32Array | null = null;
  // No refresh within these 4 epochs, so F at the end is the one set when the term started.
  const model = new DTCR({ ...TINY, epochs: 4, kmeansWarmup: 2, indicatorUpdateEvery: 100 });
  const initial = new DTCR({ ...TINY, epochs: 4, indicatorUpdateEvery: 100 });
  initial.initialize(data);
  let representation: Promise<void> | null = null;
  await model.fit(data, {
    onProgress: (event) => {
      seen.push(epochLog(event));
      // The representation of this moment: transform reads the weights before it first awaits.
      if (event.step === 2) {
        representation = model.transform(data).then((h) => void (afterWarmup = topSingularIndicator(Float32Array.from(h.data), h.rows, h.cols, TINY.nClusters)));
      }
    },
  });
  await representation;
  assert.deepEqual(seen.map((l) => l.losses['kmeans']! > 0), [false, false, true, true]);
  assert.deepEqual(model.clusterIndicator, afterWarmup);
  assert.notDeepEqual(model.clusterIndicator, initial.clusterIndicator);
  model.dispose();
  initial.dispose();
});

test('trainStep runs one optimisation step after initialize', async () => {
  const model = new DTCR(TINY);
  assert.throws(() => model.trainStep(), /initialize/);
  model.initialize(data);
  const first = model.trainStep();
  const second = model.trainStep(Int32Array.from([0, 1, 2]));
  assert.ok(Number.isFinite(first.total) && Number.isFinite(second.total));
  model.dispose();
});
