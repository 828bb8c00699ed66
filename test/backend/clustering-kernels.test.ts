import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clusteringKernels, useNativeClustering } from '../../src/backend/clustering-kernels.js';
import { addonFailure } from '../../src/backend/native/addon.js';
import { Random } from '../../src/core/random.js';
import { GaussianMixture } from '../../src/models/classic/gaussian-mixture.js';
import { KMeans } from '../../src/models/classic/kmeans.js';
import type { RowMatrix } from '../../src/models/base/matrix.js';

// The mixture's E and M steps (native/mixture.cc) and k-means' distances (native/distances.cc) on
// the addon against the JavaScript ones.
const skip = clusteringKernels() === null ? `native addon not built (${addonFailure()})` : false;

/** Three overlapping blobs with unequal spreads, uneven row count (not a multiple of 4 or of a block). */
function blobs(rows: number, cols: number): RowMatrix {
  const random = new Random(11);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const c = random.int(3);
    for (let t = 0; t < cols; t++) data[i * cols + t] = 2 * c * ((t % 3) - 1) + (c + 1) * 0.7 * random.normal() + 5;
  }
  return { data, rows, cols };
}

function assertClose(what: string, got: ArrayLike<number>, want: ArrayLike<number>, tol = 1e-6): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) {
    assert.ok(Math.abs(got[i]! - want[i]!) <= tol * Math.max(1, Math.abs(want[i]!)), `${what}[${i}]: ${got[i]} vs ${want[i]}`);
  }
}

/** `build()` fitted with the native kernels and without them. */
async function bothWays<T>(build: () => Promise<T>): Promise<[native: T, plain: T]> {
  const fit = async (native: boolean): Promise<T> => {
    useNativeClustering(native);
    try {
      return await build();
    } finally {
      useNativeClustering(true);
    }
  };
  return [await fit(true), await fit(false)];
}

test('k-means on the native distances equals the JavaScript one', { skip }, async () => {
  const x = blobs(1237, 7);
  const [native, plain] = await bothWays(() => new KMeans({ nClusters: 4, nInit: 3, seed: 2 }).fit(x));
  assert.deepEqual(native.labels, plain.labels);
  assert.equal(native.iterations, plain.iterations);
  assertClose('inertia', [native.inertia], [plain.inertia], 1e-12);
  assertClose('transform', (await native.transform(x)).data, (await plain.transform(x)).data, 1e-12);
});

for (const covarianceType of ['diag', 'full'] as const) {
  test(`Gaussian mixture (${covarianceType}) on the native kernels equals the JavaScript one within 1e-6`, { skip }, async () => {
    const x = blobs(1237, 7);
    const [native, plain] = await bothWays(() => new GaussianMixture({ nClusters: 5, covarianceType, seed: 4, tol: 1e-9, maxIter: 30 }).fit(x));
    assert.equal(native.iterations, plain.iterations, 'iterations');
    assertClose('lowerBound', [native.lowerBound], [plain.lowerBound]);
    assertClose('weights', native.weights, plain.weights);
    assertClose('means', native.means.data, plain.means.data);
    assertClose('covariances', native.covariances, plain.covariances);
    assertClose('predictProba', (await native.predictProba(x)).data, (await plain.predictProba(x)).data);
    assert.deepEqual(await native.predict(x), await plain.predict(x));
  });
}

test('the native Cholesky rejects a singular covariance with the mixture\'s message', { skip }, async () => {
  // Every row the same point: zero covariance, and no regularisation to lift it.
  const x: RowMatrix = { data: new Float64Array(40).fill(1), rows: 10, cols: 4 };
  await assert.rejects(new GaussianMixture({ nClusters: 1, regCovar: 0 }).fit(x), /ill-defined \(singular\) covariance/);
});
