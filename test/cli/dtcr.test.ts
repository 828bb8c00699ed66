import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CYLINDER_BELL_FUNNEL } from '../../src/data/synthetic/cylinder-bell-funnel.js';
import { generateDataset } from '../../src/data/synthetic/generator.js';
import type { LabelledSplit } from '../../src/data/types.js';
import { writeDatasets } from '../data/fixtures.js';

const main = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [main, ...args], { encoding: 'utf8' });

function toTsv(split: LabelledSplit): string {
  return split.series.map((row, i) => [split.labels[i], ...row[0]!].join('\t')).join('\n') + '\n';
}

const generated = generateDataset(CYLINDER_BELL_FUNNEL, { trainPerClass: 3, testPerClass: 6, seed: 3 });

test('tempora cluster --method dtcr trains on TRAIN, clusters TEST, reports the settings and saves the model', () => {
  const root = writeDatasets({ Gen: { ext: '.tsv', train: toTsv(generated.train), test: toTsv(generated.test) } });
  const saved = join(root, 'model');
  const args = ['cluster', join(root, 'Gen'), '--method', 'dtcr', '--epochs', '2', '--units', '4,3', '--dilations', '1,2', '--lambda', '0.1'];
  const result = run(...args, '--lr', '0.01', '--seed', '2', '--save', saved, '--backend', 'cpu', '--json');
  assert.equal(result.status, 0, result.stderr);
  const out = JSON.parse(result.stdout);
  assert.equal(out.method, 'dtcr');
  assert.equal(out.settings.rows, generated.test.labels.length);
  assert.deepEqual(out.settings.units, [4, 3]);
  assert.deepEqual(out.settings.dilations, [1, 2]);
  assert.equal(out.settings.lambda, 0.1);
  assert.equal(out.settings.learningRate, 0.01);
  assert.equal(out.settings.epochsTrained, 2);
  for (const key of ['ri', 'nmi', 'acc']) assert.ok(out[key] >= 0 && out[key] <= 1, key);
  assert.ok(existsSync(join(saved, 'model.json')) && existsSync(join(saved, 'weights.bin')));
  assert.equal(JSON.parse(readFileSync(join(saved, 'model.json'), 'utf8')).state.kmeans.kind, 'KMeans', 'the k-means lives inside the one model file');
  const again = run(...args, '--lr', '0.01', '--seed', '2', '--backend', 'cpu', '--json');
  assert.equal(JSON.parse(again.stdout).ri, out.ri);
  const ablated = JSON.parse(run(...args, '--no-kmeans-loss', '--no-classifier', '--backend', 'cpu', '--json').stdout);
  assert.equal(ablated.settings.kmeansLoss, false);
  assert.equal(ablated.settings.classifier, false);
  const robust = run(...args, '--epochs', '3', '--robustness', '2,1,classification', '--backend', 'cpu', '--json');
  assert.equal(robust.status, 0, robust.stderr);
  assert.deepEqual(JSON.parse(robust.stdout).settings.robustness, { fromEpoch: 2, epochs: 1, keep: 'classification' });
});

test('tempora cluster --method dtcr rejects bad DTCR options clearly', () => {
  const root = writeDatasets({ Gen: { ext: '.tsv', train: toTsv(generated.train), test: toTsv(generated.test) } });
  const bad = (extra: string[], message: RegExp): void => {
    const result = run('cluster', join(root, 'Gen'), '--method', 'dtcr', '--backend', 'cpu', ...extra);
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, message);
  };
  bad(['--units', '4,x'], /--units must be a comma-separated list of positive integers, got '4,x'/);
  bad(['--units', '4,3', '--dilations', '1,100'], /too short for dilation 100/);
  bad(['--preset', 'best'], /unknown DTCR preset "best"/);
  bad(['--robustness', '2,1,decoder'], /--robustness must be FROM,EPOCHS,KEEP with KEEP 'reconstruction' or 'classification', got '2,1,decoder'/);
  bad(['--epochs', '3', '--robustness', '3,2,reconstruction'], /robustness run \(epochs 3\.\.4\) ends after the last epoch 3/);
  bad(['--k', '10'], /nClusters \(10\) must not exceed the number of training series \(9\)/);
  const foreign = run('cluster', join(root, 'Gen'), '--method', 'kmeans', '--epochs', '3');
  assert.equal(foreign.status, 2);
  assert.match(foreign.stderr, /--epochs applies to --method dtcr, not kmeans/);
});

test('Ctrl-C (SIGINT) stops DTCR training cleanly and still scores what was learned', async () => {
  const root = writeDatasets({ Gen: { ext: '.tsv', train: toTsv(generated.train), test: toTsv(generated.test) } });
  const child = spawn(process.execPath, [main, 'cluster', join(root, 'Gen'), '--method', 'dtcr', '--epochs', '100000', '--units', '4,3', '--dilations', '1,2', '--backend', 'cpu', '--json']);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    // Training starts right after the backend line; let it run a moment, then interrupt.
    if (/backend cpu/.test(stderr) && interrupt === null) interrupt = setTimeout(() => child.kill('SIGINT'), 2000);
  });
  let interrupt: NodeJS.Timeout | null = null;
  const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(guard);
  assert.equal(code, 0, stderr);
  assert.match(stderr, /stopping after this step/);
  const out = JSON.parse(stdout);
  assert.equal(out.settings.stoppedEarly, true);
  assert.ok(out.settings.epochsTrained < 100000);
  assert.ok(out.ri >= 0 && out.ri <= 1);
});
