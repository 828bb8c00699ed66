/**
 * `tempora reproduce ... --queue URL`: the runs not yet in DIR/results.jsonl become jobs of the
 * queue (a run already queued, by this or another reproduction, is not added again; a failed one
 * gets new attempts), workers on any machines run them, and this process collects each finished
 * run into DIR as the local pool would, so the tables and report come out the same.
 */
import { Job } from 'bullmq';
import { keepRun, planRuns, resultsPath, type PlanOptions, type ReproduceSummary, type RunResult } from '../reproduce.js';
import { ResultsStore, type RunRecord, type RunSpec } from '../results-store.js';
import { describeRunJob, openRunQueue, runJobId, runJobOptions, type RetryOptions, type RunJob, type RunQueue } from './run-queue.js';
import { queueCounts, type QueueCounts } from './queue-status.js';

export interface QueueReproduceOptions extends PlanOptions {
  readonly url: string;
  readonly outDir: string;
  /** Wait for the runs and collect them (default); false returns once they are queued. */
  readonly wait?: boolean;
  readonly retry?: RetryOptions;
  /** Seconds between looks at the queue while waiting (default 2). */
  readonly pollSeconds?: number;
  readonly onEnqueued?: (enqueued: Enqueued) => void;
  readonly onRunDone?: (record: RunRecord, done: number, total: number) => void;
  readonly onRunFailed?: (spec: RunSpec, message: string) => void;
  /** The whole queue's counts, at each look while waiting. */
  readonly onWaiting?: (counts: QueueCounts) => void;
}

export interface Enqueued {
  /** Runs planned, and of them already in the results folder. */
  readonly planned: number;
  readonly skipped: number;
  /** Jobs added now; the others were in the queue already (waiting, running or finished). */
  readonly added: number;
  /** Failed jobs given new attempts. */
  readonly retried: number;
}

export async function reproduceOnQueue(options: QueueReproduceOptions): Promise<ReproduceSummary> {
  const started = Date.now();
  const plan = planRuns(options);
  const store = new ResultsStore(resultsPath(options.outDir));
  const todo = plan.filter((spec) => !store.has(spec));
  const { queue, close } = await openRunQueue(options.url);
  try {
    const enqueued = { planned: plan.length, skipped: plan.length - todo.length, ...(await enqueueRuns(queue, options.experiment.name, todo, options.retry)) };
    options.onEnqueued?.(enqueued);
    const summary = { planned: plan.length, skipped: enqueued.skipped, finished: 0, failed: 0 };
    if (options.wait === false) return { ...summary, seconds: (Date.now() - started) / 1000 };
    const pending = new Map(todo.map((spec) => [runJobId(options.experiment.name, spec), spec]));
    for (;;) {
      for (const id of await finishedAmong(queue, 'completed', pending)) {
        const job = (await Job.fromId<RunJob, RunResult>(queue, id))!;
        const record = keepRun(store, options.outDir, pending.get(id)!, job.returnvalue, new Date(job.finishedOn ?? Date.now()));
        pending.delete(id);
        summary.finished++;
        options.onRunDone?.(record, summary.skipped + summary.finished, plan.length);
      }
      for (const id of await finishedAmong(queue, 'failed', pending)) {
        const job = await Job.fromId(queue, id);
        options.onRunFailed?.(pending.get(id)!, job?.failedReason ?? 'failed');
        pending.delete(id);
        summary.failed++;
      }
      if (pending.size === 0) break;
      options.onWaiting?.(await queueCounts(queue));
      await new Promise((resolve) => setTimeout(resolve, (options.pollSeconds ?? 2) * 1000));
    }
    return { ...summary, seconds: (Date.now() - started) / 1000 };
  } finally {
    await close();
  }
}

/** Adds a job per spec (ids make a second add a no-op) and retries those that had failed. */
async function enqueueRuns(queue: RunQueue, experiment: string, specs: readonly RunSpec[], retry?: RetryOptions): Promise<{ added: number; retried: number }> {
  const ids = new Set(specs.map((spec) => runJobId(experiment, spec)));
  const present = new Set((await queue.getRanges(['completed', 'failed', 'active', 'wait', 'delayed', 'prioritized'], 0, -1)).filter((id) => ids.has(id)));
  await queue.addBulk(specs.map((spec) => ({ name: describeRunJob({ experiment, spec }), data: { experiment, spec }, opts: runJobOptions(experiment, spec, retry) })));
  const failed = (await queue.getRanges(['failed'], 0, -1)).filter((id) => ids.has(id));
  for (const id of failed) await (await Job.fromId(queue, id))?.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
  return { added: ids.size - present.size, retried: failed.length };
}

async function finishedAmong(queue: RunQueue, state: 'completed' | 'failed', pending: ReadonlyMap<string, RunSpec>): Promise<string[]> {
  return (await queue.getRanges([state], 0, -1)).filter((id) => pending.has(id));
}
