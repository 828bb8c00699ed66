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
import { TimeLeft } from './time-left.js';
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
  /** Each finished run, with the runs done of the plan and an estimate of the seconds left (see TimeLeft). */
  readonly onRunDone?: (record: RunRecord, done: number, total: number, secondsLeft?: number) => void;
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

/** A finished run as a worker (a local process or a queue's worker) hands it back. */
export interface RunResult extends RunOutcome {
  readonly seconds: number;
  readonly versions: Readonly<Record<string, string>>;
}

/** Which runs a reproduction plans, checked: the experiment's plan for the datasets, seeds, budget and methods. */
export type PlanOptions = Pick<ReproduceOptions, 'experiment' | 'datasets' | 'seeds' | 'budget' | 'methods'>;

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
  const started = Date.now();
  const plan = planRuns(options);
  const store = new ResultsStore(resultsPath(outDir));
  const todo = plan.filter((spec) => !store.has(spec));
  const timeLeft = new TimeLeft(todo, store.all(), options.workers);
  let finished = 0;
  let failed = 0;
  await runPool<WorkerTask, RunResult>({
    tasks: todo.map((spec) => ({ experiment: experiment.name, spec, outDir })),
    workers: options.workers,
    workerModule: options.workerModule,
    env: { ...process.env, ...options.env },
    onResult: ({ spec }, result) => {
      const record = keepRun(store, outDir, spec, result);
      finished++;
      timeLeft.settle(spec.method, record.seconds);
      options.onRunDone?.(record, plan.length - todo.length + finished, plan.length, timeLeft.seconds());
    },
    onError: ({ spec }, message) => {
      failed++;
      timeLeft.settle(spec.method);
      options.onRunFailed?.(spec, message);
    },
  });
  return { planned: plan.length, skipped: plan.length - todo.length, finished, failed, seconds: (Date.now() - started) / 1000 };
}

export function planRuns(options: PlanOptions): RunSpec[] {
  const { experiment } = options;
  if (options.seeds < 1) throw new OptionError(`--seeds must be at least 1, got ${options.seeds}`);
  if (options.datasets.length === 0) throw new OptionError('no datasets to run');
  const unknown = (options.methods ?? []).filter((m) => !experiment.methods.includes(m));
  if (unknown.length > 0) throw new OptionError(`unknown method ${unknown.join(', ')} (known: ${experiment.methods.join(', ')})`);
  return experiment.plan(options.datasets, options.seeds, options.budget).filter((s) => options.methods?.includes(s.method) ?? true);
}

/** Keeps a finished run: its artifact under DIR/runs/, its record appended to DIR/results.jsonl. */
export function keepRun(store: ResultsStore, outDir: string, spec: RunSpec, result: RunResult, finishedAt = new Date()): RunRecord {
  if (result.artifact) writeFileAtomic(artifactPath(outDir, runKey(spec)), JSON.stringify(result.artifact));
  return store.append({ ...spec, metrics: result.metrics, seconds: result.seconds, versions: result.versions, finishedAt: finishedAt.toISOString() });
}

/** Runs one spec of the named experiment, timed, with the versions that made it. */
export async function runSpec(experiments: readonly Experiment[], name: string, spec: RunSpec, outDir: string, versions: () => Record<string, string> = () => ({})): Promise<RunResult> {
  const experiment = experiments.find((e) => e.name === name);
  if (!experiment) throw new OptionError(`unknown experiment ${name}`);
  const start = Date.now();
  const outcome = await experiment.run(spec, { outDir });
  return { ...outcome, seconds: (Date.now() - start) / 1000, versions: { tempora: VERSION, node: process.version, ...versions() } };
}

/** The worker side: runs the specs of the named experiments. */
export function serveExperiments(experiments: readonly Experiment[], versions?: () => Record<string, string>): void {
  serveTasks<WorkerTask, RunResult>(({ experiment, spec, outDir }) => runSpec(experiments, experiment, spec, outDir, versions));
}
