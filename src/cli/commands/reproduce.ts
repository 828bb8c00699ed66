/**
 * `tempora reproduce PAPER`: the paper's protocol over datasets x seeds (x methods), resumable,
 * in parallel processes; then its tables and report.
 */
import type { Command } from 'commander';
import { OptionError } from '../../core/errors.js';
import { locateDataset } from '../../data/dataset.js';
import { BUDGETS, type Budget } from '../../experiments/experiment.js';
import { EXPERIMENTS, experimentByName } from '../../experiments/registry.js';
import { reproduceOnQueue } from '../../experiments/queue/reproduce-on-queue.js';
import { redactRedisUrl } from '../../experiments/queue/redis-url.js';
import { reproduce, type ReproduceSummary } from '../../experiments/reproduce.js';
import { readFolderInfo, recordInvocation } from '../../experiments/reproduction-folder.js';
import type { RunRecord, RunSpec } from '../../experiments/results-store.js';
import { tableToMarkdown } from '../../experiments/table.js';
import { Progress } from '../progress.js';
import { writeResultsReport } from '../write-results-report.js';
import { parseInteger } from '../../core/parse-options.js';

interface ReproduceCliOptions {
  datasets: string;
  methods?: string;
  seeds: string;
  budget: string;
  workers: string;
  out?: string;
  backend?: string;
  queue?: string;
  wait: boolean;
}

