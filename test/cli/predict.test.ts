import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initBackend } from '../../src/backend/index.js';
import { loadDataset } from '../../src/data/dataset.js';
import { CYLINDER_BELL_FUNNEL } from '../../src/data/synthetic/cylinder-bell-funnel.js';
import { generateDataset } from '../../src/data/synthetic/generator.js';
import type { LabelledSplit } from '../../src/data/types.js';
import { classifyDataset } from '../../src/experiments/classification-protocol.js';
import { clusterDataset } from '../../src/experiments/clustering-protocol.js';
import type { MethodValues } from '../../src/models/base/method-spec.js';
import { classificationMethod, clusteringMethod } from '../../src/models/registry.js';
import { writeDatasets } from '../data/fixtures.js';

await initBackend('cpu');

const main = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [main, ...args], { encoding: 'utf8' });

function toTsv(split: LabelledSplit, length = 32): string {
  return split.series.map((row, i) => [split.labels[i], ...row[0]!.slice(0, length)].join('\t')).join('\n') + '\n';
}

const generated = generateDataset(CYLINDER_BELL_FUNNEL, { trainPerClass: 4, testPerClass: 5, seed: 5 });
const root = writeDatasets({
  Gen: { ext: '.tsv', train: toTsv(generated.train), test: toTsv(generated.test) },
  Short: { ext: '.tsv', train: toTsv(generated.train, 20), test: toTsv(generated.test, 20) },
});
const gen = join(root, 'Gen');
const dataset = loadDataset(gen);

/** The `cluster` / `predict` column of predict's CSV output. */
function column(csv: string, name: string): number[] {
  const [header, ...lines] = csv.trim().split('\n');
  const index = header!.split(',').indexOf(name);
  assert.ok(index >= 0, `no column ${name} in ${header}`);
  return lines.map((line) => Number(line.split(',')[index]));
}

const clustering: [string, MethodValues, string[]][] = [
  ['kmeans', {}, []],
  ['dtcr', { units: [4, 3], dilations: [1, 2], epochs: 2 }, ['--units', '4,3', '--dilations', '1,2', '--epochs', '2']],
];

for (const [name, values, flags] of clustering) {
  test(`tempora predict --model reproduces the TEST clusters of a saved ${name} model`, async () => {
    const saved = join(root, `${name}-model`);
    const fitted = run('cluster', gen, '--method', name, ...flags, '--seed', '2', '--backend', 'cpu', '--save', saved, '--json');
    assert.equal(fitted.status, 0, fitted.stderr);
    const expected = await clusterDataset(dataset, { method: clusteringMethod(name), values, seed: 2 });
    const predicted = run('predict', gen, '--model', saved, '--backend', 'cpu');
    assert.equal(predicted.status, 0, predicted.stderr);
    assert.deepEqual(column(predicted.stdout, 'cluster'), Array.from(expected.labels));
    assert.deepEqual(column(predicted.stdout, 'row'), Array.from(expected.labels, (_, i) => i + 1));
    assert.ok(column(predicted.stdout, 'distance').every((d) => d >= 0));
    const out = join(root, `${name}.jsonl`);
    assert.equal(run('predict', gen, '--model', saved, '--backend', 'cpu', '--out', out).status, 0);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => l.cluster), Array.from(expected.labels));
  });
}

test('tempora predict --model reproduces the TEST classes of a saved cd-hard model', async () => {
  const saved = join(root, 'cd-model');
  const flags = ['--epochs', '2', '--filters', '4,6', '--kernel-sizes', '3,3,2', '--batch-norm-momentum', '0.5'];
  const fitted = run('classify', gen, '--method', 'cd-hard', ...flags, '--labelled', '0.5', '--seed', '1', '--backend', 'cpu', '--save', saved, '--json', '--quiet');
  assert.equal(fitted.status, 0, fitted.stderr);
  const expected = await classifyDataset(dataset, {
    method: classificationMethod('cd-hard'),
    values: { epochs: 2, filters: [4, 6], kernelSizes: [3, 3, 2], batchNormMomentum: 0.5 },
    labelled: 0.5,
    seed: 1,
  });
  const predicted = run('predict', gen, '--model', saved, '--backend', 'cpu');
  assert.equal(predicted.status, 0, predicted.stderr);
  assert.deepEqual(column(predicted.stdout, 'class'), Array.from(expected.predicted));
  // The most probable of three classes has at least a third.
  assert.ok(column(predicted.stdout, 'probability').every((p) => p >= 1 / 3 - 1e-6 && p <= 1));
});

test('tempora predict names a folder that is not a model and data the model was not fitted for', () => {
  const saved = join(root, 'kmeans-for-errors');
  assert.equal(run('cluster', gen, '--method', 'kmeans', '--save', saved).status, 0);
  const notModel = run('predict', gen, '--model', root);
  assert.equal(notModel.status, 2);
  assert.match(notModel.stderr, /no model\.json here: not a saved Tempora model/);
  const missing = run('predict', gen, '--model', join(root, 'nowhere'));
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /nowhere: no such folder/);
  const shorter = run('predict', join(root, 'Short'), '--model', saved);
  assert.equal(shorter.status, 2);
  assert.match(shorter.stderr, /the KMeans model was fitted on series of length 32, got length 20/);
});
