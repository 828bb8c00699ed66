import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OptionError } from '../../../src/core/errors.js';
import { GaussianMixture } from '../../../src/models/classic/gaussian-mixture.js';
import { gaussianBlobs, threeBlobs } from '../blobs.js';

/** Component order by mean (first two coordinates), so that fits compare whatever the ids. */
function componentOrder(model: GaussianMixture): number[] {
  const { data, cols } = model.means;
  const key = (j: number): number => data[j * cols]! * 100 + data[j * cols + 1]!;
  return Array.from({ length: model.getConfig().nClusters }, (_, j) => j).sort((a, b) => key(a) - key(b));
}

function close(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs ${expected}`);
}

// Computed once with scikit-learn 1.2.1 GaussianMixture(3, random_state=0) on threeBlobs().
const SKLEARN = {
  full: {
    weights: [0.2500000001178882, 0.4166666665516695, 0.33333333333044224],
    means: [
      [-0.09795855370187179, 5.825974233526855, 6.004416480135569],
      [0.22642171930777866, 0.06648465005041927, -0.01876891685613522],
      [4.979541333176634, 4.980035702209901, 0.0809452512343954],
    ],
    score: -4.359962458242575,
    firstCovariance: [
      [1.1297394242192262, 0.08455372202250142, -0.13873348789982473],
      [0.08455372202250143, 0.7790594507261854, 0.32190933129635996],
      [-0.1387334878998247, 0.32190933129635996, 0.7887965534472282],
    ],
  },
  diag: {
    weights: [0.24999999976692877, 0.41666666690451687, 0.3333333333285544],
    score: -4.439626822745737,
    variances: [
      [1.129739424679676, 0.7790594378388488, 0.7887965426993543],
      [0.7105337292815818, 0.7531708622201061, 0.914735754497773],
      [0.2810775618286446, 0.23234578755122368, 0.2291910387227601],
    ],
  },
};

test('Gaussian mixture (full) matches scikit-learn on three blobs', async () => {
  const { x } = threeBlobs();
  const model = await new GaussianMixture({ nClusters: 3, seed: 0 }).fit(x);
  const order = componentOrder(model);
  const d = 3;
  order.forEach((j, o) => {
    close(model.weights[j]!, SKLEARN.full.weights[o]!, 1e-6, `weight ${o}`);
    for (let t = 0; t < d; t++) close(model.means.data[j * d + t]!, SKLEARN.full.means[o]![t]!, 1e-6, `mean ${o},${t}`);
  });
  const first = order[0]!;
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < d; b++) {
      close(model.covariances[first * d * d + a * d + b]!, SKLEARN.full.firstCovariance[a]![b]!, 1e-6, `cov ${a},${b}`);
    }
  }
  close(await model.score(x), SKLEARN.full.score, 1e-6, 'score');
  assert.ok(model.converged);
});

test('Gaussian mixture (diag) matches scikit-learn on three blobs', async () => {
  const { x } = threeBlobs();
  const model = await new GaussianMixture({ nClusters: 3, covarianceType: 'diag', seed: 0 }).fit(x);
  const order = componentOrder(model);
  order.forEach((j, o) => {
    close(model.weights[j]!, SKLEARN.diag.weights[o]!, 1e-6, `weight ${o}`);
    for (let t = 0; t < 3; t++) close(model.covariances[j * 3 + t]!, SKLEARN.diag.variances[o]![t]!, 1e-6, `variance ${o},${t}`);
  });
  close(await model.score(x), SKLEARN.diag.score, 1e-6, 'score');
});

test('Gaussian mixture recovers known means and weights of well-separated data', async () => {
  const centres = [[-10, 0], [10, 0], [0, 15]];
  const sizes = [200, 100, 100];
  const { x } = gaussianBlobs(centres, sizes, [1, 1, 1], 21);
  for (const covarianceType of ['full', 'diag'] as const) {
    const model = await new GaussianMixture({ nClusters: 3, covarianceType, seed: 3 }).fit(x);
    const order = Array.from({ length: 3 }, (_, j) => j).sort((a, b) => {
      const key = (j: number): number => model.means.data[j * 2]! * 100 + model.means.data[j * 2 + 1]!;
      return key(a) - key(b);
    });
    // Expected order by the same key: (-10,0), (0,15), (10,0).
    const expected = [0, 2, 1];
    order.forEach((j, o) => {
      const truth = expected[o]!;
      close(model.weights[j]!, sizes[truth]! / 400, 1e-9, `${covarianceType} weight`);
      close(model.means.data[j * 2]!, centres[truth]![0]!, 0.25, `${covarianceType} mean x`);
      close(model.means.data[j * 2 + 1]!, centres[truth]![1]!, 0.25, `${covarianceType} mean y`);
    });
  }
});

test('Gaussian mixture probabilities sum to 1 and predict takes the most probable component', async () => {
  const { x } = gaussianBlobs([[0, 0], [2, 1]], [60, 60], [1, 1], 8);
  const model = await new GaussianMixture({ nClusters: 2, seed: 1, nInit: 2 }).fit(x);
  const proba = await model.predictProba(x);
  const labels = await model.predict(x);
  for (let i = 0; i < proba.rows; i++) {
    const p0 = proba.data[i * 2]!;
    const p1 = proba.data[i * 2 + 1]!;
    close(p0 + p1, 1, 1e-12, `row ${i}`);
    assert.equal(labels[i], p1 > p0 ? 1 : 0);
  }
  // The seed restarts its stream on every fit, so refitting gives the same labels.
  assert.deepEqual(Array.from(await model.fitPredict(x)), Array.from(labels));
});

test('a saved and loaded Gaussian mixture predicts identically', async () => {
  const { x } = threeBlobs();
  for (const covarianceType of ['full', 'diag'] as const) {
    const model = await new GaussianMixture({ nClusters: 3, covarianceType, seed: 0 }).fit(x);
    const dir = mkdtempSync(join(tmpdir(), 'tempora-gmm-'));
    try {
      await model.save(dir);
      const loaded = await GaussianMixture.load(dir);
      assert.deepEqual(Array.from((await loaded.predictProba(x)).data), Array.from((await model.predictProba(x)).data));
      assert.equal(await loaded.score(x), await model.score(x));
      assert.equal(loaded.getConfig().covarianceType, covarianceType);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});

test('Gaussian mixture rejects bad options with clear messages', async () => {
  assert.throws(() => new GaussianMixture({ nClusters: 0 }), OptionError);
  assert.throws(() => new GaussianMixture({ nClusters: 2, covarianceType: 'tied' as 'full' }), /one of 'full', 'diag', got 'tied'/);
  assert.throws(() => new GaussianMixture({ nClusters: 2, regCovar: -1 }), OptionError);
  await assert.rejects(new GaussianMixture({ nClusters: 5 }).fit([[0], [1]]), /nClusters \(5\) must not exceed the number of series \(2\)/);
  await assert.rejects(new GaussianMixture({ nClusters: 1 }).score([[0]]), /not fitted/);
  // Identical points with no regularisation: the covariance is singular.
  await assert.rejects(new GaussianMixture({ nClusters: 1, regCovar: 0 }).fit([[1, 1], [1, 1], [1, 1]]), /ill-defined/);
});
