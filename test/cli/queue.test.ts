import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { writeDtcrStandIns } from '../data/fixtures.js';
import { hasRedis, hasRedisTls, NO_REDIS, startRedis } from '../support/redis-server.js';

const main = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const PASSWORD = 'pw-Do-Not-Print-42';

const root = writeDtcrStandIns();
const env = { ...process.env, TEMPORA_DATA: root };

/** A tempora command, its exit status and output. */
async function tempora(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return temporaWith(env, ...args);
}

async function temporaWith(environment: NodeJS.ProcessEnv, ...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [main, ...args], { env: environment, encoding: 'utf8' });
    return { status: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { status: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Every file under a folder, as text. */
function allText(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'))
    .join('\n');
}

test('tempora reproduce --queue and tempora worker make the tables of a one-machine run; the queue password is never printed', { skip: hasRedis ? false : NO_REDIS }, async () => {
  const redis = await startRedis({ password: PASSWORD });
  const worker = spawn(process.execPath, [main, 'worker', '--queue', redis.url, '--dir', join(root, 'work')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let workerLog = '';
  worker.stdout.on('data', (c: Buffer) => (workerLog += c.toString()));
  worker.stderr.on('data', (c: Buffer) => (workerLog += c.toString()));
  try {
    const runs = ['reproduce', 'dtcr', '--datasets', 'Coffee,GunPoint', '--methods', 'kmeans', '--seeds', '2'];
    const shared = join(root, 'shared');
    const queued = await tempora(...runs, '--queue', redis.url, '--out', shared, '--no-wait');
    assert.equal(queued.status, 0, queued.stderr);
    assert.match(queued.stderr, /4 runs queued, 0 already in the queue/);
    const collected = await tempora(...runs, '--queue', redis.url, '--out', shared);
    assert.equal(collected.status, 0, collected.stderr);
    assert.match(collected.stderr, /0 runs queued, 4 already in the queue/);
    assert.match(collected.stderr, /4 runs finished, 0 already done, 0 failed/);
    // Another folder asking for the same runs adds nothing to the queue and collects them at once.
    const again = await tempora(...runs, '--queue', redis.url, '--out', join(root, 'again'));
    assert.match(again.stderr, /0 runs queued, 4 already in the queue/);

    const local = join(root, 'local');
    const alone = await tempora(...runs, '--workers', '1', '--out', local);
    assert.equal(alone.status, 0, alone.stderr);
    assert.deepEqual(readdirSync(join(shared, 'tables')).sort(), readdirSync(join(local, 'tables')).sort());
    for (const table of readdirSync(join(local, 'tables'))) {
      assert.equal(readFileSync(join(shared, 'tables', table), 'utf8'), readFileSync(join(local, 'tables', table), 'utf8'), table);
    }

    const status = await tempora('queue', 'status', redis.url);
    assert.equal(status.status, 0, status.stderr);
    assert.match(status.stdout, /queue redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\/0\ndone 4, running 0, waiting 0, failed 0/);
    const wrong = await tempora('queue', 'status', redis.url.replace(PASSWORD, 'wrong-pw-Do-Not-Print'));
    assert.equal(wrong.status, 2);
    assert.match(wrong.stderr, /cannot use the queue at redis:\/\/:\*\*\*@/);

    const printed = [queued, collected, again, status, wrong].flatMap((r) => [r.stdout, r.stderr]).join('\n') + workerLog + allText(shared);
    assert.ok(!printed.includes(PASSWORD) && !printed.includes('wrong-pw'), 'the password appears nowhere');
    assert.match(workerLog, /taking runs from redis:\/\/:\*\*\*@127\.0\.0\.1/);
  } finally {
    worker.kill('SIGKILL');
    await redis.stop();
  }
});

test('rediss:// speaks TLS to Redis, checking its certificate', { skip: hasRedisTls ? false : 'needs a redis-server built with TLS, and openssl' }, async () => {
  const redis = await startRedis({ password: PASSWORD, tls: true });
  try {
    const trusted = await temporaWith({ ...env, NODE_EXTRA_CA_CERTS: redis.caFile }, 'queue', 'status', redis.url);
    assert.equal(trusted.status, 0, trusted.stderr);
    assert.match(trusted.stdout, /queue rediss:\/\/:\*\*\*@localhost:\d+\/0\ndone 0, running 0, waiting 0, failed 0/);
    const untrusted = await tempora('queue', 'status', redis.url);
    assert.equal(untrusted.status, 2);
    assert.match(untrusted.stderr, /cannot use the queue at rediss:\/\/:\*\*\*@localhost:\d+\/0: self-signed certificate/);
    const plain = await temporaWith({ ...env, NODE_EXTRA_CA_CERTS: redis.caFile }, 'queue', 'status', redis.url.replace('rediss:', 'redis:'));
    assert.equal(plain.status, 2);
    assert.ok(![trusted, untrusted, plain].some((r) => `${r.stdout}${r.stderr}`.includes(PASSWORD)));
  } finally {
    await redis.stop();
  }
});
