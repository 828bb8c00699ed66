/** `tempora queue status URL`: how many runs are done, running, waiting and failed, and why those failed. */
import { openRunQueue, type RunQueue } from './run-queue.js';

export interface QueueCounts {
  readonly done: number;
  readonly running: number;
  /** Waiting for a worker, or for their next attempt after a failure. */
  readonly waiting: number;
  readonly failed: number;
}

export interface QueueStatus {
  readonly counts: QueueCounts;
  /** The runs now running. */
  readonly running: readonly string[];
  /** Each failed run with the error of its last attempt. */
  readonly failures: readonly { readonly run: string; readonly error: string; readonly attempts: number }[];
}

export async function queueCounts(queue: RunQueue): Promise<QueueCounts> {
  const c = await queue.getJobCounts('completed', 'active', 'wait', 'prioritized', 'delayed', 'failed');
  const n = (state: string): number => c[state] ?? 0;
  return { done: n('completed'), running: n('active'), waiting: n('wait') + n('prioritized') + n('delayed'), failed: n('failed') };
}

export async function queueStatus(url: string): Promise<QueueStatus> {
  const { queue, close } = await openRunQueue(url);
  try {
    const [counts, active, failed] = await Promise.all([queueCounts(queue), queue.getActive(), queue.getFailed()]);
    return {
      counts,
      running: active.map((job) => job.name),
      failures: failed.map((job) => ({ run: job.name, error: job.failedReason, attempts: job.attemptsMade })),
    };
  } finally {
    await close();
  }
}
