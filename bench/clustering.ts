/**
 * Speed of the classic clustering: k-means (n_init 1 and 10) and the Gaussian mixture (diag and
 * full) on generated blobs of several sizes, with scikit-learn's time on the same data measured in
 * the same run when /usr/bin/python3 has it.
 *
 *   npm run bench:clustering [-- --sizes 1000x50,10000x100,100000x400 --k 10 --full-max-iter 2 --shapes 1000x500]
 *     [--no-native] [--cases 'gmm diag,gmm full']
 *
 * The mixture's E and M steps run on the native addon when it is built, in JavaScript with
 * --no-native (or without the addon).
 *
 * The full-covariance mixture costs n·k·d²/2 multiply-adds per EM step for both implementations, so
 * its iterations are capped (--full-max-iter) and the table gives seconds per iteration as well.
 *
 * Then k-Shape and k-DBA (10 % window) on --shapes generated series (rows x length; 'none' skips
 * them, and --sizes '' skips the vector methods).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { clusteringKernels, useNativeClustering } from '../src/backend/clustering-kernels.js';
import { Random } from '../src/core/random.js';
import { GaussianMixture } from '../src/models/classic/gaussian-mixture.js';
import { KMeans } from '../src/models/classic/kmeans.js';
import type { RowMatrix } from '../src/models/base/matrix.js';
import { benchShapeClustering } from './shape-clustering.js';
import { hasSklearn, runPython } from './sklearn.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000x50,10000x100,100000x400' },
    k: { type: 'string', default: '10' },
    'full-max-iter': { type: 'string', default: '2' },
    'no-sklearn': { type: 'boolean', default: false },
    shapes: { type: 'string', default: '1000x500' },
    'no-native': { type: 'boolean', default: false },
    cases: { type: 'string', default: 'kmeans n_init=1,kmeans n_init=10,gmm diag,gmm full' },
  },
});
useNativeClustering(!values['no-native']);
const k = Number(values.k);
const fullMaxIter = Number(values['full-max-iter']);

interface Timing {
  /** Wall-clock seconds. */
  seconds: number;
  /** Processor seconds (all threads): comparable when the machine is shared. */
  cpu: number;
  iterations: number;
}

type Case = 'kmeans n_init=1' | 'kmeans n_init=10' | 'gmm diag' | 'gmm full';
const ALL_CASES: Case[] = ['kmeans n_init=1', 'kmeans n_init=10', 'gmm diag', 'gmm full'];
const CASES = values.cases.split(',') as Case[];
for (const c of CASES) if (!ALL_CASES.includes(c)) throw new Error(`unknown case "${c}": choose from ${ALL_CASES.join(', ')}`);

const SKLEARN = `
import json, sys, time, warnings
warnings.filterwarnings('ignore')
import numpy as np
from sklearn.cluster import KMeans
from sklearn.mixture import GaussianMixture
job = json.load(sys.stdin)
x = np.fromfile(job['file'], dtype='<f8').reshape(job['rows'], job['cols'])
k = job['k']
out = {}
def timed(name, model):
    t, c = time.perf_counter(), time.process_time()
    model.fit(x)
    out[name] = {'seconds': time.perf_counter() - t, 'cpu': time.process_time() - c, 'iterations': int(model.n_iter_)}
    print(name, out[name], file=sys.stderr, flush=True)
models = {
    'kmeans n_init=1': lambda: KMeans(n_clusters=k, n_init=1, random_state=0),
    'kmeans n_init=10': lambda: KMeans(n_clusters=k, n_init=10, random_state=0),
    'gmm diag': lambda: GaussianMixture(n_components=k, covariance_type='diag', random_state=0),
    'gmm full': lambda: GaussianMixture(n_components=k, covariance_type='full', max_iter=job['full_max_iter'], random_state=0),
}
for name in job['cases']:
    timed(name, models[name]())
print(json.dumps(out))
`;

