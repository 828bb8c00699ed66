/**
 * A real redis-server (Debian's package) for the queue tests: on a free loopback port, its data in
 * a temporary folder with the append-only file on, as the README advises for a run queue.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REDIS_SERVER = process.env['TEMPORA_REDIS_SERVER'] ?? 'redis-server';
export const hasRedis = spawnSync(REDIS_SERVER, ['--version']).status === 0;
export const NO_REDIS = `needs redis-server (Debian package redis-server, or TEMPORA_REDIS_SERVER=path): '${REDIS_SERVER}' was not found`;

export interface TestRedis {
  /** redis://[:password@]127.0.0.1:PORT/0 */
  readonly url: string;
  readonly port: number;
  /** Stops the server (a clean shutdown writes the append-only file) and starts it again on the same port and data. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function launch(port: number, dir: string, password?: string): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '', '--daemonize', 'no'];
  if (password !== undefined) args.push('--requirepass', password);
  const child = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output}`)));
  });
}

function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export async function startRedis(password?: string): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'tempora-redis-'));
  const port = await freePort();
  let child = await launch(port, dir, password);
  return {
    url: `redis://${password !== undefined ? `:${encodeURIComponent(password)}@` : ''}127.0.0.1:${port}/0`,
    port,
    restart: async () => {
      await stopServer(child);
      child = await launch(port, dir, password);
    },
    stop: async () => {
      await stopServer(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
