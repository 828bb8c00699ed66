/**
 * One check suite for every registered method, as scikit-learn's estimator checks: output shapes,
 * same seed same result, save/load identity through loadModel, the config round trip, the
 * bad-input errors, and that it learns (two trivially different shapes are told apart). A method
 * registered without tiny settings here fails the suite, so no method escapes it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '../../src/backend/index.js';
import { DataFormatError } from '../../src/core/errors.js';
import { clusteringScores } from '../../src/evaluation/metrics/clustering-scores.js';
import { accuracy } from '../../src/evaluation/metrics/accuracy.js';
import { Classifier, Clusterer } from '../../src/models/base/estimator.js';
import type { MethodValues } from '../../src/models/base/method-spec.js';
import { UMAP_OPTION, type RepresentationClusterer, type RepresentationClustererConfig } from '../../src/models/base/representation-clusterer.js';
import { KMeans } from '../../src/models/classic/kmeans.js';
import { CLASSIFICATION_METHODS, CLUSTERING_METHODS, loadModel } from '../../src/models/registry.js';
import { shapes } from './series-fixtures.js';

await initBackend('cpu');

/** Tiny settings per method: fast on two cores, still enough to learn two shapes. */
const TINY_CLUSTERING: Record<string, MethodValues> = {
  kmeans: {},
  gmm: { covarianceType: 'diag' },
  dtcr: { units: [6, 4], dilations: [1, 2], epochs: 4, lr: 1e-2 },
  kshape: { nInit: 2 },
  kdba: {},
  ksc: { nInit: 2 },
  kmedoids: {},
  'umap-kmeans': {},
  'resnet-ae': { filters: [4, 6], latentSize: 3, epochs: 10 },
  dec: { hidden: [16, 8], pretrainEpochs: 30, epochs: 10, latentSize: 3 },
  idec: { hidden: [16, 8], pretrainEpochs: 30, epochs: 10, latentSize: 3 },
  dtc: { pretrainEpochs: 20, epochs: 5, poolSize: 4 },
};
const TINY_CLASSIFIERS: Record<string, MethodValues> = Object.fromEntries(
  CLASSIFICATION_METHODS.map((m) => [m.name, { epochs: 40, batchSize: 8, filters: [6, 8], kernelSizes: [3, 3, 2], batchNormMomentum: 0.5 }]),
);

/** Two shapes apart: half sines, half ramps, a little noise. */
const { x, y } = shapes(24, 24, 2, 7);
const scratch = (): string => mkdtempSync(join(tmpdir(), 'tempora-checks-'));

