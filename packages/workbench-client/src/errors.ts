/** Brand carried by every {@link WorkbenchError}; `Symbol.for` so it survives duplicated copies of the package. */
export const WORKBENCH_ERROR_BRAND: unique symbol = Symbol.for('ddex:WorkbenchError');

/**
 * Stable codes of {@link WorkbenchError}; branch on these, never on the message.
 *
 * - `AUTH`: 401/403, the API key is missing, wrong or revoked.
 * - `RATE_LIMITED`: 429 after the last retry.
 * - `BAD_REQUEST`: another 4xx (400, 413, 422...): the request itself is wrong, retrying cannot help.
 * - `NOT_FOUND`: 404, usually a wrong `baseUrl`.
 * - `SERVER`: 5xx after the last retry.
 * - `TIMEOUT`: connect or overall timeout (or 408) after the last retry.
 * - `NETWORK`: connection refused/reset, DNS failure... after the last retry.
 * - `MALFORMED_RESPONSE`: a 2xx whose body is not the documented JSON.
 * - `UNEXPECTED_STATUS`: a status the API does not document (1xx/3xx).
 * - `ABORTED`: the caller's `AbortSignal` fired.
 * - `INVALID_OPTIONS`: bad client or call options, detected before any request.
 */
export type WorkbenchErrorCode =
  | 'AUTH'
  | 'RATE_LIMITED'
  | 'BAD_REQUEST'
  | 'NOT_FOUND'
  | 'SERVER'
  | 'TIMEOUT'
  | 'NETWORK'
  | 'MALFORMED_RESPONSE'
  | 'UNEXPECTED_STATUS'
  | 'ABORTED'
  | 'INVALID_OPTIONS';

/** Details given to the {@link WorkbenchError} constructor. */
export interface WorkbenchErrorOptions {
  /** Whether the same request may succeed if sent again (429, 5xx, timeouts, network failures). */
  retryable?: boolean;
  /** HTTP status of the response, when there was one. */
  status?: number;
  /** Wait the server asked for through `Retry-After`, in milliseconds. */
  retryAfterMs?: number;
  /** Number of HTTP attempts made before giving up. */
  attempts?: number;
  /** The underlying error (undici error, JSON `SyntaxError`, abort reason...). */
  cause?: unknown;
}

/**
 * The one error class thrown by `@ddex/workbench-client`. Messages never contain the API key.
 *
 * @example
 * ```ts
 * try { await client.validate(xml, { version: '4.3' }); }
 * catch (e) { if (isWorkbenchError(e) && e.code === 'AUTH') { ... } }
 * ```
 */
export class WorkbenchError extends Error {
  /** Brand checked by {@link isWorkbenchError}. */
  readonly [WORKBENCH_ERROR_BRAND] = true;
  override readonly name = 'WorkbenchError';
  /** Stable machine-readable code. */
  readonly code: WorkbenchErrorCode;
  /** Whether sending the same request again may succeed. */
  readonly retryable: boolean;
  /** HTTP status, when the server answered. */
  readonly status: number | undefined;
  /** `Retry-After` converted to milliseconds, when the server sent one. */
  readonly retryAfterMs: number | undefined;
  /** HTTP attempts made so far (1 when no retry happened); 0 when no request was sent. */
  readonly attempts: number;

  /** Creates an error; `message` must already be free of secrets. */
  constructor(code: WorkbenchErrorCode, message: string, options: WorkbenchErrorOptions = {}) {
    super(`[workbench-client] ${message}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.attempts = options.attempts ?? 0;
  }
}

/** True when `value` is a {@link WorkbenchError}, even one from another copy of this package. */
export function isWorkbenchError(value: unknown): value is WorkbenchError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { [WORKBENCH_ERROR_BRAND]?: unknown })[WORKBENCH_ERROR_BRAND] === true
  );
}
