import type { WorkbenchErrorCode } from './errors';

/** What the retry loop needs to know about an HTTP status. */
export interface StatusClass {
  /** Error code for a non-2xx status. */
  code: WorkbenchErrorCode;
  /** Whether the same request may succeed later. */
  retryable: boolean;
}

/** Classifies a non-2xx status: 429, 408 and 5xx are retryable; 400/401/403 and other 4xx are not. */
export function classifyStatus(status: number): StatusClass {
  if (status === 401 || status === 403) return { code: 'AUTH', retryable: false };
  if (status === 429) return { code: 'RATE_LIMITED', retryable: true };
  if (status === 408) return { code: 'TIMEOUT', retryable: true };
  if (status === 404) return { code: 'NOT_FOUND', retryable: false };
  if (status >= 500 && status <= 599) return { code: 'SERVER', retryable: true };
  if (status >= 400 && status <= 499) return { code: 'BAD_REQUEST', retryable: false };
  return { code: 'UNEXPECTED_STATUS', retryable: false };
}

/**
 * Parses a `Retry-After` header (RFC 9110 §10.2.3): delay-seconds or an HTTP date.
 * Returns milliseconds (≥ 0), or `undefined` when absent or unparsable.
 */
export function parseRetryAfter(value: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const raw = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!raw) return undefined;
  if (/^\d+$/.test(raw)) return Number(raw) * 1000;
  // an HTTP date always names a weekday or month; this keeps "1.5" or "-3" from parsing as dates
  if (!/[a-z]/i.test(raw)) return undefined;
  const at = Date.parse(raw);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** Exponential backoff with full jitter: a random wait in [0, base·2^retry], capped at `max`. */
export function backoffDelay(retry: number, base: number, max: number, random: () => number = Math.random): number {
  const ceiling = Math.min(max, base * 2 ** retry);
  return Math.round(random() * ceiling);
}

/**
 * Wait before the next attempt: the server's `Retry-After` when it sent one (never less), else the
 * backoff; always capped at `maxDelay`.
 */
export function retryWait(
  retry: number,
  retryAfterMs: number | undefined,
  options: { retryDelay: number; maxRetryDelay: number },
  random?: () => number,
): number {
  const backoff = backoffDelay(retry, options.retryDelay, options.maxRetryDelay, random);
  return Math.min(options.maxRetryDelay, Math.max(backoff, retryAfterMs ?? 0));
}
