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

export interface TestRedisOptions {
  readonly password?: string;
  /** TLS only, with a self-signed certificate for localhost (made by openssl). */
  readonly tls?: boolean;
}

export interface TestRedis {
  /** redis://[:password@]127.0.0.1:PORT/0, or rediss://[:password@]localhost:PORT/0 */
  readonly url: string;
  /** With TLS: the certificate a client must trust (NODE_EXTRA_CA_CERTS). */
  readonly caFile?: string;
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

/** Whether this redis-server was built with TLS (it then fails on the missing key, not on the directive) and openssl can make a certificate. */
export const hasRedisTls =
  hasRedis &&
  spawnSync('openssl', ['version']).status === 0 &&
  /tls-key-file/.test(spawnSync(REDIS_SERVER, ['--port', '0', '--tls-port', '1', '--tls-cert-file', '/nonexistent'], { encoding: 'utf8', timeout: 5000 }).stdout);

function selfSignedCertificate(dir: string): { cert: string; key: string } {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost']);
  if (made.status !== 0) throw new Error(`openssl could not make a certificate: ${made.stderr.toString()}`);
  return { cert, key };
}

function launch(port: number, dir: string, options: TestRedisOptions): Promise<ChildProcess> {
  const args = ['--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '', '--daemonize', 'no'];
  if (options.tls) {
    const { cert, key } = selfSignedCertificate(dir);
    args.push('--port', '0', '--tls-port', String(port), '--tls-cert-file', cert, '--tls-key-file', key, '--tls-auth-clients', 'no');
  } else args.push('--port', String(port));
  if (options.password !== undefined) args.push('--requirepass', options.password);
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

export async function startRedis(options: TestRedisOptions = {}): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'tempora-redis-'));
  const port = await freePort();
  let child = await launch(port, dir, options);
  const auth = options.password !== undefined ? `:${encodeURIComponent(options.password)}@` : '';
  return {
    url: options.tls ? `rediss://${auth}localhost:${port}/0` : `redis://${auth}127.0.0.1:${port}/0`,
    ...(options.tls ? { caFile: join(dir, 'cert.pem') } : {}),
    port,
    restart: async () => {
      await stopServer(child);
      child = await launch(port, dir, options);
    },
    stop: async () => {
      await stopServer(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