/** The checks every estimator shares once fitted: the config round trip, the fitted length enforced, and save then loadModel. */
async function commonChecks(model: Clusterer | Classifier, fromConfig: (config: object) => Clusterer | Classifier, sameAfterLoad: (loaded: Clusterer | Classifier) => Promise<void>): Promise<void> {
  assert.deepEqual(fromConfig(model.getConfig()).getConfig(), model.getConfig());
  const shorter = x.map((row) => row.subarray(0, 20));
  await assert.rejects(model.predict(shorter), /fitted on series of length 24, got length 20/);
  const dir = scratch();
  try {
    await model.save(dir);
    const loaded = await loadModel(dir);
    assert.equal(loaded.kind, model.kind);
    await sameAfterLoad(loaded);
    loaded.dispose();
    if (model.kind !== 'KMeans') await assert.rejects(KMeans.load(dir), (e: Error) => e instanceof DataFormatError && new RegExp(`holds a "${model.kind}" model`).test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
    model.dispose();
  }
}

function tinyValues(table: Record<string, MethodValues>, name: string): MethodValues {
  const values = table[name];
  assert.ok(values, `method '${name}' is registered but has no tiny settings in the estimator checks: add them`);
  return values;
}

/** Other architectures of a method, each checked as a method of its own. */
const TINY_VARIANTS: Record<string, Record<string, MethodValues>> = {
  'resnet-ae': { '--encoder dilated': { encoder: 'dilated', depth: 2, channels: 4, reducedSize: 6, latentSize: 3, epochs: 10 } },
};

/** Every method (and its variants), and every method with a representation again with --umap before its final k-means. */
const CLUSTERING_CASES = CLUSTERING_METHODS.flatMap((method) => {
  const values = tinyValues(TINY_CLUSTERING, method.name);
  const variants = Object.entries(TINY_VARIANTS[method.name] ?? {}).map(([flags, extra]) => ({ method, label: `${method.name} ${flags}`, values: extra }));
  const plain = { method, label: method.name, values };
  return [...(method.options.includes(UMAP_OPTION) ? [plain, { method, label: `${method.name} --umap`, values: { ...values, umap: true } }] : [plain]), ...variants];
});

for (const { method, label, values } of CLUSTERING_CASES) {
  test(`clustering checks: ${label}`, async () => {
    const build = (): Clusterer => method.create({ ...values, nClusters: 2, seed: 3 });
    await assert.rejects(build().predict(x), /not fitted/);
    await assert.rejects(build().fit(x.slice(0, 1)), /must not exceed the number of series \(1\)|nClusters \(2\)/);

    const model = await build().fit(x);
    if (values['umap'] === true) assert.equal((model as RepresentationClusterer<RepresentationClustererConfig>).clustering.kind, 'UmapKMeans');
    const labels = await model.predict(x);
    assert.equal(labels.length, x.length);
    assert.ok(labels.every((c) => c === 0 || c === 1));
    const assigned = await model.assignments(x);
    assert.deepEqual(assigned.clusters, labels);
    if (assigned.score) assert.equal(assigned.score.values.length, x.length);

    // It learns: the two shapes are told apart.
    assert.ok(clusteringScores(y, labels).ri >= 0.9, `${label} RI ${clusteringScores(y, labels).ri}`);
    // Same seed, same result.
    assert.deepEqual(await (await build().fit(x)).predict(x), labels);
    await commonChecks(model, (c) => method.fromConfig(c), async (loaded) => {
      assert.ok(loaded instanceof Clusterer);
      assert.deepEqual(await loaded.assignments(x), assigned);
    });
  });
}

for (const method of CLASSIFICATION_METHODS) {
  test(`classification checks: ${method.name}`, async () => {
    const values = tinyValues(TINY_CLASSIFIERS, method.name);
    const build = (extra: MethodValues = {}): Classifier => method.create({ ...values, ...extra, seed: 3 });
    // Half the rows of each class keep their label.
    const partial = Array.from(y, (c, i) => (i % 4 < 2 ? c : null));
    await assert.rejects(build().predict(x), /not fitted/);

    const model = await build().fit(x, partial);
    const probabilities = await model.predictProba(x);
    assert.equal(probabilities.length, x.length);
    for (const row of probabilities) {
      assert.equal(row.length, 2);
      assert.ok(Math.abs(row[0]! + row[1]! - 1) < 1e-5);
    }
    const predicted = await model.predict(x);
    // It beats chance on two trivially different shapes.
    assert.ok(accuracy(y, predicted) >= 0.75, `${method.name} accuracy ${accuracy(y, predicted)}`);
    // Same seed, same result (on a short fit: the networks are trained twice).
    const short = async (): Promise<Float32Array[]> => {
      const twice = await build({ epochs: 2 }).fit(x, partial);
      const out = await twice.predictProba(x);
      twice.dispose();
      return out;
    };
    assert.deepEqual(await short(), await short());
    await commonChecks(model, (c) => method.fromConfig(c), async (loaded) => {
      assert.ok(loaded instanceof Classifier);
      assert.deepEqual(await loaded.predictProba(x), probabilities);
    });
  });
}

test('loadModel names what is wrong with a folder', async () => {
  const dir = scratch();
  try {
    await assert.rejects(loadModel(join(dir, 'absent')), /absent: no such folder/);
    await assert.rejects(loadModel(dir), /no model\.json here: not a saved Tempora model/);
    mkdirSync(join(dir, 'odd'));
    writeFileSync(join(dir, 'odd', 'model.json'), JSON.stringify({ format: 2, kind: 'Prophet', config: {}, state: {}, weights: [] }));
    await assert.rejects(loadModel(join(dir, 'odd')), /holds a model of kind 'Prophet', which this Tempora cannot load/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
