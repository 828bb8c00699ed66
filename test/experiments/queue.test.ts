import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Job } from 'bullmq';
import { queueStatus } from '../../src/experiments/queue/queue-status.js';
import { parseRedisUrl, redactRedisUrl } from '../../src/experiments/queue/redis-url.js';
import { reproduceOnQueue, type Enqueued } from '../../src/experiments/queue/reproduce-on-queue.js';
import { openRunQueue, runJobId } from '../../src/experiments/queue/run-queue.js';
import { readArtifact, reproduce, resultsPath } from '../../src/experiments/reproduce.js';
import { ResultsStore, type RunSpec } from '../../src/experiments/results-store.js';
import { tableToMarkdown } from '../../src/experiments/table.js';
import { resultsReport } from '../../src/report/results-report.js';
import { FAKE } from '../support/fake-experiment.js';
import { hasRedis, NO_REDIS, startRedis } from '../support/redis-server.js';
import { tempFiles } from '../temp-files.js';

const skip = hasRedis ? false : NO_REDIS;
const workerScript = fileURLToPath(new URL('../support/fake-queue-worker.js', import.meta.url));
const localWorker = new URL('../support/fake-experiment-worker.js', import.meta.url);

/** A queue worker in its own process; resolves once it takes runs. */
function startWorker(url: string, workDir: string, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, [workerScript, url, workDir], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before it was ready`)));
  });
}

async function waitFor<T>(look: () => T | undefined): Promise<T> {
  for (;;) {
    const found = look();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The report's tables of a results folder, as markdown. */
function tables(outDir: string): string[] {
  const records = new ResultsStore(resultsPath(outDir)).all();
  return resultsReport({ experiment: FAKE, records, artifact: (key) => readArtifact(outDir, key), subtitle: [] }).tables.map((t) => `${t.name}\n${tableToMarkdown(t.table)}`);
}

test('queue URLs: password, database and TLS are read; the password is never shown', () => {
  assert.deepEqual(parseRedisUrl('redis://localhost'), { host: 'localhost', port: 6379, db: 0 });
  assert.deepEqual(parseRedisUrl('rediss://user:s%40cret@redis.example.org:6380/2'), {
    host: 'redis.example.org',
    port: 6380,
    db: 2,
    username: 'user',
    password: 's@cret',
    tls: { servername: 'redis.example.org' },
  });
  assert.equal(redactRedisUrl('redis://:hunter2@10.0.0.5:6379/1'), 'redis://:***@10.0.0.5:6379/1');
  assert.equal(redactRedisUrl('redis//:hunter2@host'), 'redis//***@host');
  assert.throws(() => parseRedisUrl('http://:hunter2@host'), (err: Error) => /redis:\/\/ or rediss:\/\//.test(err.message) && !err.message.includes('hunter2'));
  assert.throws(() => parseRedisUrl('redis://:hunter2@host/x'), (err: Error) => /database must be a number/.test(err.message) && !err.message.includes('hunter2'));
});

test('two workers share the runs through Redis; one killed mid-run loses only that run; the tables equal a one-machine run', { skip }, async () => {
  const redis = await startRedis();
  const files = tempFiles('queue');
  const hangMarker = join(files.dir, 'hang');
  const workers = await Promise.all([0, 1].map((i) => startWorker(redis.url, join(files.dir, `work${i}`), { FAKE_HANG_MARKER: hangMarker })));
  try {
    const outDir = join(files.dir, 'out');
    const options = { experiment: FAKE, datasets: ['A', 'Hang', 'B'], seeds: 2, budget: 'quick' as const, url: redis.url, outDir, pollSeconds: 0.2 };
    const running = reproduceOnQueue(options);
    // The worker that runs Hang/good/0 writes its pid and hangs: kill it in the middle of that run.
    const hungPid = Number(await waitFor(() => (existsSync(hangMarker) ? readFileSync(hangMarker, 'utf8') || undefined : undefined)));
    const killed = workers.find((w) => w.pid === hungPid);
    assert.ok(killed, 'the hanging run belongs to one of the two workers');
    killed.kill('SIGKILL');
    const summary = await running;
    assert.deepEqual({ ...summary, seconds: 0 }, { planned: 12, skipped: 0, finished: 12, failed: 0, seconds: 0 });
    // Every run done exactly once: one record per run in the folder.
    const lines = readFileSync(resultsPath(outDir), 'utf8').trim().split('\n');
    const keys = lines.map((line) => (JSON.parse(line) as { key: string }).key);
    assert.equal(new Set(keys).size, 12);
    assert.equal(lines.length, 12);
    // The killed worker's run was found stalled and run by the other worker.
    const { queue, close } = await openRunQueue(redis.url);
    const hung: RunSpec = { dataset: 'Hang', method: 'good', seed: 0, settings: { budget: 'quick' } };
    const job = await Job.fromId(queue, runJobId('fake', hung));
    assert.equal(job!.stalledCounter, 1);
    assert.equal(job!.attemptsMade, 1);
    assert.equal((await queue.getJobCounts('completed'))['completed'], 12);
    await close();
    // A one-machine run of the same runs makes the same tables.
    const localDir = join(files.dir, 'local');
    await reproduce({ experiment: FAKE, datasets: ['A', 'Hang', 'B'], seeds: 2, budget: 'quick', workers: 1, outDir: localDir, workerModule: localWorker });
    assert.deepEqual(tables(outDir), tables(localDir));
    assert.ok(readArtifact(outDir, keys[0]!)?.history, 'artifacts are collected too');
  } finally {
    for (const w of workers) w.kill('SIGKILL');
    await redis.stop();
  }
});

test('failed runs are retried a bounded number of times, recorded with their error, and never block the others; Redis restarts lose nothing', { skip }, async () => {
  const redis = await startRedis();
  const files = tempFiles('queue-faults');
  const worker = await startWorker(redis.url, join(files.dir, 'work'), { FAKE_CRASH_MARKER: join(files.dir, 'crashed') });
  try {
    const outDir = join(files.dir, 'out');
    const failures: string[] = [];
    const options = {
      experiment: FAKE,
      datasets: ['Bad', 'Crash', 'A'],
      seeds: 1,
      budget: 'quick' as const,
      url: redis.url,
      outDir,
      pollSeconds: 0.2,
      retry: { attempts: 2, backoffSeconds: 0.1 },
      onRunFailed: (spec: RunSpec, message: string) => failures.push(`${spec.dataset}/${spec.method}: ${message}`),
    };
    const summary = await reproduceOnQueue(options);
    // Crash killed its run's process once; its second attempt succeeded.
    assert.deepEqual({ ...summary, seconds: 0 }, { planned: 6, skipped: 0, finished: 4, failed: 2, seconds: 0 });
    assert.deepEqual(failures.sort(), ['Bad/bad: bad data in Bad', 'Bad/good: bad data in Bad']);
    const status = await queueStatus(redis.url);
    assert.deepEqual(status.counts, { done: 4, running: 0, waiting: 0, failed: 2 });
    assert.deepEqual(
      status.failures.map((f) => `${f.run}: ${f.error} (${f.attempts})`).sort(),
      ['fake Bad|bad|seed=0|budget=quick: bad data in Bad (2)', 'fake Bad|good|seed=0|budget=quick: bad data in Bad (2)'],
    );
    // With the append-only file on, a restart keeps every finished run.
    worker.kill('SIGKILL');
    await redis.restart();
    assert.deepEqual((await queueStatus(redis.url)).counts, { done: 4, running: 0, waiting: 0, failed: 2 });
    // Enqueueing again adds nothing: the done runs are in the folder, the failed ones get new attempts.
    let enqueued: Enqueued | undefined;
    await reproduceOnQueue({ ...options, wait: false, onEnqueued: (e) => (enqueued = e) });
    assert.deepEqual(enqueued, { planned: 6, skipped: 4, added: 0, retried: 2 });
    assert.equal((await queueStatus(redis.url)).counts.waiting, 2);
  } finally {
    worker.kill('SIGKILL');
    await redis.stop();
  }
});

test('an unreachable queue fails at once with a message that hides the password', { skip }, async () => {
  const redis = await startRedis({ password: 's3cret-pass' });
  try {
    await assert.rejects(queueStatus(redis.url.replace('s3cret-pass', 'wrong-pass')), (err: Error) => /cannot use the queue at redis:\/\/:\*\*\*@127\.0\.0\.1/.test(err.message) && !err.message.includes('wrong-pass'));
    assert.deepEqual((await queueStatus(redis.url)).counts, { done: 0, running: 0, waiting: 0, failed: 0 });
  } finally {
    await redis.stop();
  }
});