export function register(program: Command): void {
  const budgets = EXPERIMENTS.map((e) => `${e.name}: ${BUDGETS.map((b) => `${b} = ${e.describeBudget(b)}`).join('; ')}`).join('. ');
  program
    .command('reproduce')
    .description(
      "run a paper's experiments over datasets and seeds, beside the paper's numbers; every finished run is kept in OUT/results.jsonl, " +
        'so a rerun skips what is done. Ends with OUT/report.html and OUT/tables/*.md, *.csv',
    )
    .argument('<paper>', `which paper: ${EXPERIMENTS.map((e) => e.name).join(', ')}`)
    .option('--datasets <list>', "comma-separated dataset names, or 'all' (the paper's datasets in the data folder)", 'all')
    .option('--methods <list>', "comma-separated subset of the experiment's methods (default: all)")
    .option('--seeds <n>', 'seeds 0..n-1 per dataset and method', '3')
    .option('--budget <name>', `training budget: ${budgets}`, 'standard')
    .option('--workers <n>', 'parallel worker processes', '1')
    .option('--out <dir>', 'results folder (default runs/PAPER-BUDGET)')
    .option('--backend <name>', 'tensor backend of the workers: auto, native, wasm or cpu (env TEMPORA_BACKEND also sets it)')
    .option('--queue <url>', 'share the runs out through a Redis queue to `tempora worker`s on any machines, and collect them: redis://[:PASSWORD@]HOST[:PORT][/DB], rediss:// for TLS')
    .option('--no-wait', 'with --queue: return once the runs are queued (collect them later with the same command)')
    .action(async (paper: string, opts: ReproduceCliOptions) => {
      const experiment = experimentByName(paper);
      const budget = parseBudget(opts.budget);
      const available = experiment.availableDatasets();
      const datasets = opts.datasets === 'all' ? available : opts.datasets.split(',').map((d) => d.trim()).filter((d) => d !== '');
      if (datasets.length === 0) throw new OptionError(`no datasets: the data folder holds none of the ${experiment.title} datasets (set TEMPORA_DATA)`);
      // Unknown names fail here, before any run starts, with the names that do exist.
      for (const d of datasets) locateDataset(d);
      const seeds = parseInteger('--seeds', opts.seeds);
      const workers = parseInteger('--workers', opts.workers);
      const outDir = opts.out ?? `runs/${experiment.name}-${budget}`;
      recordInvocation(outDir, experiment.name, { budget, datasets, seeds, startedAt: new Date().toISOString() });
      const where = opts.queue !== undefined ? `runs shared out through the queue ${redactRedisUrl(opts.queue)}` : `${workers} worker(s)`;
      process.stderr.write(`tempora: ${experiment.title}, budget ${budget} (${experiment.describeBudget(budget)}), ${datasets.length} datasets x ${seeds} seeds, ${where}, results in ${outDir}\n`);
      let progress: Progress | null = null;
      let lastRun = '';
      let doneRuns = 0;
      const started = Date.now();
      const plan = { experiment, datasets, seeds, budget, ...(opts.methods !== undefined ? { methods: opts.methods.split(',').map((m) => m.trim()) } : {}), outDir };
      const callbacks = {
        onRunDone: (record: RunRecord, done: number, total: number, secondsLeft?: number) => {
          // Made at the first finished run, when the total is known; the runs counted before it were
          // done by an earlier invocation (a resumed reproduction), so they do not set the pace. Each
          // finished run is a result worth its own line in a log, however close it follows the last.
          progress ??= new Progress({ label: 'run', total, initial: done - 1, startedAt: started, plainInterval: 0 });
          doneRuns = done;
          const headline = experiment.metrics[0]!;
          lastRun = `${record.dataset} ${record.method} seed ${record.seed}: ${headline} ${record.metrics[headline]?.toFixed(4)} (${record.seconds.toFixed(0)} s)`;
          progress.update(done, lastRun, secondsLeft);
        },
        onRunFailed: (spec: RunSpec, message: string) => process.stderr.write(`\ntempora: ${spec.dataset} ${spec.method} seed ${spec.seed} failed: ${message}\n`),
      };
      let summary: ReproduceSummary;
      if (opts.queue !== undefined) {
        const url = opts.queue;
        summary = await reproduceOnQueue({
          ...plan,
          ...callbacks,
          url,
          wait: opts.wait,
          onEnqueued: (e) => {
            process.stderr.write(
              `tempora: ${e.added} runs queued, ${e.planned - e.skipped - e.added} already in the queue (${e.retried} failed ones given new attempts), ${e.skipped} already in ${outDir}` +
                (opts.wait ? `; waiting for workers (tempora worker --queue ${redactRedisUrl(url)})\n` : '\n'),
            );
            doneRuns = e.skipped;
            if (opts.wait) progress = new Progress({ label: 'run', total: e.planned, initial: e.skipped, startedAt: started });
          },
          onWaiting: (c) => {
            (progress as Progress | null)?.update(doneRuns, `queue: ${c.running} running, ${c.waiting} waiting, ${c.failed} failed${lastRun === '' ? '' : ` | last: ${lastRun}`}`);
          },
        });
        if (!opts.wait) return;
      } else {
        summary = await reproduce({
          ...plan,
          ...callbacks,
          workers,
          workerModule: new URL('../../experiments/reproduce-worker.js', import.meta.url),
          env: workerEnvironment(opts.backend),
        });
      }
      (progress as Progress | null)?.stop();
      process.stderr.write(
        `tempora: ${summary.finished} runs finished, ${summary.skipped} already done, ${summary.failed} failed, in ${summary.seconds.toFixed(0)} s\n`,
      );
      const written = writeResultsReport(outDir, experiment, readFolderInfo(outDir));
      if (written.headline) process.stdout.write(tableToMarkdown(written.headline));
      process.stdout.write(`report: ${written.html}\n`);
      if (summary.failed > 0) process.exitCode = 1;
    });
}

/**
 * The runs' environment: the backend asked for, and one BLAS thread per run unless TEMPORA_THREADS
 * says otherwise: the native backend's BLAS would use every core and runs side by side would fight
 * over them, and float sums split over another number of threads round differently, so results
 * would depend on how many runs share a machine.
 */
export function workerEnvironment(backend: string | undefined): NodeJS.ProcessEnv {
  return { ...(backend !== undefined ? { TEMPORA_BACKEND: backend } : {}), ...(process.env['TEMPORA_THREADS'] !== undefined ? {} : { TEMPORA_THREADS: '1' }) };
}

function parseBudget(value: string): Budget {
  if (!(BUDGETS as readonly string[]).includes(value)) throw new OptionError(`--budget must be one of ${BUDGETS.join(', ')}, got '${value}'`);
  return value as Budget;
}
