import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Random } from '../../src/core/random.js';
import { nemenyiTest } from '../../src/evaluation/statistics/nemenyi.js';
import { renderReport } from '../../src/report/html.js';
import { tsne } from '../../src/evaluation/embedding/tsne.js';
import { cdDiagram } from '../../src/report/svg/cd-diagram.js';
import { lineChart } from '../../src/report/svg/line-chart.js';
import { scatterPlot } from '../../src/report/svg/scatter.js';
import { tableToCsv, tableToHtml, tableToMarkdown, type Table } from '../../src/experiments/table.js';
import { checkPage, hasChromium } from '../support/browser.js';

function sampleReport(): string {
  const rng = new Random(4);
  const classes = Array.from({ length: 45 }, (_, i) => i % 3);
  const points = classes.map((c) => [c * 5 + rng.normal(), rng.normal(), c * 2 + rng.normal()]);
  const embedded = tsne(points, { seed: 1, iterations: 300 });
  const ranks = [3.143, 2.0, 2.893, 1.964];
  const nemenyi = nemenyiTest(ranks, 14);
  const table: Table = { columns: ['dataset', 'DTCR', 'k-means'], rows: [['Coffee', 0.93, 0.75], ['ECG200 <b>', 0.66, null]], emphasis: new Set(['0,1']) };
  return renderReport({
    title: 'Tempora report <test>',
    subtitle: ['seed 0'],
    sections: [
      {
        heading: 'Representation',
        figures: [{ svg: scatterPlot({ title: 't-SNE', points: embedded, classes, classNames: ['a', 'b', 'c'] }), caption: 't-SNE of the representation' }],
      },
      {
        heading: 'Training',
        figures: [
          {
            svg: lineChart({ title: 'losses', xLabel: 'epoch', yLabel: 'loss', series: [{ name: 'reconstruction', points: [[1, 2], [2, 1.5], [3, 1.2]] }, { name: 'kmeans', points: [[1, 0.5], [2, 0.4], [3, NaN]] }] }),
            caption: 'Training curves',
          },
        ],
      },
      {
        heading: 'Significance',
        figures: [{ svg: cdDiagram({ title: 'CD', names: ['C4.5', 'C4.5+m', 'C4.5+cf', 'C4.5+m+cf'], averageRanks: ranks, criticalDifference: nemenyi.criticalDifference, cliques: nemenyi.cliques }), caption: 'Critical difference' }],
        html: tableToHtml(table),
      },
    ],
  });
}

test('tables render as Markdown, CSV and HTML with escaping', () => {
  const table: Table = { columns: ['name', 'v'], rows: [['a|b', 0.123456], ['c,"d"', null]], digits: 2, emphasis: new Set(['0,1']) };
  assert.equal(tableToMarkdown(table), '| name | v |\n| --- | ---: |\n| a\\|b | **0.12** |\n| c,"d" |  |\n');
  assert.equal(tableToCsv(table), 'name,v\na|b,0.123456\n"c,""d""",\n');
  assert.match(tableToHtml(table), /<td class="best">0\.12<\/td>/);
});

test('the report is one self-contained file with escaped text', () => {
  const html = sampleReport();
  assert.doesNotMatch(html, /<script|https?:\/\/(?!www\.w3\.org)/);
  assert.match(html, /Tempora report &lt;test&gt;/);
  assert.match(html, /ECG200 &lt;b&gt;/);
  assert.equal((html.match(/<figure>/g) ?? []).length, 3);
});

test('the report renders in headless Chromium with every figure drawn (needs Debian chromium)', { skip: hasChromium ? false : 'needs Debian chromium at /usr/bin/chromium' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tempora-report-'));
  const file = join(dir, 'report.html');
  writeFileSync(file, sampleReport());
  const check = await checkPage(file, process.env['TEMPORA_SCREENSHOT']);
  assert.deepEqual(check.errors, []);
  assert.equal(check.figures.length, 3);
  for (const f of check.figures) {
    assert.ok(f.width > 100 && f.height > 50, `${f.caption}: drawn at ${f.width}x${f.height}`);
    assert.ok(f.shapes > 3, `${f.caption}: ${f.shapes} shapes`);
  }
});
