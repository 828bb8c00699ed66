import { test } from 'node:test';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { runPool } from '../../src/experiments/worker-pool.js';

const workerModule = new URL('../support/square-worker.js', import.meta.url);

test('the pool runs every task across processes and reports errors per task', async () => {
  const results: { x: number; square: number; pid: number }[] = [];
  const errors: string[] = [];
  await runPool<number, { x: number; square: number; pid: number }>({
    tasks: [1, 2, 3, -4, 5, 6],
    workers: 2,
    workerModule,
    onResult: (_, r) => results.push(r),
    onError: (task, message) => errors.push(`${task}: ${message}`),
  });
  assert.deepEqual(results.map((r) => r.square).sort((a, b) => a - b), [1, 4, 9, 25, 36]);
  assert.deepEqual(errors, ['-4: negative: -4']);
  assert.equal(new Set(results.map((r) => r.pid)).size, 2);
  assert.ok(results.every((r) => r.pid !== process.pid));
});

test('a worker that dies mid-task fails the pool after keeping what finished', async () => {
  const done: number[] = [];
  await assert.rejects(
    runPool<number, { square: number }>({ tasks: [2, 999], workers: 1, workerModule, onResult: (_, r) => done.push(r.square), onError: () => {} }),
    /worker stopped \(exit 3\)/,
  );
  assert.deepEqual(done, [4]);
});

test('a worker whose pool process goes away exits instead of finishing its task orphaned', async () => {
  const child = fork(fileURLToPath(workerModule), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  child.send({ id: 0, task: 777 });
  const started = Date.now();
  child.disconnect();
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  assert.equal(code, 0);
  assert.ok(Date.now() - started < 30_000);
});
