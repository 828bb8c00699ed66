/**
 * `npm run bench [-- --json] [--backends native,wasm,cpu] [--workloads 0,3] [--steps 9]`: ms per
 * training step (forward + backward + Adam) of issue 6's five workloads on every available backend:
 * the first step, and the median of the `--steps` steps after it, next to PyTorch's median measured
 * in the same run (after one warm-up step; best of 1 and 2 threads unless --torch-threads says
 * otherwise) when /usr/bin/python3 has torch. The native backend runs at each --native-threads
 * count and the one with the lowest median counts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
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
  .option('--steps <n>', 'steps timed after the first', '9')
  .option('--torch-threads <list>', 'PyTorch thread counts to try; the fastest counts', '1,2')
  .option('--native-threads <list>', 'native backend thread counts (TEMPORA_THREADS) to try; the fastest counts', '1,2')
  .option('--no-torch', 'skip the PyTorch reference')
  .parse()
  .opts<{ json?: boolean; backends: string; workloads: string; steps: string; torchThreads: string; nativeThreads: string; torch: boolean }>();

interface Timing { ms_first?: number; ms_median: number; ms_min: number; ms_max: number; steps: number; loss?: number; peak_rss_mb?: number; threads?: number }

function runJson(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Timing | string {
  const result = spawnSync(command, args, { encoding: 'utf8', env, maxBuffer: 1 << 24 });
  const line = result.stdout.trim().split('\n').pop() ?? '';
  if (result.status === 0 && line.startsWith('{')) return JSON.parse(line) as Timing;
  const why = (result.stderr || '').trim().split('\n').filter((l) => /error|abort|memory/i.test(l)).pop();
  return `failed (${why ?? `exit ${result.status ?? result.signal}`})`;
}

/** Runs at each thread count and keeps the timing with the lowest median (or the last failure when all fail). */
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
    (threads) => runJson(python, [torchScript, ...args, '--threads', threads, '--warmup', '1', '--steps', opts.steps]));
}

/** Times one workload on one backend; the native backend at each thread count (TEMPORA_THREADS). */
function timeBackend(index: number, backend: string): Timing | string {
  return fastest(backend === 'native' ? opts.nativeThreads.split(',') : [''], (threads) => runJson(process.execPath,
    [path.join(here, 'time-steps.js'), `${index}`, backend, opts.steps],
    threads === '' ? process.env : { ...process.env, TEMPORA_THREADS: threads }));
}

const threadsNote = (t: Timing): string => (t.threads ? ` (${t.threads} thread${t.threads > 1 ? 's' : ''})` : '');
const loadBefore = loadavg()[0]!;
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
        ...(torch !== null && typeof torch !== 'string' ? { torch_ms_median: torch.ms_median, torch_threads: torch.threads } : {}),
      })}\n`);
    } else {
      const first = typeof t === 'string' ? '-' : t.ms_first!.toFixed(1);
      const median = typeof t === 'string' ? t : `${t.ms_median.toFixed(1)}${threadsNote(t)}`;
      const firstRatio = typeof t === 'string' ? '-' : (t.ms_first! / t.ms_median).toFixed(2);
      const ratio = typeof t !== 'string' && torchMs !== null ? (t.ms_median / torchMs).toFixed(2) : '-';
      const torchCell = torch === null ? '-' : typeof torch === 'string' ? torch : `${torch.ms_median.toFixed(1)}${threadsNote(torch)}`;
      rows.push([workload.name, backend, first, median, firstRatio, torchCell, ratio]);
      process.stderr.write(`${rows[rows.length - 1]!.join(' | ')}\n`);
    }
  }
}
if (!opts.json) {
  process.stdout.write(`\nms per training step (forward + backward + Adam): the first step, then the median of the ${opts.steps} after it; ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), load average ${loadBefore.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end; PyTorch: median after one warm-up step, fastest of ${opts.torchThreads} threads; native: fastest median of ${opts.nativeThreads} threads\n\n`);
  process.stdout.write('| workload | backend | first step | median ms/step | first / median | PyTorch ms/step | ratio to PyTorch |\n| --- | --- | --: | --: | --: | --: | --: |\n');
  for (const row of rows) process.stdout.write(`| ${row.join(' | ')} |\n`);
}
