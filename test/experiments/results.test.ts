import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ResultsStore, runKey, type RunRecord } from '../../src/experiments/results-store.js';
import { summarise } from '../../src/experiments/summary.js';
import { readPaperTable } from '../../src/experiments/paper-tables.js';

const run = (dataset: string, method: string, seed: number, ri: number): Omit<RunRecord, 'key'> => ({
  dataset,
  method,
  seed,
  settings: { budget: 'quick' },
  metrics: { ri },
  seconds: 1,
  versions: { tempora: 'test' },
  finishedAt: '2026-01-01T00:00:00Z',
});

test('run keys ignore the order of settings', () => {
  const a = runKey({ dataset: 'd', method: 'm', seed: 1, settings: { a: 1, b: 'x' } });
  const b = runKey({ dataset: 'd', method: 'm', seed: 1, settings: { b: 'x', a: 1 } });
  assert.equal(a, b);
});

test('the store appends, reloads, skips done runs and survives a torn last line', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'tempora-results-')), 'results.jsonl');
  const store = new ResultsStore(path);
  store.append(run('Coffee', 'dtcr', 0, 0.9));
  store.append(run('Coffee', 'dtcr', 1, 0.8));
  appendFileSync(path, '{"key": "Coffee|dtcr|seed=2');
  const again = new ResultsStore(path);
  assert.equal(again.all().length, 2);
  assert.deepEqual(again.skippedLines, [3]);
  assert.ok(again.has({ dataset: 'Coffee', method: 'dtcr', seed: 1, settings: { budget: 'quick' } }));
  assert.ok(!again.has({ dataset: 'Coffee', method: 'dtcr', seed: 2, settings: { budget: 'quick' } }));
});

test('a corrupt line in the middle is an error naming the line', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'tempora-results-')), 'results.jsonl');
  writeFileSync(path, 'garbage\n' + JSON.stringify({ key: 'k', metrics: {} }) + '\n' + JSON.stringify({ key: 'k2', metrics: {} }) + '\n');
  assert.throws(() => new ResultsStore(path), /results\.jsonl:1: not a JSON run record/);
});

test('summaries give means, sds, ranks, wins/ties/losses and tests', () => {
  const records: RunRecord[] = [];
  const datasets = ['A', 'B', 'C', 'D', 'E', 'F'];
  datasets.forEach((d, i) => {
    for (const seed of [0, 1]) {
      records.push({ key: `${d}|dtcr|${seed}`, ...run(d, 'dtcr', seed, 0.8 + 0.01 * i + 0.01 * seed) });
      records.push({ key: `${d}|kmeans|${seed}`, ...run(d, 'kmeans', seed, i === 5 ? 0.805 + 0.01 * i + 0.01 * seed : 0.7) });
    }
  });
  const s = summarise(records, { metric: 'ri', methods: ['dtcr', 'kmeans'], paper: (d, m) => (d === 'A' && m === 'dtcr' ? 0.93 : undefined) });
  const a = s.cells.get('A')!.get('dtcr')!;
  assert.ok(Math.abs(a.mean - 0.805) < 1e-12);
  assert.ok(Math.abs(a.sd - Math.sqrt(0.00005)) < 1e-12);
  assert.deepEqual(s.averageRanks, [(5 * 1 + 2) / 6, (5 * 2 + 1) / 6]);
  assert.deepEqual(s.comparisons.map((c) => [c.wins, c.ties, c.losses]), [[1, 0, 5]]);
  assert.ok(s.comparisons[0]!.wilcoxon!.pValue < 0.2);
  assert.ok(s.friedman && s.nemenyi);
  assert.deepEqual(s.table.columns, ['dataset', 'dtcr', 'dtcr sd', 'dtcr paper', 'kmeans', 'kmeans sd', 'kmeans paper']);
  assert.equal(s.table.rows[0]![3], 0.93);
  assert.ok(s.table.emphasis!.has('0,1'));

  // Another study's column stands beside the methods it has values for.
  const withStudy = summarise(records, { metric: 'ri', methods: ['dtcr', 'kmeans'], study: { name: 'other', value: (d, m) => (m === 'kmeans' && d === 'A' ? 0.5 : undefined) } });
  assert.deepEqual(withStudy.table.columns, ['dataset', 'dtcr', 'dtcr sd', 'kmeans', 'kmeans sd', 'kmeans other']);
  assert.equal(withStudy.table.rows[0]![5], 0.5);
  assert.equal(withStudy.table.rows[1]![5], null);

  // A method not run yet is left out of the ranks and the table.
  const partial = summarise(records, { metric: 'ri', methods: ['dtcr', 'resnet-ae', 'kmeans'] });
  assert.deepEqual(partial.ranked, ['dtcr', 'kmeans']);
  assert.deepEqual(partial.averageRanks, s.averageRanks);
  assert.equal(partial.completeDatasets.length, datasets.length);
  assert.deepEqual(partial.table.columns, ['dataset', 'dtcr', 'dtcr sd', 'kmeans', 'kmeans sd']);
});

test('paper tables load from the shared folder (needs ../shared/papers)', { skip: existsSync('../shared/papers/dtcr_paper_ri.tsv') ? false : 'needs ../shared/papers' }, () => {
  const ri = readPaperTable('../shared/papers/dtcr_paper_ri.tsv');
  assert.equal(ri.get('Coffee')!.get('DTCR'), 0.9286);
  const cd = readPaperTable('../shared/papers/cd_paper_accuracy.tsv', 2);
  assert.equal(cd.get('ArrowHead|CD-hard')!.get('p9'), 0.5062);
});

