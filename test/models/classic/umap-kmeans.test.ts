import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UmapKMeans } from '../../../src/models/classic/umap-kmeans.js';
import { loadModel } from '../../../src/models/registry.js';
import { sameGrouping, twoShapes } from './two-shapes.js';

const rowsOf = (set: { data: Float64Array; rows: number; length: number }) => ({ data: set.data, rows: set.rows, cols: set.length });

// UMAP on raw series sees Euclidean neighbourhoods: the shapes come unshifted.
test('UMAP + k-means separates two plainly different shapes, with progress per epoch', async () => {
  const { set, classes } = twoShapes(20, 32, 1, 1, 0);
  const epochs: number[] = [];
  const model = new UmapKMeans({ nClusters: 2, nEpochs: 60, seed: 1 });
  const labels = await model.fitPredict(set, { onProgress: (p) => p.stage === 'UMAP epoch' && epochs.push(p.step) });
  assert.ok(sameGrouping(labels, classes), `${Array.from(labels).join('')} vs ${Array.from(classes).join('')}`);
  assert.equal(epochs.length, 60);
  assert.deepEqual([model.embedding.rows, model.embedding.cols], [40, 2]);
  const fresh = twoShapes(4, 32, 2, 1, 0);
  const predicted = await model.predict(fresh.set);
  assert.ok(sameGrouping(predicted, Int32Array.from(fresh.classes, (c) => labels[classes.indexOf(c)]!)), 'new series');
});

test('UMAP + k-means works on any rows, gives the same result for the same seed, and loads to identical predictions', async () => {
  const { set } = twoShapes(15, 24, 3, 1, 0);
  const rows = rowsOf(set);
  // 40 epochs are run as 42: umap-js's transform needs a multiple of 3.
  const a = await new UmapKMeans({ nClusters: 2, nEpochs: 40, seed: 7 }).fit(rows);
  const b = await new UmapKMeans({ nClusters: 2, nEpochs: 42, seed: 7 }).fit(rows);
  assert.deepEqual(a.embedding, b.embedding);
  assert.deepEqual(a.labels, b.labels);
  const dir = mkdtempSync(join(tmpdir(), 'tempora-umap-'));
  try {
    await a.save(dir);
    const loaded = await loadModel(dir);
    assert.ok(loaded instanceof UmapKMeans);
    assert.deepEqual(loaded.labels, a.labels);
    const other = rowsOf(twoShapes(3, 24, 4, 1, 0).set);
    assert.deepEqual(await loaded.predict(other), await a.predict(other));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('UMAP + k-means names too few rows', async () => {
  await assert.rejects(new UmapKMeans({ nClusters: 2 }).fit([[1, 2], [3, 4], [5, 6]].slice(0, 2)), /nClusters \(2\) must not exceed|at least 3 rows/);
  await assert.rejects(new UmapKMeans({ nClusters: 1 }).fit([[1, 2], [3, 4]]), /needs at least 3 rows and nClusters below the number of rows; got 2 rows and nClusters = 1/);
});
