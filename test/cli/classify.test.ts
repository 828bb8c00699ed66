import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CYLINDER_BELL_FUNNEL } from '../../src/data/synthetic/cylinder-bell-funnel.js';
import { generateDataset } from '../../src/data/synthetic/generator.js';
import type { LabelledSplit } from '../../src/data/types.js';
import { writeDatasets } from '../data/fixtures.js';
import { tempFiles } from '../temp-files.js';

const main = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [main, ...args], { encoding: 'utf8' });

function toTsv(split: LabelledSplit): string {
  return split.series.map((row, i) => [split.labels[i], ...row[0]!.slice(0, 24)].join('\t')).join('\n') + '\n';
}

const generated = generateDataset(CYLINDER_BELL_FUNNEL, { trainPerClass: 4, testPerClass: 3, seed: 2 });
const root = writeDatasets({ Gen: { ext: '.tsv', train: toTsv(generated.train), test: toTsv(generated.test) } });

test('tempora classify --json trains with a labelled fraction and reports accuracy, precision, recall and settings', () => {
  const saved = join(tempFiles('classify').dir, 'model');
  const result = run('classify', join(root, 'Gen'), '--method', 'cd-soft', '--labelled', '0.5', '--epochs', '1', '--seed', '3', '--json', '--quiet', '--backend', 'wasm', '--save', saved);
  assert.equal(result.status, 0, result.stderr);
  const out = JSON.parse(result.stdout);
  for (const key of ['accuracy', 'precision', 'recall']) assert.ok(out[key] >= 0 && out[key] <= 1, key);
  assert.equal(out.method, 'cd-soft');
  assert.deepEqual([out.settings.labelled, out.settings.labelledRows, out.settings.trainRows, out.settings.epochs, out.settings.seed], [0.5, 6, 12, 1, 3]);
  assert.ok(existsSync(join(saved, 'model.json')) && existsSync(join(saved, 'weights.bin')));
  assert.equal(JSON.parse(readFileSync(join(saved, 'model.json'), 'utf8')).state.teacher.kind, 'SupResNet', 'the teacher lives inside the one model file');
});

test('tempora classify trains the recommended method when --method is not given', () => {
  const result = run('classify', join(root, 'Gen'), '--labelled', '0.5', '--epochs', '1', '--json', '--quiet', '--backend', 'wasm');
  assert.equal(result.status, 0, result.stderr);
  assert.equal(JSON.parse(result.stdout).method, 'mean-teacher');
});

test('tempora classify names a fraction that leaves a class without labels, and a bad method', () => {
  const tooFew = run('classify', join(root, 'Gen'), '--labelled', '0.05', '--epochs', '1', '--quiet', '--backend', 'wasm');
  assert.equal(tooFew.status, 2);
  assert.match(tooFew.stderr, /labelled fraction 0\.05 leaves class "\d" \(4 rows\) without a labelled row/);
  const badMethod = run('classify', join(root, 'Gen'), '--method', 'svm', '--backend', 'wasm');
  assert.equal(badMethod.status, 2);
  assert.match(badMethod.stderr, /unknown method 'svm' \(allowed: cd-hard, cd-soft, sup-resnet, kd, self-training, mean-teacher, fixmatch, semitime\)/);
});
