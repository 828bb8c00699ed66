import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OptionError } from '../../../src/core/errors.js';
import type { ProgressEvent } from '../../../src/models/base/fit-options.js';
import type { CentroidClusterer, CentroidClustererConfig } from '../../../src/models/classic/centroid-clusterer.js';
import { KDba } from '../../../src/models/classic/kdba.js';
import { KMedoids } from '../../../src/models/classic/kmedoids.js';
import { Ksc } from '../../../src/models/classic/ksc.js';
import { KShape } from '../../../src/models/classic/kshape.js';
import { loadModel } from '../../../src/models/registry.js';
import { sameGrouping, twoShapes } from './two-shapes.js';

const METHODS: Record<string, () => CentroidClusterer<CentroidClustererConfig>> = {
  'k-Shape': () => new KShape({ nClusters: 2, nInit: 2, seed: 3 }),
  KSC: () => new Ksc({ nClusters: 2, nInit: 2, seed: 3 }),
  'k-DBA': () => new KDba({ nClusters: 2, nInit: 2, seed: 3, window: 0.2 }),
  'k-medoids (SBD)': () => new KMedoids({ nClusters: 2 }),
  'k-medoids (DTW)': () => new KMedoids({ nClusters: 2, distance: 'dtw', window: 0.1 }),
};

for (const [name, make] of Object.entries(METHODS)) {
  test(`${name} separates two plainly different shapes, reports progress and predicts its own clusters`, async () => {
    const { set, classes } = twoShapes(12, 48, 1);
    const progress: ProgressEvent[] = [];
    const model = make();
    const labels = await model.fitPredict(set, { onProgress: (p) => progress.push(p) });
    assert.ok(sameGrouping(labels, classes), `${name}: ${Array.from(labels).join('')} vs ${Array.from(classes).join('')}`);
    assert.deepEqual(await model.predict(set), labels);
    assert.ok(progress.length > 0 && progress.every((p) => p.step >= 1 && p.step <= p.total), `${name}: progress`);
    const fresh = twoShapes(5, 48, 2);
    const predicted = await model.predict(fresh.set);
    assert.ok(sameGrouping(predicted, Int32Array.from(fresh.classes, (c) => labels[classes.indexOf(c)]!)), 'new series');
    const { score } = await model.assignments(fresh.set);
    assert.equal(score?.name, 'distance');
  });

  test(`${name}: the same seed gives the same result; saved models load to identical predictions`, async () => {
    const { set } = twoShapes(10, 40, 4);
    const a = await make().fit(set);
    const b = await make().fit(set);
    assert.deepEqual(a.labels, b.labels);
    assert.deepEqual(a.centroids, b.centroids);
    const dir = mkdtempSync(join(tmpdir(), 'tempora-shape-'));
    try {
      await a.save(dir);
      const loaded = await loadModel(dir);
      assert.equal(loaded.kind, a.kind);
      const other = twoShapes(4, 40, 5).set;
      assert.deepEqual(await loaded.predict(other), await a.predict(other));
      assert.deepEqual(await (loaded as typeof a).transform(other), await a.transform(other));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('multivariate k-Shape and k-DBA separate two shapes given on two channels', async () => {
  const { batch, classes } = twoShapes(10, 40, 6, 2);
  assert.ok(sameGrouping(await new KShape({ nClusters: 2, seed: 1 }).fitPredict(batch), classes), 'k-Shape');
  assert.ok(sameGrouping(await new KDba({ nClusters: 2, seed: 1 }).fitPredict(batch), classes), 'k-DBA');
  const fitted = await new KShape({ nClusters: 2, seed: 1 }).fit(batch);
  assert.deepEqual([fitted.centroids.rows, fitted.centroids.cols], [2, 80]);
});

test('k-Shape is unchanged by the level and scale of the series', async () => {
  const { set } = twoShapes(8, 32, 7);
  const moved = { ...set, data: set.data.map((v) => 3 * v + 10) };
  assert.deepEqual(await new KShape({ nClusters: 2, seed: 2 }).fitPredict(moved), await new KShape({ nClusters: 2, seed: 2 }).fitPredict(set));
});

test('KSC is unchanged when each series is scaled by its own factor, negative ones included', async () => {
  const { set } = twoShapes(8, 32, 10);
  const factors = [2, -0.5, 7, 1, -3, 0.2, 4, 1.5];
  const scaled = { ...set, data: set.data.map((v, i) => v * factors[Math.floor(i / 32) % factors.length]!) };
  assert.deepEqual(await new Ksc({ nClusters: 2, seed: 2 }).fitPredict(scaled), await new Ksc({ nClusters: 2, seed: 2 }).fitPredict(set));
});

test('restarts keep the run of lowest cost', async () => {
  const { set } = twoShapes(10, 32, 8);
  const single = await Promise.all([1, 2, 3, 4].map(async (seed) => (await new KShape({ nClusters: 3, nInit: 1, seed }).fit(set)).cost));
  const best = (await new KShape({ nClusters: 3, nInit: 4, seed: 1 }).fit(set)).cost;
  assert.ok(best <= Math.max(...single) + 1e-12);
});

test('an aborted fit stops after the current pass and still gives a fitted model', async () => {
  const { set } = twoShapes(10, 32, 11);
  const controller = new AbortController();
  controller.abort();
  const model = await new KShape({ nClusters: 2, nInit: 5 }).fit(set, { signal: controller.signal });
  assert.equal(model.iterations, 1);
  assert.equal((await model.predict(set)).length, 20);
});

test('the shape clusterers name bad options and data', async () => {
  const { set } = twoShapes(2, 16, 9);
  await assert.rejects(new KShape({ nClusters: 5 }).fit(set), /nClusters \(5\) must not exceed the number of series \(4\)/);
  assert.throws(() => new KDba({ nClusters: 2, window: 2 }), /window must be a fraction of the length in \[0, 1\], got 2/);
  assert.throws(() => new KMedoids({ nClusters: 2, distance: 'manhattan' as never }), OptionError);
  await assert.rejects(new Ksc({ nClusters: 2 }).predict(set), /KSC is not fitted yet/);
  const model = await new KShape({ nClusters: 2 }).fit(set);
  await assert.rejects(model.predict([[1, 2, 3]]), /fitted on series of length 16, got length 3/);
  await assert.rejects(model.predict([[1, NaN, ...new Array(14).fill(0)]]), /row 1, channel 1, step 2 is NaN/);
});
