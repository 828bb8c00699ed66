import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CYLINDER_BELL_FUNNEL } from '../../src/data/synthetic/cylinder-bell-funnel.js';
import { generateDataset } from '../../src/data/synthetic/generator.js';
import { toSeriesMatrix } from '../../src/data/series-matrix.js';
import { dataRoot } from '../../src/data/data-root.js';
import { clusteringScores } from '../../src/evaluation/metrics/clustering-scores.js';
import { KMeans } from '../../src/models/classic/kmeans.js';
import type { LabelledSplit } from '../../src/data/types.js';
import { writeDatasets } from '../data/fixtures.js';

const main = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [main, ...args], { encoding: 'utf8' });

function toTsv(split: LabelledSplit): string {
  return split.series.map((row, i) => [split.labels[i], ...row[0]!].join('\t')).join('\n') + '\n';
}

const generated = generateDataset(CYLINDER_BELL_FUNNEL, { trainPerClass: 5, testPerClass: 20, seed: 3 });

test('tempora cluster --method kmeans --json follows the protocol: k-means on TEST, K = classes', async () => {
  const root = writeDatasets({ Gen: { ext: '.tsv', train: toTsv(generated.train), test: toTsv(generated.test) } });
  const result = run('cluster', join(root, 'Gen'), '--method', 'kmeans', '--seed', '4', '--n-init', '3', '--json');
  assert.equal(result.status, 0, result.stderr);
  const out = JSON.parse(result.stdout);
  const labels = await new KMeans({ nClusters: 3, nInit: 3, seed: 4 }).fitPredict(toSeriesMatrix(generated.test));
  const expected = clusteringScores(generated.test.labels, labels);
  for (const key of ['ri', 'nmi', 'ari', 'acc'] as const) assert.ok(Math.abs(out[key] - expected[key]) < 1e-12, key);
  assert.equal(out.method, 'kmeans');
  assert.equal(out.settings.k, 3);
  assert.equal(out.settings.seed, 4);
  assert.equal(out.settings.nInit, 3);
  assert.equal(out.settings.rows, 60);
});

test('tempora cluster prints the four scores, takes --k, and rejects bad options', () => {
  const root = writeDatasets({ Gen: { ext: '.tsv', train: toTsv(generated.train), test: toTsv(generated.test) } });
  const text = run('cluster', join(root, 'Gen'), '--method', 'kmeans', '--k', '5');
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /^Gen: kmeans, k=5, seed 0, 60 TEST series\nRI  0\.\d{4}\nNMI 0\.\d{4}\nARI -?0\.\d{4}\nACC 0\.\d{4}\n$/);
  const unknown = run('cluster', join(root, 'Gen'), '--method', 'spectral');
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown method 'spectral' \(allowed: kmeans/);
  const badK = run('cluster', join(root, 'Gen'), '--method', 'kmeans', '--k', '61');
  assert.equal(badK.status, 2);
  assert.match(badK.stderr, /--k must be an integer between 1 and the 60 TEST series, got 61/);
  const badInit = run('cluster', join(root, 'Gen'), '--method', 'kmeans', '--n-init', '0');
  assert.equal(badInit.status, 2);
  assert.match(badInit.stderr, /--n-init must be an integer >= 1, got '0'/);
});

test('tempora cluster --encoder: one help line lists every method\'s choices, dilated reaches resnet-ae, and each method rejects the others\' encoders', () => {
  const help = run('cluster', '--help');
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout.replace(/\s+/g, ' '), /--encoder <name> dec, idec: 'dense' .* or 'resnet'; resnet-ae: 'resnet' \(default\) or 'dilated'/);
  const root = writeDatasets({ Gen: { ext: '.tsv', train: toTsv(generated.train), test: toTsv(generated.test) } });
  const dilated = run('cluster', join(root, 'Gen'), '--method', 'resnet-ae', '--encoder', 'dilated', '--depth', '1', '--channels', '3', '--reduced-size', '4', '--latent-size', '3', '--epochs', '1', '--backend', 'cpu', '--json');
  assert.equal(dilated.status, 0, dilated.stderr);
  const settings = JSON.parse(dilated.stdout).settings;
  assert.deepEqual([settings.encoder, settings.depth, settings.channels, settings.reducedSize], ['dilated', 1, 3, 4]);
  const decDilated = run('cluster', join(root, 'Gen'), '--method', 'dec', '--encoder', 'dilated');
  assert.equal(decDilated.status, 2);
  assert.match(decDilated.stderr, /--encoder must be one of 'dense', 'resnet', got 'dilated'/);
  const aeDense = run('cluster', join(root, 'Gen'), '--method', 'resnet-ae', '--encoder', 'dense');
  assert.equal(aeDense.status, 2);
  assert.match(aeDense.stderr, /--encoder must be one of 'resnet', 'dilated', got 'dense'/);
  const depthOnDec = run('cluster', join(root, 'Gen'), '--method', 'dec', '--depth', '3');
  assert.equal(depthOnDec.status, 2);
  assert.match(depthOnDec.stderr, /--depth applies to --method resnet-ae, not dec/);
});

const coffee = dataRoot() !== null && existsSync(join(dataRoot()!, 'Coffee'));
test('tempora cluster Coffee --method kmeans on the real UCR data (needs the UCR data folder)', { skip: coffee ? false : 'needs the UCR data folder' }, () => {
  const result = run('cluster', 'Coffee', '--method', 'kmeans', '--json');
  assert.equal(result.status, 0, result.stderr);
  const out = JSON.parse(result.stdout);
  assert.equal(out.dataset, 'Coffee');
  assert.equal(out.settings.k, 2);
  assert.equal(out.settings.rows, 28);
  for (const key of ['ri', 'nmi', 'acc']) assert.ok(out[key] >= 0 && out[key] <= 1, key);
});

test('tempora cluster --report writes a self-contained HTML report with the t-SNE figures', () => {
  const root = writeDatasets({ Gen: { ext: '.tsv', train: toTsv(generated.train), test: toTsv(generated.test) } });
  const file = join(root, 'report.html');
  const result = run('cluster', join(root, 'Gen'), '--method', 'kmeans', '--n-init', '2', '--report', file);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stderr, /report written to .*report\.html/);
  const html = readFileSync(file, 'utf8');
  assert.match(html, /<title>kmeans on Gen<\/title>/);
  assert.equal((html.match(/<figure>/g) ?? []).length, 2);
  assert.match(html, /t-SNE of the raw TEST series/);
});

test('tempora demo prints RI and NMI of k-means, UMAP + k-means and DTCR on generated Cylinder-Bell-Funnel data, then its report', () => {
  const file = join(writeDatasets({}), 'demo.html');
  const result = run('demo', '--per-class', '10', '--train-per-class', '3', '--epochs', '2', '--backend', 'cpu', '--report', file);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /report: .*demo\.html\n$/);
  const html = readFileSync(file, 'utf8');
  assert.match(html, /t-SNE of the DTCR representation of the TEST series/);
  assert.match(html, /Training curve of the reconstruction loss/);
  assert.match(result.stdout, /Cylinder-Bell-Funnel, generated with seed 0: DTCR trained on 9 TRAIN series, all three methods cluster 30 TEST series of length 128 into 3/);
  assert.match(result.stdout, /\nk-means +0\.\d{4} +-?0\.\d{4} +\d+ s\nUMAP \+ k-means +0\.\d{4} +-?0\.\d{4} +\d+ s\nDTCR +0\.\d{4} +-?0\.\d{4} +\d+ s\n/);
});
