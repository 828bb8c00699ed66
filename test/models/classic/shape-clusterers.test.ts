import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OptionError } from '../../../src/core/errors.js';
import { KDba } from '../../../src/models/classic/kdba.js';
import { KMedoids } from '../../../src/models/classic/kmedoids.js';
import { Ksc } from '../../../src/models/classic/ksc.js';
import { KShape } from '../../../src/models/classic/kshape.js';
import type { CentroidClusteringProgress } from '../../../src/models/classic/centroid-clustering.js';
import { sameGrouping, twoShapes } from './two-shapes.js';

type Clusterer = KShape | Ksc | KDba | KMedoids;
const METHODS: Record<string, { make: (progress?: (p: CentroidClusteringProgress) => void) => Clusterer; load: (dir: string) => Clusterer }> = {
  'k-Shape': { make: (onProgress) => new KShape({ k: 2, nInit: 2, seed: 3, onProgress }), load: (dir) => KShape.load(dir) },
  KSC: { make: (onProgress) => new Ksc({ k: 2, nInit: 2, seed: 3, onProgress }), load: (dir) => Ksc.load(dir) },
  'k-DBA': { make: (onProgress) => new KDba({ k: 2, nInit: 2, seed: 3, window: 0.2, onProgress }), load: (dir) => KDba.load(dir) },
  'k-medoids (SBD)': { make: (onProgress) => new KMedoids({ k: 2, onProgress }), load: (dir) => KMedoids.load(dir) },
  'k-medoids (DTW)': { make: (onProgress) => new KMedoids({ k: 2, distance: 'dtw', window: 0.1, onProgress }), load: (dir) => KMedoids.load(dir) },
};

for (const [name, { make, load }] of Object.entries(METHODS)) {
  test(`${name} separates two plainly different shapes, reports progress and predicts its own clusters`, () => {
    const { set, classes } = twoShapes(12, 48, 1);
    const progress: CentroidClusteringProgress[] = [];
    const model = make((p) => progress.push(p));
    const labels = model.fitPredict(set);
    assert.ok(sameGrouping(labels, classes), `${name}: ${Array.from(labels).join('')} vs ${Array.from(classes).join('')}`);
    assert.deepEqual(model.predict(set), labels);
    if (!(model instanceof KMedoids)) assert.ok(progress.length > 0 && progress.every((p) => Number.isFinite(p.cost)));
    const fresh = twoShapes(5, 48, 2);
    assert.ok(sameGrouping(model.predict(fresh.set), Int32Array.from(fresh.classes, (c) => labels[classes.indexOf(c)]!)), 'new series');
  });

  test(`${name}: the same seed gives the same result; save and load predict identically`, () => {
    const { set } = twoShapes(10, 40, 4);
    const a = make().fit(set);
    const b = make().fit(set);
    assert.deepEqual(a.labels, b.labels);
    assert.deepEqual(a.centroids, b.centroids);
    const dir = mkdtempSync(join(tmpdir(), 'tempora-shape-'));
    try {
      a.save(dir);
      const loaded = load(dir);
      const other = twoShapes(4, 40, 5).set;
      assert.deepEqual(loaded.predict(other), a.predict(other));
      assert.deepEqual(loaded.transform(other), a.transform(other));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('multivariate k-Shape and k-DBA separate two shapes given on two channels', () => {
  const { set, classes } = twoShapes(10, 40, 6, 2);
  assert.ok(sameGrouping(new KShape({ k: 2, seed: 1 }).fitPredict(set), classes), 'k-Shape');
  assert.ok(sameGrouping(new KDba({ k: 2, seed: 1 }).fitPredict(set), classes), 'k-DBA');
});

test('k-Shape is unchanged by the level and scale of the series', () => {
  const { set } = twoShapes(8, 32, 7);
  const moved = { ...set, data: set.data.map((v) => 3 * v + 10) };
  assert.deepEqual(new KShape({ k: 2, seed: 2 }).fitPredict(moved), new KShape({ k: 2, seed: 2 }).fitPredict(set));
});

test("KSC is unchanged when each series is scaled by its own factor, negative ones included", () => {
  const { set } = twoShapes(8, 32, 10);
  const factors = [2, -0.5, 7, 1, -3, 0.2, 4, 1.5];
  const scaled = { ...set, data: set.data.map((v, i) => v * factors[Math.floor(i / 32) % factors.length]!) };
  assert.deepEqual(new Ksc({ k: 2, seed: 2 }).fitPredict(scaled), new Ksc({ k: 2, seed: 2 }).fitPredict(set));
});

test('different seeds start differently but every run is kept only if it has the lowest cost', () => {
  const { set } = twoShapes(10, 32, 8);
  const single = [1, 2, 3, 4].map((seed) => new KShape({ k: 3, nInit: 1, seed }).fit(set).cost);
  const best = new KShape({ k: 3, nInit: 4, seed: 1 }).fit(set).cost;
  assert.ok(best <= Math.max(...single) + 1e-12);
});

test('the shape clusterers name bad options and data', () => {
  const { set } = twoShapes(2, 16, 9);
  assert.throws(() => new KShape({ k: 5 }).fit(set), /k must be at most the number of series \(4\), got 5/);
  assert.throws(() => new KDba({ k: 2, window: 2 }), /window must be a fraction of the length in \[0, 1\], got 2/);
  assert.throws(() => new KMedoids({ k: 2, distance: 'manhattan' as never }), OptionError);
  assert.throws(() => new Ksc({ k: 2 }).predict(set), /KSC is not fitted yet/);
  const model = new KShape({ k: 2 }).fit(set);
  assert.throws(() => model.predict([[1, 2, 3]]), /series have 1 channel\(s\) of length 3 but the model was fitted on 1 channel\(s\) of length 16/);
  assert.throws(() => model.predict([[1, NaN, ...new Array(14).fill(0)]]), /row 1, channel 1, step 2 is NaN/);
});
