/**
 * `tempora reproduce`: every (dataset, method, seed) run of a paper's protocol, in parallel
 * worker processes, each finished run appended to DIR/results.jsonl at once and its artifact
 * written to DIR/runs/; runs already in the file are skipped, so a killed reproduction resumes
 * where it stopped.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic.js';
import { OptionError } from '../core/errors.js';
import { VERSION } from '../core/version.js';
import type { Budget, Experiment, RunArtifact, RunOutcome } from './experiment.js';
import { keyHash, ResultsStore, runKey, type RunRecord, type RunSpec } from './results-store.js';
import { runPool, serveTasks } from './worker-pool.js';

export interface ReproduceOptions {
  readonly experiment: Experiment;
  readonly datasets: readonly string[];
  readonly seeds: number;
  readonly budget: Budget;
  /** Only these of the experiment's methods (default: all). */
  readonly methods?: readonly string[];
  readonly workers: number;
  readonly outDir: string;
  /** The worker module serving this experiment (see serveExperiments). */
  readonly workerModule: URL;
  readonly onRunDone?: (record: RunRecord, done: number, total: number) => void;
  readonly onRunFailed?: (spec: RunSpec, message: string) => void;
  /** Extra environment for the workers (for example the backend choice). */
  readonly env?: NodeJS.ProcessEnv;
}

export interface ReproduceSummary {
  readonly planned: number;
  readonly skipped: number;
  readonly finished: number;
  readonly failed: number;
  readonly seconds: number;
}

interface WorkerTask {
  readonly experiment: string;
  readonly spec: RunSpec;
  readonly outDir: string;
}

interface WorkerResult extends RunOutcome {
  readonly seconds: number;
  readonly versions: Readonly<Record<string, string>>;
}

export function resultsPath(outDir: string): string {
  return join(outDir, 'results.jsonl');
}

/** Where a run's artifact lives: a short hash of its key keeps file names safe and short. */
export function artifactPath(outDir: string, key: string): string {
  return join(outDir, 'runs', `${keyHash(key)}.json`);
}

export function readArtifact(outDir: string, key: string): RunArtifact | null {
  const path = artifactPath(outDir, key);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as RunArtifact) : null;
}

export async function reproduce(options: ReproduceOptions): Promise<ReproduceSummary> {
  const { experiment, outDir } = options;
  if (options.seeds < 1) throw new OptionError(`--seeds must be at least 1, got ${options.seeds}`);
  if (options.datasets.length === 0) throw new OptionError('no datasets to run');
  const started = Date.now();
  const store = new ResultsStore(resultsPath(outDir));
  const unknown = (options.methods ?? []).filter((m) => !experiment.methods.includes(m));
  if (unknown.length > 0) throw new OptionError(`unknown method ${unknown.join(', ')} (known: ${experiment.methods.join(', ')})`);
  const plan = experiment.plan(options.datasets, options.seeds, options.budget).filter((s) => options.methods?.includes(s.method) ?? true);
  const todo = plan.filter((spec) => !store.has(spec));
  let finished = 0;
  let failed = 0;
  await runPool<WorkerTask, WorkerResult>({
    tasks: todo.map((spec) => ({ experiment: experiment.name, spec, outDir })),
    workers: options.workers,
    workerModule: options.workerModule,
    env: { ...process.env, ...options.env },
    onResult: ({ spec }, result) => {
      if (result.artifact) writeFileAtomic(artifactPath(outDir, runKey(spec)), JSON.stringify(result.artifact));
      const record = store.append({
        ...spec,
        metrics: result.metrics,
        seconds: result.seconds,
        versions: result.versions,
        finishedAt: new Date().toISOString(),
      });
      finished++;
      options.onRunDone?.(record, plan.length - todo.length + finished, plan.length);
    },
    onError: ({ spec }, message) => {
      failed++;
      options.onRunFailed?.(spec, message);
    },
  });
  return { planned: plan.length, skipped: plan.length - todo.length, finished, failed, seconds: (Date.now() - started) / 1000 };
}

/** The worker side: runs the specs of the named experiments. */
export function serveExperiments(experiments: readonly Experiment[], versions: () => Record<string, string> = () => ({})): void {
  serveTasks<WorkerTask, WorkerResult>(async ({ experiment: name, spec, outDir }) => {
    const experiment = experiments.find((e) => e.name === name);
    if (!experiment) throw new OptionError(`unknown experiment ${name}`);
    const start = Date.now();
    const outcome = await experiment.run(spec, { outDir });
    return { ...outcome, seconds: (Date.now() - start) / 1000, versions: { tempora: VERSION, node: process.version, ...versions() } };
  });
}
