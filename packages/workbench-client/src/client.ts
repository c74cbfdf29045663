import { setTimeout as sleep } from 'node:timers/promises';
import pRetry from 'p-retry';
import { Agent, type Dispatcher } from 'undici';
import { isWorkbenchError, WorkbenchError } from './errors';
import { type AttemptRequest, sendAttempt } from './http';
import { type ResolvedOptions, resolveOptions, type WorkbenchClientOptions } from './options';
import { mapHealthResponse, mapValidateResponse, parseJsonBody } from './response';
import { retryWait } from './retry-policy';
import { WORKBENCH_ERN_VERSIONS, type WorkbenchClient } from './types';

/**
 * Creates a client for the DDEX Workbench validation API.
 *
 * @example
 * ```ts
 * const workbench = createWorkbenchClient({ apiKey: process.env.WORKBENCH_API_KEY });
 * const result = await workbench.validate(xml, { version: '4.3', profile: 'AudioAlbum' });
 * if (!result.valid) for (const e of result.errors) report(`${e.line}:${e.column}: ${e.message}`);
 * await workbench.close();
 * ```
 */
export function createWorkbenchClient(options: WorkbenchClientOptions = {}): WorkbenchClient {
  const resolved = resolveOptions(options);
  const ownAgent = options.dispatcher ? undefined : new Agent({ connect: { timeout: resolved.connectTimeout } });
  const dispatcher: Dispatcher = options.dispatcher ?? ownAgent!;

  return {
    async validate(xml, { version, profile, signal } = {} as never) {
      if (typeof xml !== 'string' || xml.length === 0) {
        throw new WorkbenchError('INVALID_OPTIONS', 'xml must be a non-empty string');
      }
      if (!WORKBENCH_ERN_VERSIONS.includes(version)) {
        throw new WorkbenchError(
          'INVALID_OPTIONS',
          `version must be one of ${WORKBENCH_ERN_VERSIONS.join(', ')}, got ${String(version)}`,
        );
      }
      const body = JSON.stringify({ content: xml, type: 'ERN', version, ...(profile ? { profile } : {}) });
      return _call(resolved, dispatcher, { method: 'POST', path: 'validate', body }, signal, (text, status, attempt) =>
        mapValidateResponse(parseJsonBody(text, status, attempt), version, status, attempt),
      );
    },
    async health({ signal } = {}) {
      return _call(resolved, dispatcher, { method: 'GET', path: 'health' }, signal, (text, status, attempt) =>
        mapHealthResponse(parseJsonBody(text, status, attempt), status, attempt),
      );
    },
    async close() {
      await ownAgent?.close();
    },
  };
}

// --- Internal helpers ---

/** Runs attempts under p-retry: retryable errors wait `Retry-After` or the backoff, the rest end the loop. */
async function _call<T>(
  options: ResolvedOptions,
  dispatcher: Dispatcher,
  req: AttemptRequest,
  userSignal: AbortSignal | undefined,
  parse: (text: string, status: number, attempt: number) => T,
): Promise<T> {
  if (userSignal?.aborted) {
    throw new WorkbenchError('ABORTED', `${req.method} /${req.path} aborted before sending`, {
      cause: userSignal.reason,
    });
  }
  const controller = new AbortController();
  const onUserAbort = () => controller.abort(userSignal?.reason);
  userSignal?.addEventListener('abort', onUserAbort, { once: true });
  let totalTimedOut = false;
  const totalTimer =
    options.totalTimeout > 0
      ? setTimeout(() => {
          totalTimedOut = true;
          controller.abort(new Error(`call timed out after ${options.totalTimeout} ms`));
        }, options.totalTimeout)
      : undefined;
  const signal = controller.signal;
  let attempts = 0;

  try {
    return await pRetry(
      async (attempt) => {
        attempts = attempt;
        const { status, text } = await sendAttempt(options, dispatcher, req, attempt, signal);
        return parse(text, status, attempt);
      },
      {
        retries: options.maxAttempts - 1,
        minTimeout: 0, // the wait happens in shouldRetry, where Retry-After is known
        signal,
        shouldRetry: async ({ error, retriesConsumed }) => {
          if (!isWorkbenchError(error) || !error.retryable) return false;
          const waitMs = retryWait(retriesConsumed, error.retryAfterMs, options);
          options.logger?.warn?.(`${req.method} /${req.path} failed (${error.code}), retrying in ${waitMs} ms`, {
            code: error.code,
            status: error.status,
            attempt: retriesConsumed + 1,
            waitMs,
            retryAfterMs: error.retryAfterMs,
          });
          await sleep(waitMs, undefined, { signal });
          return true;
        },
      },
    );
  } catch (error) {
    if (userSignal?.aborted) {
      throw new WorkbenchError('ABORTED', `${req.method} /${req.path} aborted after ${attempts} attempt(s)`, {
        attempts,
        cause: userSignal.reason,
      });
    }
    if (totalTimedOut) {
      throw new WorkbenchError(
        'TIMEOUT',
        `${req.method} /${req.path} got no usable answer within totalTimeout ${options.totalTimeout} ms (${attempts} attempt(s))`,
        { retryable: true, attempts, cause: error },
      );
    }
    if (isWorkbenchError(error)) throw error;
    throw new WorkbenchError('NETWORK', `${req.method} /${req.path} failed unexpectedly`, { attempts, cause: error });
  } finally {
    clearTimeout(totalTimer);
    userSignal?.removeEventListener('abort', onUserAbort);
  }
}
