import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  classifyStatus,
  isWorkbenchError,
  parseRetryAfter,
  retryWait,
  WorkbenchError,
} from '../src/index';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-26T18:00:00Z');

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('1', now)).toBe(1_000);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter(['3', '9'], now)).toBe(3_000);
  });

  it('reads an HTTP date, never negative', () => {
    expect(parseRetryAfter('Thu, 26 Nov 2026 18:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('Thu, 26 Nov 2026 17:59:00 GMT', now)).toBe(0);
  });

  it('ignores absent or unparsable values', () => {
    for (const v of [undefined, '', '-3', '1.5', 'soon', 'Thu, 99 Foo 2026'])
      expect(parseRetryAfter(v, now)).toBeUndefined();
  });
});

describe('backoff', () => {
  it('grows exponentially with full jitter and a cap', () => {
    expect(backoffDelay(0, 100, 10_000, () => 1)).toBe(100);
    expect(backoffDelay(3, 100, 10_000, () => 1)).toBe(800);
    expect(backoffDelay(10, 100, 10_000, () => 1)).toBe(10_000);
    expect(backoffDelay(3, 100, 10_000, () => 0)).toBe(0);
    expect(backoffDelay(3, 100, 10_000, () => 0.5)).toBe(400);
  });

  it('waits at least Retry-After, at most maxRetryDelay', () => {
    const options = { retryDelay: 100, maxRetryDelay: 5_000 };
    expect(retryWait(0, 2_000, options, () => 1)).toBe(2_000);
    expect(retryWait(0, undefined, options, () => 1)).toBe(100);
    expect(retryWait(0, 60_000, options, () => 0)).toBe(5_000);
  });
});

describe('classifyStatus', () => {
  it('retries 429, 408 and 5xx only', () => {
    expect(classifyStatus(400)).toEqual({ code: 'BAD_REQUEST', retryable: false });
    expect(classifyStatus(401)).toEqual({ code: 'AUTH', retryable: false });
    expect(classifyStatus(403)).toEqual({ code: 'AUTH', retryable: false });
    expect(classifyStatus(404)).toEqual({ code: 'NOT_FOUND', retryable: false });
    expect(classifyStatus(413)).toEqual({ code: 'BAD_REQUEST', retryable: false });
    expect(classifyStatus(408)).toEqual({ code: 'TIMEOUT', retryable: true });
    expect(classifyStatus(429)).toEqual({ code: 'RATE_LIMITED', retryable: true });
    expect(classifyStatus(500)).toEqual({ code: 'SERVER', retryable: true });
    expect(classifyStatus(503)).toEqual({ code: 'SERVER', retryable: true });
    expect(classifyStatus(302)).toEqual({ code: 'UNEXPECTED_STATUS', retryable: false });
  });
});

describe('isWorkbenchError', () => {
  it('checks the brand, not the class', () => {
    expect(isWorkbenchError(new WorkbenchError('SERVER', 'x'))).toBe(true);
    expect(isWorkbenchError({ [Symbol.for('ddex:WorkbenchError')]: true })).toBe(true);
    expect(isWorkbenchError(new Error('x'))).toBe(false);
    expect(isWorkbenchError(null)).toBe(false);
  });
});
