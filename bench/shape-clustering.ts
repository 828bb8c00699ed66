/**
 * Speed of the shape-based clusterers on generated series: k-Shape and k-DBA (10 % window), one
 * run each, on `rows` series of `length` steps from k smooth random shapes moved in time and noised.
 * Used by bench/clustering.ts (`--shapes`).
 */
import { Random } from '../src/core/random.js';
import type { ProgressEvent } from '../src/models/base/fit-options.js';
import { zNormalize } from '../src/data/normalize.js';
import { KDba } from '../src/models/classic/kdba.js';
import { KShape } from '../src/models/classic/kshape.js';
import type { SeriesSet } from '../src/models/distances/series-set.js';

export interface ShapeTiming {
  method: string;
  seconds: number;
  cpu: number;
  iterations: number;
}

/** k shapes, each a sum of three sines of random frequency and phase; every series one of them, moved up to a tenth of its length, with noise sd 0.3, z-normalised. */
export function shapeSeries(rows: number, length: number, k: number, seed: number): SeriesSet {
  const random = new Random(seed);
  const shapes = Array.from({ length: k }, () =>
    Array.from({ length: 3 }, () => ({ frequency: 1 + random.next() * 6, phase: random.next() * 2 * Math.PI, amplitude: random.next() })),
  );
  const data = new Float64Array(rows * length);
  for (let i = 0; i < rows; i++) {
    const shape = shapes[random.int(k)]!;
    const shift = random.int(Math.floor(length / 10) + 1);
    const row = data.subarray(i * length, (i + 1) * length);
    for (let t = 0; t < length; t++) {
      const u = (t - shift) / length;
      row[t] = shape.reduce((s, w) => s + w.amplitude * Math.sin(2 * Math.PI * w.frequency * u + w.phase), 0) + 0.3 * random.normal();
    }
    row.set(zNormalize(row));
  }
  return { data, rows, channels: 1, length };
}

async function timed(method: string, fit: () => Promise<{ iterations: number }>): Promise<ShapeTiming> {
  const started = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const { iterations } = await fit();
  const cpu = process.cpuUsage(cpuStart);
  const timing = { method, seconds: Number(process.hrtime.bigint() - started) / 1e9, cpu: (cpu.user + cpu.system) / 1e6, iterations };
  process.stderr.write(`${method} ${JSON.stringify(timing)}\n`);
  return timing;
}

/** Markdown lines: the time of one k-Shape run and one k-DBA run (10 % window) on the generated series. */
export async function benchShapeClustering(rows: number, length: number, k: number): Promise<string[]> {
  const set = shapeSeries(rows, length, k, 1);
  const onProgress = (p: ProgressEvent): void => void process.stderr.write(`  ${p.stage} ${p.step}: ${p.metrics?.['changed']} changed\n`);
  const results = [
    await timed('k-Shape', () => new KShape({ nClusters: k, nInit: 1 }).fit(set, { onProgress })),
    await timed('k-DBA (window 10 %)', () => new KDba({ nClusters: k, nInit: 1, window: 0.1 }).fit(set, { onProgress })),
  ];
  return [
    `${rows} series of length ${length}, k = ${k}, one run each (nInit 1), seconds wall clock and processor`,
    '',
    '| method | wall s | cpu s | passes | wall s per pass |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...results.map((r) => `| ${r.method} | ${r.seconds.toFixed(1)} | ${r.cpu.toFixed(1)} | ${r.iterations} | ${(r.seconds / r.iterations).toFixed(2)} |`),
  ];
}