/** k blobs: centres N(0, 1) per coordinate, points at noise sd 2 around them (clusters overlap somewhat). */
function blobs(rows: number, cols: number, seed: number): RowMatrix {
  const random = new Random(seed);
  const centres = random.normalArray(k * cols);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const c = random.int(k);
    for (let t = 0; t < cols; t++) data[i * cols + t] = centres[c * cols + t]! + random.normal(0, 2);
  }
  return { data, rows, cols };
}

async function time(name: Case, fit: () => Promise<{ iterations: number }>): Promise<Timing> {
  const started = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const { iterations } = await fit();
  const cpu = process.cpuUsage(cpuStart);
  const timing = { seconds: Number(process.hrtime.bigint() - started) / 1e9, cpu: (cpu.user + cpu.system) / 1e6, iterations };
  process.stderr.write(`${name} ${JSON.stringify(timing)}\n`);
  return timing;
}

const FITS: Record<Case, (x: RowMatrix) => Promise<{ iterations: number }>> = {
  'kmeans n_init=1': (x) => new KMeans({ nClusters: k, nInit: 1, seed: 0 }).fit(x),
  'kmeans n_init=10': (x) => new KMeans({ nClusters: k, nInit: 10, seed: 0 }).fit(x),
  'gmm diag': (x) => new GaussianMixture({ nClusters: k, covarianceType: 'diag', seed: 0 }).fit(x),
  'gmm full': (x) => new GaussianMixture({ nClusters: k, covarianceType: 'full', maxIter: fullMaxIter, seed: 0 }).fit(x),
};

async function ours(x: RowMatrix): Promise<Partial<Record<Case, Timing>>> {
  const timings: Partial<Record<Case, Timing>> = {};
  for (const c of CASES) timings[c] = await time(c, () => FITS[c](x));
  return timings;
}

function theirs(x: RowMatrix): Record<Case, Timing> | null {
  const dir = mkdtempSync(join(tmpdir(), 'tempora-bench-'));
  try {
    const file = join(dir, 'x.f64');
    writeFileSync(file, new Uint8Array(x.data.buffer, x.data.byteOffset, x.data.byteLength));
    return runPython<Record<Case, Timing>>(SKLEARN, { file, rows: x.rows, cols: x.cols, k, full_max_iter: fullMaxIter, cases: CASES });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const sklearn = !values['no-sklearn'] && hasSklearn();
if (!sklearn) process.stderr.write('scikit-learn not used: timing Tempora only\n');
/** Wall and processor seconds, then iterations (n_init 10 times ten runs but reports the kept one's iterations). */
const format = (t: Timing | undefined, c: Case): string =>
  t === undefined
    ? '- | - | -'
    : `${t.seconds.toFixed(2)} | ${t.cpu.toFixed(2)} | ${t.iterations}${c === 'kmeans n_init=10' ? ' (kept run)' : ''}`;
const lines = [
  `k = ${k}; gmm full capped at ${fullMaxIter} EM iterations; mixture E and M steps ${clusteringKernels() === null ? 'in JavaScript' : 'on the native addon'}; seconds of one run each, wall clock and processor (all threads)`,
  '',
  '| n × d | method | Tempora wall s | Tempora cpu s | Tempora iterations | scikit-learn wall s | scikit-learn cpu s | scikit-learn iterations |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
];
for (const size of values.sizes.split(',').filter((s) => s !== '')) {
  const [rows, cols] = size.split('x').map(Number) as [number, number];
  const x = blobs(rows, cols, 1);
  process.stderr.write(`${rows} x ${cols}: Tempora...\n`);
  const a = await ours(x);
  process.stderr.write(`${rows} x ${cols}: scikit-learn...\n`);
  const b = sklearn ? theirs(x) : null;
  for (const c of CASES) lines.push(`| ${rows} × ${cols} | ${c} | ${format(a[c], c)} | ${format(b?.[c], c)} |`);
}
if (values.shapes !== 'none') {
  const [rows, length] = values.shapes.split('x').map(Number) as [number, number];
  lines.push('', ...(await benchShapeClustering(rows, length, k)));
}
process.stdout.write(lines.join('\n') + '\n');
