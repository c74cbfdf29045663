import type { Dispatcher } from 'undici';
import { WorkbenchError } from './errors';
import type { WorkbenchLogger } from './types';

/** Public Workbench API. */
export const DEFAULT_BASE_URL = 'https://api.ddex-workbench.org/v1';

/** Options of `createWorkbenchClient`. */
export interface WorkbenchClientOptions {
  /**
   * API root; `/validate` and `/health` are resolved against it.
   * @default 'https://api.ddex-workbench.org/v1'
   */
  baseUrl?: string;
  /**
   * Sent as the `X-API-Key` header. Never written to error messages or logs.
   * @default undefined (anonymous requests; the API may reject or rate-limit them)
   */
  apiKey?: string;
  /**
   * Milliseconds allowed for one attempt (connect, send, wait, read the body). `0` disables it.
   * @default 30000
   */
  timeout?: number;
  /**
   * Milliseconds allowed for the whole call, every attempt and wait included. `0` disables it.
   * @default 120000
   */
  totalTimeout?: number;
  /**
   * Milliseconds allowed to open the TCP/TLS connection. Used only for the client's own connection pool.
   * @default 10000
   */
  connectTimeout?: number;
  /**
   * Attempts in total, the first one included; `1` disables retries. Only 429, 5xx, 408, timeouts and
   * network failures are retried (`POST /validate` is idempotent); 400/401/403 never are.
   * @default 3
   */
  maxAttempts?: number;
  /**
   * First backoff wait in milliseconds; it doubles on each retry, with full jitter.
   * @default 500
   */
  retryDelay?: number;
  /**
   * Upper bound, in milliseconds, of any wait between attempts, `Retry-After` included. A longer
   * `Retry-After` is cut down to this (the error then still carries the server's `retryAfterMs`).
   * @default 60000
   */
  maxRetryDelay?: number;
  /**
   * undici dispatcher (Agent, ProxyAgent, MockAgent...). When given, `connectTimeout` is not applied and
   * `close()` leaves it open.
   * @default a new undici `Agent` owned by the client
   */
  dispatcher?: Dispatcher;
  /**
   * Extra request headers (e.g. `User-Agent`). `X-API-Key` is taken from `apiKey` and cannot be set here.
   * @default {}
   */
  headers?: Record<string, string>;
  /**
   * Receives per-attempt debug lines and retry warnings; nothing is logged without it.
   * @default undefined
   */
  logger?: WorkbenchLogger;
}

/** Options with defaults applied; frozen. */
export interface ResolvedOptions {
  readonly baseUrl: URL;
  readonly apiKey: string | undefined;
  readonly timeout: number;
  readonly totalTimeout: number;
  readonly connectTimeout: number;
  readonly maxAttempts: number;
  readonly retryDelay: number;
  readonly maxRetryDelay: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly logger: WorkbenchLogger | undefined;
}

/** Applies defaults and checks every field; throws `INVALID_OPTIONS`. */
export function resolveOptions(options: WorkbenchClientOptions): ResolvedOptions {
  const base = options.baseUrl ?? DEFAULT_BASE_URL;
  let baseUrl: URL;
  try {
    baseUrl = new URL(base.endsWith('/') ? base : `${base}/`);
  } catch (cause) {
    throw new WorkbenchError('INVALID_OPTIONS', `baseUrl is not a valid URL: ${JSON.stringify(base)}`, { cause });
  }
  if (baseUrl.protocol !== 'http:' && baseUrl.protocol !== 'https:') {
    throw new WorkbenchError('INVALID_OPTIONS', `baseUrl must be http(s), got ${baseUrl.protocol}`);
  }
  if (options.apiKey !== undefined && (typeof options.apiKey !== 'string' || /[\r\n]/.test(options.apiKey))) {
    throw new WorkbenchError('INVALID_OPTIONS', 'apiKey must be a string without line breaks');
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (name.toLowerCase() !== 'x-api-key') headers[name.toLowerCase()] = value;
  }
  return Object.freeze({
    baseUrl,
    apiKey: options.apiKey === '' ? undefined : options.apiKey,
    timeout: _number('timeout', options.timeout, 30_000, 0),
    totalTimeout: _number('totalTimeout', options.totalTimeout, 120_000, 0),
    connectTimeout: _number('connectTimeout', options.connectTimeout, 10_000, 1),
    maxAttempts: Math.floor(_number('maxAttempts', options.maxAttempts, 3, 1)),
    retryDelay: _number('retryDelay', options.retryDelay, 500, 0),
    maxRetryDelay: _number('maxRetryDelay', options.maxRetryDelay, 60_000, 0),
    headers: Object.freeze(headers),
    logger: options.logger,
  });
}

// --- Internal helpers ---

function _number(name: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new WorkbenchError('INVALID_OPTIONS', `${name} must be a finite number >= ${min}, got ${String(value)}`);
  }
  return value;
}
