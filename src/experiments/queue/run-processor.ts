/**
 * The job processor of a queue worker's sandboxed processes (BullMQ forks them and reuses each for
 * many jobs): runs a job's spec through the experiment's own `run`, as the local pool's workers do.
 */
import type { SandboxedJob } from 'bullmq';
import type { Experiment } from '../experiment.js';
import { runSpec, type RunResult } from '../reproduce.js';
import type { RunJob } from './run-queue.js';

/** The environment variable through which the worker tells its processes their work folder. */
export const WORK_DIR_ENV = 'TEMPORA_WORK_DIR';

export type RunProcessor = (job: SandboxedJob<RunJob, RunResult>) => Promise<RunResult>;

export function runProcessor(experiments: readonly Experiment[], versions?: () => Record<string, string>): RunProcessor {
  // A killed worker closes the channel: leave at once, never run orphaned (its run is handed on).
  process.once('disconnect', () => process.exit(0));
  const workDir = process.env[WORK_DIR_ENV] ?? '.';
  return (job) => runSpec(experiments, job.data.experiment, job.data.spec, workDir, versions);
}
