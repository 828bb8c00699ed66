import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OptionError } from '../../../src/core/errors.js';
import { KMeans } from '../../../src/models/classic/kmeans.js';
import { gaussianBlobs, threeBlobs } from '../blobs.js';

/** Rows of a k × d centre matrix, sorted so that runs can be compared whatever the cluster ids. */
function sortedCentres(model: KMeans): number[][] {
  const { data, rows, cols } = model.centres;
  const out = Array.from({ length: rows }, (_, j) => Array.from(data.subarray(j * cols, (j + 1) * cols)));
  return out.sort((a, b) => a[0]! * 100 + a[1]! - (b[0]! * 100 + b[1]!));
}

test('k-means matches scikit-learn KMeans(3, n_init=10) on three blobs', async () => {
  const { x } = threeBlobs();
  const model = await new KMeans({ nClusters: 3, seed: 0 }).fit(x);
  // Computed once with scikit-learn 1.2.1 on the same points.
  const expectedInertia = 459.10818820343536;
  const expectedCentres = [
    [-0.09795855347395288, 5.825974235789365, 6.004416482256791],
    [0.2264217190495339, 0.0664846502918448, -0.01876891643081091],
    [4.979541333172553, 4.980035702205548, 0.08094525124114527],
  ];
  assert.ok(Math.abs(model.inertia - expectedInertia) < 1e-9 * expectedInertia);
  sortedCentres(model).forEach((row, j) => row.forEach((v, t) => assert.ok(Math.abs(v - expectedCentres[j]![t]!) < 1e-9)));
});

test('k-means recovers well-separated clusters exactly, with either seeding', async () => {
  const { x, labels } = gaussianBlobs([[0, 0], [20, 0], [0, 20], [20, 20]], [30, 40, 25, 35], [1, 1, 1, 1], 3);
  for (const init of ['k-means++', 'random'] as const) {
    const found = await new KMeans({ nClusters: 4, init, seed: 1 }).fitPredict(x);
    const mapping = new Map<number, number>();
    labels.forEach((truth, i) => {
      const seen = mapping.get(found[i]!);
      if (seen === undefined) mapping.set(found[i]!, truth);
      else assert.equal(seen, truth, `${init}: cluster ${found[i]} mixes classes`);
    });
    assert.equal(mapping.size, 4);
  }
});

test('k-means is reproducible for a seed and keeps the lowest-inertia run', async () => {
  const { x } = gaussianBlobs([[0, 0], [3, 0], [0, 3]], [40, 40, 40], [1.5, 1.5, 1.5], 5);
  const inertias: number[] = [];
  const a = await new KMeans({ nClusters: 5, nInit: 6, seed: 9 }).fit(x, { onProgress: (p) => inertias.push(p.metrics!['inertia']!) });
  const b = await new KMeans({ nClusters: 5, nInit: 6, seed: 9 }).fit(x);
  assert.deepEqual(Array.from(a.labels), Array.from(b.labels));
  // The seed restarts its stream on every fit.
  assert.deepEqual(Array.from((await b.fit(x)).labels), Array.from(a.labels));
  assert.equal(inertias.length, 6);
  assert.equal(a.inertia, Math.min(...inertias));
});

test('k-means inertia equals the sum of squared distances to the assigned centres', async () => {
  const { x } = gaussianBlobs([[0, 0, 0], [2, 2, 2]], [50, 50], [1, 1], 11);
  const model = await new KMeans({ nClusters: 3, seed: 2 }).fit(x);
  const distances = await model.transform(x);
  let sum = 0;
  model.labels.forEach((label, i) => {
    sum += distances.data[i * 3 + label]! ** 2;
    // The assigned centre is the nearest one.
    for (let j = 0; j < 3; j++) assert.ok(distances.data[i * 3 + label]! <= distances.data[i * 3 + j]! + 1e-12);
  });
  assert.ok(Math.abs(sum - model.inertia) < 1e-9 * model.inertia);
  assert.deepEqual(Array.from(await model.predict(x)), Array.from(model.labels));
});

