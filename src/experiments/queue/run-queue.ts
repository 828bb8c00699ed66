/**
 * The reproduction runs of any number of machines in one BullMQ queue on one Redis: one job per run,
 * its id derived from the run's key (so enqueueing a run twice adds nothing), its data the
 * experiment's name and the run's spec, its return value the run's metrics, artifact and versions.
 */
import { Queue, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { TemporaError } from '../../core/errors.js';
import type { RunResult } from '../reproduce.js';
import { keyHash, runKey, type RunSpec } from '../results-store.js';
import { parseRedisUrl, redactRedisUrl } from './redis-url.js';

export const RUN_QUEUE_NAME = 'tempora-runs';

/** What a job carries: enough for a worker on any machine with the data to run it. */
export interface RunJob {
  readonly experiment: string;
  readonly spec: RunSpec;
}

/** A run's name, in the queue (the job's name) and in logs. */
export function describeRunJob(job: RunJob): string {
  return `${job.experiment} ${runKey(job.spec)}`;
}

export type RunQueue = Queue<RunJob, RunResult>;

export interface RetryOptions {
  /** Attempts of a run that throws before it counts as failed (default 3). */
  readonly attempts?: number;
  /** Seconds between attempts (default 10). */
  readonly backoffSeconds?: number;
}

/** A job id: the experiment and a hash of the run's key (ids must be short and free of ':'). */
export function runJobId(experiment: string, spec: RunSpec): string {
  return `${experiment}-${keyHash(runKey(spec))}`;
}

export function runJobOptions(experiment: string, spec: RunSpec, retry: RetryOptions = {}): JobsOptions {
  return {
    jobId: runJobId(experiment, spec),
    attempts: retry.attempts ?? 3,
    backoff: { type: 'fixed', delay: (retry.backoffSeconds ?? 10) * 1000 },
    // Finished jobs hold the records until a reproduction collects them: keep them all.
    removeOnComplete: false,
    removeOnFail: false,
  };
}

/**
 * A connection to the queue's Redis, checked before use so that a wrong host or password fails
 * at once with a message that names the queue (password hidden). Once connected it reconnects
 * without end, so a long wait outlives a Redis restart.
 */
export async function connectRedis(url: string): Promise<Redis> {
  let connected = false;
  const client = new Redis({
    ...parseRedisUrl(url),
    lazyConnect: true,
    // BullMQ's workers block on Redis and require this; commands wait for a reconnection.
    maxRetriesPerRequest: null,
    retryStrategy: (times) => (connected ? Math.min(times * 500, 5000) : times > 3 ? null : 300),
  });
  // Kept for the message below (the failed command only says the connection closed); unheard, ioredis would print them raw.
  let lastError: Error | undefined;
  client.on('error', (err: Error) => (lastError = err));
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    client.disconnect();
    throw new TemporaError(`cannot use the queue at ${redactRedisUrl(url)}: ${(lastError ?? (err as Error)).message}`);
  }
  connected = true;
  return client;
}

export interface OpenRunQueue {
  readonly queue: RunQueue;
  /** Closes the queue and its connection (which BullMQ does not own when given one). */
  close(): Promise<void>;
}

export async function openRunQueue(url: string): Promise<OpenRunQueue> {
  const client = await connectRedis(url);
  const queue: RunQueue = new Queue<RunJob, RunResult>(RUN_QUEUE_NAME, { connection: client });
  queue.on('error', () => undefined);
  return {
    queue,
    close: async () => {
      await queue.close();
      client.disconnect();
    },
  };
}
