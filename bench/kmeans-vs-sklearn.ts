/**
 * The acceptance check: mean RI over 5 seeds of `tempora cluster NAME --method kmeans`
 * against scikit-learn's KMeans(n_clusters=K, n_init=10) (mean over the same seeds), on the TEST
 * split of every dataset that is both in the DTCR paper's RI table and in the data folder.
 *
 *   npm run compare:kmeans [-- --seeds 5 --papers ../shared/papers/dtcr_paper_ri.tsv]
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { dataRoot } from '../src/data/data-root.js';
import { listDatasets, locateDataset } from '../src/data/dataset.js';
import { hasSklearn, runPython } from './sklearn.js';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '5' },
    papers: { type: 'string', default: resolve('..', 'shared', 'papers', 'dtcr_paper_ri.tsv') },
    only: { type: 'string' },
  },
});
const seeds = Array.from({ length: Number(values.seeds) }, (_, i) => i);
const cli = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

const SKLEARN = `
import json, sys
import numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import rand_score
job = json.load(sys.stdin)
out = {}
for d in job['datasets']:
    test = np.loadtxt(d['test'], delimiter='\\t', ndmin=2)
    train_labels = np.loadtxt(d['train'], delimiter='\\t', ndmin=2)[:, 0]
    y, x = test[:, 0], test[:, 1:]
    k = len(np.unique(np.concatenate([train_labels, y])))
    ri = [rand_score(y, KMeans(n_clusters=k, n_init=10, random_state=s).fit_predict(x)) for s in job['seeds']]
    out[d['name']] = {'k': k, 'ri': float(np.mean(ri)), 'runs': ri}
print(json.dumps(out))
`;

function paperDatasets(path: string): string[] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t')[0]!);
}

function oursMeanRi(name: string): { ri: number; runs: number[]; k: number } {
  const runs: number[] = [];
  let k = 0;
  for (const seed of seeds) {
    const result = spawnSync(process.execPath, [cli, 'cluster', name, '--method', 'kmeans', '--seed', String(seed), '--json'], {
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`tempora cluster ${name} failed: ${result.stderr}`);
    const out = JSON.parse(result.stdout) as { ri: number; settings: { k: number } };
    runs.push(out.ri);
    k = out.settings.k;
  }
  return { ri: mean(runs), runs, k };
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

const root = dataRoot();
if (root === null) throw new Error('no data folder: set TEMPORA_DATA or provide ../shared/data/ucr');
const available = new Set(listDatasets(root));
const names = paperDatasets(values.papers)
  .filter((name) => available.has(name))
  .filter((name) => values.only === undefined || values.only.split(',').includes(name));

const reference = hasSklearn()
  ? runPython<Record<string, { k: number; ri: number }>>(SKLEARN, {
      seeds,
      datasets: names.map((name) => {
        const files = locateDataset(name, root);
        return { name, train: files.train, test: files.test };
      }),
    })
  : null;
if (reference === null) process.stderr.write('scikit-learn not found: printing our RI only\n');

const lines = ['| dataset | K | ours (mean RI) | scikit-learn | difference |', '| --- | ---: | ---: | ---: | ---: |'];
const differences: number[] = [];
const oursAll: number[] = [];
for (const name of names) {
  const ours = oursMeanRi(name);
  oursAll.push(ours.ri);
  const theirs = reference?.[name];
  const diff = theirs === undefined ? NaN : ours.ri - theirs.ri;
  if (theirs !== undefined) differences.push(diff);
  lines.push(
    `| ${name} | ${ours.k} | ${ours.ri.toFixed(4)} | ${theirs?.ri.toFixed(4) ?? '-'} | ${Number.isNaN(diff) ? '-' : diff.toFixed(4)} |`,
  );
  process.stderr.write(`${name}: ours ${ours.runs.map((r) => r.toFixed(4)).join(' ')}\n`);
}
const sklearnMean = reference === null ? NaN : mean(names.map((n) => reference[n]!.ri));
lines.push(`| mean of ${names.length} | | ${mean(oursAll).toFixed(4)} | ${Number.isNaN(sklearnMean) ? '-' : sklearnMean.toFixed(4)} | |`);
process.stdout.write(lines.join('\n') + '\n');
if (differences.length > 0) {
  const worst = Math.max(...differences.map(Math.abs));
  const over = differences.filter((d) => Math.abs(d) > 0.01).length;
  process.stdout.write(`\nseeds ${seeds.join(',')}; largest |difference| ${worst.toFixed(4)}; ${over} of ${differences.length} datasets differ by more than 0.01\n`);
}
