/**
 * `npm run bench [-- --json] [--backends native,wasm,cpu] [--workloads 0,3] [--steps 9] [--warmup 2]`:
 * ms per training step (forward + backward + Adam) of issue 6's five workloads on every available
 * backend, median over the timed steps after warm-up, next to PyTorch's time measured in the same
 * run (best of 1 and 2 threads unless --torch-threads says otherwise) when /usr/bin/python3 has torch.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { WORKLOADS } from './workloads.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..', '..');
const torchScript = path.join(root, '..', 'shared', 'bench', 'torch_reference.py');
const python = '/usr/bin/python3';

const opts = new Command()
  .option('--json', 'one JSON object per line instead of a table')
  .option('--backends <list>', 'backends to time', 'native,wasm,cpu')
  .option('--workloads <list>', 'indices of the workloads to time (0-4)', '0,1,2,3,4')
  .option('--warmup <n>', 'untimed steps first', '2')
  .option('--steps <n>', 'timed steps', '9')
  .option('--slow-ms <ms>', 'a backend whose first step takes longer is reported from that step alone', '20000')
  .option('--torch-threads <list>', 'PyTorch thread counts to try; the fastest counts', '1,2')
  .option('--native-threads <list>', 'native backend thread counts (TEMPORA_THREADS) to try; the fastest counts', '1,2')
  .option('--no-torch', 'skip the PyTorch reference')
  .parse()
  .opts<{
    json?: boolean; backends: string; workloads: string; warmup: string; steps: string; slowMs: string;
    torchThreads: string; nativeThreads: string; torch: boolean;
  }>();

interface Timing { ms_median: number; ms_min: number; ms_max: number; steps: number; loss?: number; peak_rss_mb?: number; threads?: number; too_slow?: boolean }

function runJson(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Timing | string {
  const result = spawnSync(command, args, { encoding: 'utf8', env, maxBuffer: 1 << 24 });
  const line = result.stdout.trim().split('\n').pop() ?? '';
  if (result.status === 0 && line.startsWith('{')) return JSON.parse(line) as Timing;
  const why = (result.stderr || '').trim().split('\n').filter((l) => /error|abort|memory/i.test(l)).pop();
  return `failed (${why ?? `exit ${result.status ?? result.signal}`})`;
}

/** Runs at each thread count and keeps the fastest timing (or the last failure when all fail). */
function fastest(counts: string[], run: (threads: string) => Timing | string): Timing | string {
  let best: Timing | string = 'not run';
  for (const threads of counts) {
    const t = run(threads);
    if (typeof t === 'string') {
      if (typeof best === 'string') best = t;
    } else if (typeof best === 'string' || t.ms_median < best.ms_median) {
      best = threads === '' ? t : { ...t, threads: Number(threads) };
    }
  }
  return best;
}

function torchTime(args: string[]): Timing | string | null {
  if (!opts.torch || !existsSync(python) || !existsSync(torchScript)) return null;
  return fastest(opts.torchThreads.split(','),
    (threads) => runJson(python, [torchScript, ...args, '--threads', threads, '--warmup', opts.warmup, '--steps', opts.steps]));
}

/** Times one workload on one backend; the native backend at each thread count (TEMPORA_THREADS). */
function timeBackend(index: number, backend: string): Timing | string {
  return fastest(backend === 'native' ? opts.nativeThreads.split(',') : [''], (threads) => runJson(process.execPath,
    [path.join(here, 'time-steps.js'), `${index}`, backend, opts.warmup, opts.steps, opts.slowMs],
    threads === '' ? process.env : { ...process.env, TEMPORA_THREADS: threads }));
}

const backends = opts.backends.split(',');
const rows: string[][] = [];
for (const index of opts.workloads.split(',').map(Number)) {
  const workload = WORKLOADS[index]!;
  const torch = torchTime(workload.torchArgs);
  const torchMs = torch !== null && typeof torch !== 'string' ? torch.ms_median : null;
  for (const backend of backends) {
    const t = timeBackend(index, backend);
    if (opts.json) {
      process.stdout.write(`${JSON.stringify({
        workload: workload.name, backend, ...(typeof t === 'string' ? { error: t } : t),
        ...(torchMs !== null ? { torch_ms: torchMs } : {}),
      })}\n`);
    } else {
      const ms = typeof t === 'string' ? t : t.too_slow ? `${t.ms_median.toFixed(0)} (1 step, too slow to repeat)`
        : `${t.ms_median.toFixed(1)}${t.threads ? ` (${t.threads} thread${t.threads > 1 ? 's' : ''})` : ''}`;
      const ratio = typeof t !== 'string' && torchMs !== null ? (t.ms_median / torchMs).toFixed(2) : '-';
      const torchCell = torch === null ? '-' : typeof torch === 'string' ? torch
        : `${torch.ms_median.toFixed(1)} (${torch.threads} thread${(torch.threads ?? 1) > 1 ? 's' : ''})`;
      rows.push([workload.name, backend, ms, torchCell, ratio]);
      process.stderr.write(`${rows[rows.length - 1]!.join(' | ')}\n`);
    }
  }
}
if (!opts.json) {
  process.stdout.write(`\nms per training step (forward + backward + Adam), median of ${opts.steps} steps after ${opts.warmup} warm-up; ${cpus().length} cores; PyTorch: fastest of ${opts.torchThreads} threads; native: fastest of ${opts.nativeThreads} threads\n\n`);
  process.stdout.write('| workload | backend | ms/step | PyTorch ms/step | ratio |\n| --- | --- | --- | --- | --- |\n');
  for (const row of rows) process.stdout.write(`| ${row.join(' | ')} |\n`);
}
