/**
 * The Redis a run queue lives on, given as one URL: redis://[[USER]:PASSWORD@]HOST[:PORT][/DB], or
 * rediss://... for TLS. The password is a secret: everything Tempora prints names the queue by
 * `redactRedisUrl`, never by the URL as given.
 */
import { OptionError } from '../../core/errors.js';

/** Connection settings for ioredis (BullMQ passes them on). */
export interface RedisConnection {
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly username?: string;
  readonly password?: string;
  /** Present for rediss://: the server's certificate is checked against Node's CAs (add yours with NODE_EXTRA_CA_CERTS). */
  readonly tls?: { readonly servername: string };
}

const DEFAULT_PORT = 6379;

/** The URL with its password replaced by ***, safe for logs, errors and reports. */
export function redactRedisUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL: whatever sits between '//' and '@' may be a secret.
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
  if (parsed.password !== '') parsed.password = '***';
  return parsed.toString();
}

export function parseRedisUrl(url: string): RedisConnection {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new OptionError(`a queue is named by a URL such as redis://HOST:PORT/DB, got '${redactRedisUrl(url)}'`);
  }
  const shown = redactRedisUrl(url);
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new OptionError(`a queue's URL starts with redis:// or rediss:// (TLS), got '${shown}'`);
  }
  if (parsed.hostname === '') throw new OptionError(`the queue's URL names no host: '${shown}'`);
  const path = parsed.pathname.replace(/^\//, '');
  const db = path === '' ? 0 : Number(path);
  if (!Number.isInteger(db) || db < 0) throw new OptionError(`the queue's database must be a number (redis://HOST:PORT/DB), got '${path}' in '${shown}'`);
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  return {
    host,
    port: parsed.port === '' ? DEFAULT_PORT : Number(parsed.port),
    db,
    ...(parsed.username !== '' ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password !== '' ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: { servername: host } } : {}),
  };
}
