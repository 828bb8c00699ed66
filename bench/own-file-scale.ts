/**
 * The own-file case at scale: ROWS generated univariate series of LENGTH (K shapes: phase-shifted
 * sines with a level, plus noise) written as a plain CSV without labels, then clustered by
 * `tempora cluster FILE --method kmeans --k K --labels none --out ...` in a child process; reports
 * the wall time and the child's peak resident memory beside the size of the values (8 bytes each).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Random } from '../src/core/random.js';

export interface OwnFileScaleResult {
  rows: number;
  length: number;
  k: number;
  nInit: number;
  fileMB: number;
  dataMB: number;
  seconds: number;
  /** Processor seconds of the child (all threads): comparable when the machine is shared. */
  cpuSeconds: number;
  peakMB: number;
}

function writeSeriesCsv(path: string, rows: number, length: number, k: number): void {
  const random = new Random(7);
  const fd = openSync(path, 'w');
  try {
    let chunk: string[] = [];
    for (let r = 0; r < rows; r++) {
      const shape = random.int(k);
      const values = new Array<string>(length);
      for (let t = 0; t < length; t++) values[t] = (shape + Math.sin((2 * Math.PI * t) / 50 + shape) + random.normal(0, 0.5)).toFixed(4);
      chunk.push(values.join(','));
      if (chunk.length === 1000 || r === rows - 1) {
        writeSync(fd, chunk.join('\n') + '\n');
        chunk = [];
      }
    }
  } finally {
    closeSync(fd);
  }
}

export function ownFileScale(rows: number, length: number, k: number, nInit: number): OwnFileScaleResult {
  const dir = mkdtempSync(join(tmpdir(), 'tempora-own-file-'));
  try {
    const file = join(dir, 'series.csv');
    process.stderr.write(`own file: writing ${rows} x ${length} series...\n`);
    writeSeriesCsv(file, rows, length, k);
    const main = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
    const peak = fileURLToPath(new URL('./peak-memory.js', import.meta.url));
    const args = ['--import', peak, main, 'cluster', file, '--method', 'kmeans', '--k', String(k), '--n-init', String(nInit), '--labels', 'none', '--out', join(dir, 'clusters.csv')];
    process.stderr.write(`own file: tempora cluster ${file} ...\n`);
    const started = process.hrtime.bigint();
    const child = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (child.status !== 0) throw new Error(`tempora cluster failed (${child.status}): ${child.stderr}`);
    const usage = /peak-rss-kb (\d+) cpu-us (\d+)/.exec(child.stderr);
    if (usage === null) throw new Error(`no usage line from the child: ${child.stderr.slice(-500)}`);
    const written = statSync(join(dir, 'clusters.csv')).size;
    if (written === 0) throw new Error('no assignments written');
    return { rows, length, k, nInit, fileMB: statSync(file).size / 2 ** 20, dataMB: (rows * length * 8) / 2 ** 20, seconds, cpuSeconds: Number(usage[2]) / 1e6, peakMB: Number(usage[1]) / 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function ownFileTable(result: OwnFileScaleResult): string {
  const r = result;
  return [
    `own file: ${r.rows} x ${r.length} CSV (${r.fileMB.toFixed(0)} MB), tempora cluster FILE --method kmeans --k ${r.k} --n-init ${r.nInit} --labels none --out FILE`,
    '',
    '| rows × length | file MB | values MB (float64) | wall s | cpu s | peak RSS MB | peak / values |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${r.rows} × ${r.length} | ${r.fileMB.toFixed(0)} | ${r.dataMB.toFixed(0)} | ${r.seconds.toFixed(1)} | ${r.cpuSeconds.toFixed(1)} | ${r.peakMB.toFixed(0)} | ${(r.peakMB / r.dataMB).toFixed(2)} |`,
  ].join('\n');
}
