import { type Dispatcher, request } from 'undici';
import { WorkbenchError } from './errors';
import type { ResolvedOptions } from './options';
import { errorBodyMessage } from './response';
import { classifyStatus, parseRetryAfter } from './retry-policy';

/** One HTTP call to the API. */
export interface AttemptRequest {
  /** HTTP method. */
  method: 'GET' | 'POST';
  /** Path relative to `baseUrl`, without a leading slash (`validate`, `health`). */
  path: string;
  /** JSON body, already serialised. */
  body?: string;
}

/** A 2xx answer. */
export interface AttemptResponse {
  /** HTTP status (2xx). */
  status: number;
  /** Body as text. */
  text: string;
}

const USER_AGENT = 'ddex-distro-workbench-client/0.1';
const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/**
 * Sends one attempt with the per-attempt `timeout`. Resolves with a 2xx; throws a {@link WorkbenchError} for
 * anything else (`ABORTED` when `signal` fired, which the caller may re-label).
 */
export async function sendAttempt(
  options: ResolvedOptions,
  dispatcher: Dispatcher,
  req: AttemptRequest,
  attempt: number,
  signal: AbortSignal,
): Promise<AttemptResponse> {
  const what = `${req.method} ${new URL(req.path, options.baseUrl).pathname}`;
  const started = performance.now();
  const controller = new AbortController();
  let timedOut = false;
  const timer =
    options.timeout > 0
      ? setTimeout(() => {
          timedOut = true;
          controller.abort(new Error(`attempt timed out after ${options.timeout} ms`));
        }, options.timeout)
      : undefined;
  const onAbort = () => controller.abort(signal.reason);
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });

  try {
    const res = await request(new URL(req.path, options.baseUrl), {
      method: req.method,
      headers: _headers(options, req.body !== undefined),
      body: req.body,
      signal: controller.signal,
      dispatcher,
    });
    const text = await res.body.text();
    const status = res.statusCode;
    options.logger?.debug?.(`${what} answered ${status}`, {
      attempt,
      status,
      ms: Math.round(performance.now() - started),
    });
    if (status >= 200 && status <= 299) return { status, text };

    const { code, retryable } = classifyStatus(status);
    const retryAfterMs = parseRetryAfter(res.headers['retry-after']);
    const detail = errorBodyMessage(text);
    const message = `${what} failed with HTTP ${status}${detail ? `: ${detail}` : ''}`;
    throw new WorkbenchError(code, _redact(message, options.apiKey), {
      status,
      retryable,
      retryAfterMs,
      attempts: attempt,
    });
  } catch (error) {
    if (error instanceof WorkbenchError) throw error;
    if (signal.aborted) {
      throw new WorkbenchError('ABORTED', `${what} aborted`, { attempts: attempt, cause: signal.reason });
    }
    const code = (error as { code?: unknown } | null)?.code;
    if (timedOut || (typeof code === 'string' && TIMEOUT_CODES.has(code))) {
      const limit = timedOut ? `no answer within ${options.timeout} ms` : `undici ${String(code)}`;
      throw new WorkbenchError('TIMEOUT', `${what} timed out (${limit})`, {
        retryable: true,
        attempts: attempt,
        cause: error,
      });
    }
    const reason = typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
    throw new WorkbenchError('NETWORK', _redact(`${what} failed: ${reason}`, options.apiKey), {
      retryable: true,
      attempts: attempt,
      cause: error,
    });
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
}

// --- Internal helpers ---

function _headers(options: ResolvedOptions, hasBody: boolean): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': USER_AGENT, ...options.headers };
  if (hasBody) headers['content-type'] = 'application/json';
  if (options.apiKey !== undefined) headers['x-api-key'] = options.apiKey;
  return headers;
}

/** Removes the API key should a server echo it back in an error message. */
function _redact(message: string, apiKey: string | undefined): string {
  return apiKey ? message.split(apiKey).join('[redacted]') : message;
}
