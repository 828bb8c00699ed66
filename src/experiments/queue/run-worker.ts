/**
 * `tempora worker`: takes runs from the queue and runs each in one of `concurrency` sandboxed
 * processes (BullMQ's own child processes), so a run's long computation never stalls the lock
 * renewal of this process. A killed worker's run is found by another worker's stalled-job check
 * once its lock expires, and run again there.
 */
import { Worker, type Job } from 'bullmq';
import { fileURLToPath } from 'node:url';
import type { RunResult } from '../reproduce.js';
import { WORK_DIR_ENV } from './run-processor.js';
import { connectRedis, RUN_QUEUE_NAME, type RunJob } from './run-queue.js';

export interface RunWorkerOptions {
  readonly url: string;
  /** Runs at once, each in its own process (default 1). */
  readonly concurrency?: number;
  /** The processor module (compiled JS) whose default export is a `runProcessor`. */
  readonly processor: URL;
  /** Where runs keep what runs on this machine share (Cluster Distillation's teachers). */
  readonly workDir: string;
  /** Environment of the run processes, besides this process's. */
  readonly env?: NodeJS.ProcessEnv;
  /** Seconds a run's lock lasts unless renewed (renewed at half; default 30): a killed worker's run waits this long. */
  readonly lockSeconds?: number;
  /** Seconds between stalled-job checks (default 30). */
  readonly stalledCheckSeconds?: number;
  readonly onStart?: (job: RunJob) => void;
  readonly onDone?: (job: RunJob, result: RunResult) => void;
  readonly onFailed?: (job: RunJob, message: string, willRetry: boolean) => void;
}

export interface RunWorker {
  /** Stops taking runs; resolves when the runs in progress are done (force: at once, they are handed on). */
  close(force?: boolean): Promise<void>;
}

/** How often a run may be found stalled (its worker killed) before it counts as failed. */
const MAX_STALLED = 2;

export async function startRunWorker(options: RunWorkerOptions): Promise<RunWorker> {
  const client = await connectRedis(options.url);
  const worker = new Worker<RunJob, RunResult>(RUN_QUEUE_NAME, fileURLToPath(options.processor), {
    connection: client,
    concurrency: options.concurrency ?? 1,
    lockDuration: (options.lockSeconds ?? 30) * 1000,
    stalledInterval: (options.stalledCheckSeconds ?? 30) * 1000,
    maxStalledCount: MAX_STALLED,
    workerForkOptions: { env: { ...process.env, ...options.env, [WORK_DIR_ENV]: options.workDir } },
  });
  worker.on('error', () => undefined);
  worker.on('active', (job: Job<RunJob, RunResult>) => options.onStart?.(job.data));
  worker.on('completed', (job: Job<RunJob, RunResult>, result: RunResult) => options.onDone?.(job.data, result));
  worker.on('failed', (job: Job<RunJob, RunResult> | undefined, err: Error) => {
    if (job) options.onFailed?.(job.data, err.message, job.attemptsMade < (job.opts.attempts ?? 1));
  });
  return {
    close: async (force = false) => {
      await worker.close(force);
      client.disconnect();
    },
  };
}