test('k-means repairs empty clusters instead of producing NaN centres', async () => {
  // Two distinct points but k = 3: one cluster starts empty and must take a point.
  const x = [...Array.from({ length: 6 }, () => [0, 0]), ...Array.from({ length: 4 }, () => [1, 1])];
  for (const init of ['k-means++', 'random'] as const) {
    const model = await new KMeans({ nClusters: 3, init, seed: 4 }).fit(x);
    assert.ok(Array.from(model.centres.data).every(Number.isFinite));
    assert.equal(model.inertia, 0);
    assert.equal(new Set(model.labels).size, 2);
  }
});

test('k-means accepts series matrices, float32 and float64 row-major matrices and number[][] alike', async () => {
  const { x } = threeBlobs();
  const b = await new KMeans({ nClusters: 3, seed: 0 }).fit(x);
  const inputs = [
    { data: Float64Array.from(x.flat()), rows: x.length, length: 3 },
    { data: Float64Array.from(x.flat()), rows: x.length, cols: 3 },
    x.map((row) => Float64Array.from(row)),
  ];
  for (const input of inputs) {
    assert.deepEqual(Array.from((await new KMeans({ nClusters: 3, seed: 0 }).fit(input)).labels), Array.from(b.labels));
  }
  const single = await new KMeans({ nClusters: 3, seed: 0 }).fit({ data: Float32Array.from(x.flat()), rows: x.length, cols: 3 });
  assert.deepEqual(Array.from(single.labels), Array.from(b.labels));
  await assert.rejects(new KMeans({ nClusters: 2 }).fit({ data: new Float64Array(5), rows: 2, cols: 3 }), /says 2 × 3 but holds 5 values/);
});

test('a saved and loaded k-means predicts identically', async () => {
  const { x } = threeBlobs();
  const model = await new KMeans({ nClusters: 3, seed: 0 }).fit(x);
  const dir = mkdtempSync(join(tmpdir(), 'tempora-kmeans-'));
  try {
    await model.save(dir);
    const loaded = await KMeans.load(dir);
    assert.deepEqual(Array.from(loaded.centres.data), Array.from(model.centres.data));
    assert.deepEqual(Array.from(await loaded.predict(x)), Array.from(await model.predict(x)));
    assert.deepEqual(Array.from((await loaded.transform(x)).data), Array.from((await model.transform(x)).data));
    assert.equal(loaded.inertia, model.inertia);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('k-means rejects bad options and bad data with clear messages', async () => {
  const x = [[0, 1], [1, 0], [2, 2]];
  assert.throws(() => new KMeans({ nClusters: 0 }), (e: Error) => e instanceof OptionError && /nClusters must be an integer >= 1, got 0/.test(e.message));
  await assert.rejects(new KMeans({ nClusters: 4 }).fit(x), (e: Error) => e instanceof OptionError && /nClusters \(4\) must not exceed the number of series \(3\)/.test(e.message));
  await assert.rejects(new KMeans({ nClusters: 2 }).fit([[0, 1], [1, NaN], [2, 2]]), (e: Error) => e instanceof OptionError && /row 1 .*column 1 is NaN/.test(e.message));
  await assert.rejects(new KMeans({ nClusters: 2 }).fit([[0, 1], [1, 0, 3]]), (e: Error) => e instanceof OptionError && /ragged: row 1 .* 3 values, row 0 has 2/.test(e.message));
  assert.throws(() => new KMeans({ nClusters: 2, init: 'spectral' as 'random' }), OptionError);
  assert.throws(() => new KMeans({ nClusters: 2, tol: -1 }), OptionError);
  assert.throws(() => new KMeans({ nClusters: 2, seed: 1.5 }), /seed must be an integer >= 0, got 1.5/);
  await assert.rejects(new KMeans({ nClusters: 2 }).predict(x), /not fitted/);
  await assert.rejects((await new KMeans({ nClusters: 2 }).fit(x)).predict([[1, 2, 3]]), /fitted on series of length 2, got length 3/);
});
