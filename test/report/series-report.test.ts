import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settingText } from '../../src/report/run-report.js';
import { seriesReport } from '../../src/report/series-report.js';
import { bandChart } from '../../src/report/svg/band-chart.js';
import type { LabelledSplit } from '../../src/data/types.js';

test('settings cells stay short: objects as name-value pairs to 4 digits, arrays as lists', () => {
  assert.equal(settingText({ reconstruction: 0.123456789, total: 2, nested: { a: 1 } }), 'reconstruction 0.1235; total 2; nested a 1');
  assert.equal(settingText([1, 4, 16]), '1, 4, 16');
  assert.equal(settingText(0.000123456789), '0.000123457');
  assert.equal(settingText(true), 'true');
});

test('series report: the K curve, clusters by t-SNE and by label, cluster means, settings', () => {
  const rows = 12;
  const series = Array.from({ length: rows }, (_, r) => [Float64Array.from({ length: 8 }, (_, t) => (r % 2) * 5 + Math.sin(t + r))]);
  const split: LabelledSplit = { series, labels: Int32Array.from({ length: rows }, (_, r) => r % 2), classNames: ['a', 'b'], channels: 1, equalLength: true, length: 8, source: 'x.csv' };
  const clusters = Int32Array.from({ length: rows }, (_, r) => r % 2);
  const html = seriesReport({
    title: 'kmeans on x.csv',
    split,
    clusters,
    representation: series.map((row) => row[0]!),
    representationName: 'the series',
    curve: { criterion: 'silhouette', points: [{ k: 2, value: 0.8 }, { k: 3, value: 0.5 }], chosen: 2 },
    scores: { ri: 1, nmi: 1 },
    settings: { file: 'x.csv', finalLosses: { a: 0.123456, b: 1 } },
  });
  for (const part of ['Choice of K', 'K = 2, the highest silhouette over K = 2..3.', 't-SNE by cluster', 't-SNE by label', 'cluster means', 'sizes: 6, 6', 'a 0.1235; b 1', "Scores against the file's labels"]) {
    assert.ok(html.includes(part), part);
  }
});

test('band chart draws a band and a mean line per series, and refuses non-finite values', () => {
  const svg = bandChart({ title: 'means', xLabel: 't', yLabel: 'v', bands: [{ name: 'c0', mean: [1, 2, 3], spread: [0.5, 0.5, 0.5] }, { name: 'c1', mean: [0, 0, 0], spread: [1, 1, 1] }] });
  assert.equal((svg.match(/<polygon/g) ?? []).length, 2);
  assert.throws(() => bandChart({ title: 'bad', xLabel: 't', yLabel: 'v', bands: [{ name: 'c', mean: [NaN], spread: [0] }] }), /needs finite means/);
});
