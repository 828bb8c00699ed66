import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunArtifact } from '../../src/experiments/experiment.js';
import type { RunRecord } from '../../src/experiments/results-store.js';
import { resultsReport } from '../../src/report/results-report.js';
import { FAKE } from '../support/fake-experiment.js';
import { checkPage, hasChromium } from '../support/browser.js';

function records(methods: readonly string[] = FAKE.methods): RunRecord[] {
  const out: RunRecord[] = [];
  for (const dataset of ['A', 'B', 'C']) {
    for (const method of methods) {
      for (const seed of [0, 1]) {
        const score = (method === 'good' ? 0.9 : 0.6) + 0.01 * seed + (dataset === 'C' ? 0.05 : 0);
        out.push({ key: `${dataset}|${method}|${seed}`, dataset, method, seed, settings: { budget: 'quick' }, metrics: { score }, seconds: 60, versions: {}, finishedAt: '' });
      }
    }
  }
  return out;
}

const artifact = (key: string): RunArtifact | null =>
  key.startsWith('A|good|0')
    ? {
        layout: { points: [[0, 0], [1, 1], [5, 5], [6, 5]], classes: [0, 0, 1, 1], classNames: ['x', 'y'] },
        history: [1, 2, 3].map((epoch) => ({ epoch, epochs: 3, losses: { total: 1 / epoch, kmeans: 0.1 / epoch }, seconds: epoch })),
      }
    : null;

test('the results report holds the summary, the tests, the CD diagram and the runs\' pictures', () => {
  const report = resultsReport({ experiment: FAKE, records: records(), artifact, subtitle: ['budget quick'] });
  assert.deepEqual(report.tables.map((t) => t.name), ['score', 'score-tests', 'score-friedman']);
  const summary = report.tables[0]!.table;
  assert.deepEqual(summary.columns, ['dataset', 'good', 'good sd', 'good paper', 'bad', 'bad sd', 'bad paper']);
  assert.equal(summary.rows[0]![3], 0.99);
  const tests = report.tables[1]!.table;
  assert.deepEqual(tests.columns, ['method', 'mean', 'average rank', 'wins/ties/losses vs good', 'Wilcoxon p vs good']);
  assert.deepEqual(tests.rows.map((r) => [r[0], r[2], r[3]]), [['good', 1, '(itself)'], ['bad', 2, '0/0/3']]);
  assert.ok(Math.abs((tests.rows[0]![1] as number) - (0.905 + 0.905 + 0.955) / 3) < 1e-12);
  assert.deepEqual(report.tables[2]!.table.rows[0]!.slice(0, 3), ['3', '2', 3]);
  assert.match(report.html, /Friedman chi2 = 3\.000/);
  assert.match(report.html, /12 runs over 3 datasets/);
  assert.equal((report.html.match(/<figure>/g) ?? []).length, 3);
});

test('a baseline gets its own wins/ties/losses and Wilcoxon columns beside the reference\'s', () => {
  const tests = resultsReport({ experiment: { ...FAKE, baseline: 'bad' }, records: records(), artifact }).tables[1]!.table;
  assert.deepEqual(tests.columns, ['method', 'mean', 'average rank', 'wins/ties/losses vs good', 'Wilcoxon p vs good', 'wins/ties/losses vs bad', 'Wilcoxon p vs bad']);
  assert.deepEqual(tests.rows.map((r) => [r[0], r[3], r[5]]), [['good', '(itself)', '3/0/0'], ['bad', '0/0/3', '(itself)']]);
});

test('the results report renders in headless Chromium (needs Debian chromium)', { skip: hasChromium ? false : 'needs Debian chromium at /usr/bin/chromium' }, async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'tempora-results-')), 'report.html');
  writeFileSync(file, resultsReport({ experiment: FAKE, records: records(), artifact }).html);
  const check = await checkPage(file);
  assert.deepEqual(check.errors, []);
  assert.equal(check.figures.length, 3);
  for (const f of check.figures) assert.ok(f.width > 100 && f.shapes > 3, `${f.caption}: ${f.width} wide, ${f.shapes} shapes`);
});

test('a report of many methods keeps every number on one line (needs Debian chromium)', { skip: hasChromium ? false : 'needs Debian chromium at /usr/bin/chromium' }, async () => {
  const methods = Array.from({ length: 10 }, (_, i) => `method-${i}`);
  const longName = (r: RunRecord): RunRecord => (r.dataset === 'C' ? { ...r, dataset: 'DistalPhalanxOutlineAgeGroup' } : r);
  const file = join(mkdtempSync(join(tmpdir(), 'tempora-results-')), 'report.html');
  writeFileSync(file, resultsReport({ experiment: { ...FAKE, methods, reference: methods[0]! }, records: records(methods).map(longName), artifact }).html);
  const check = await checkPage(file);
  assert.deepEqual(check.errors, []);
  assert.deepEqual(check.wrappedCells, []);
});
