/** Stable error codes of {@link DeliveryError}. */
export type DeliveryErrorCode =
  /** Credentials rejected, or the server's host key did not match the pinned fingerprint. */
  | 'AUTH'
  /** The connection could not be opened or was lost. */
  | 'CONNECT'
  /** The server did not answer in time. */
  | 'TIMEOUT'
  /** The remote file or directory does not exist. */
  | 'NOT_FOUND'
  /** The server refused the operation (read-only directory, no rights). */
  | 'PERMISSION'
  /** The remote is full or over quota. */
  | 'QUOTA'
  /** Size or hash of the uploaded or source bytes does not match. */
  | 'INTEGRITY'
  /** The caller aborted the operation. */
  | 'CANCELLED'
  /** The target exists and overwriting was not allowed. */
  | 'EXISTS'
  /** The path is absolute, contains `..`, NUL or a backslash. */
  | 'INVALID_PATH'
  /** The transport options are invalid, or an optional dependency is missing. */
  | 'CONFIG'
  /** A release does not meet the delivery profile's requirements (audio format, artwork size, ...). */
  | 'REQUIREMENTS'
  /** The transport does not implement the operation. */
  | 'UNSUPPORTED'
  /** The server answered with a temporary failure (HTTP 5xx/429, FTP 4xx). */
  | 'SERVER'
  /** The server answered with something the transport does not understand. */
  | 'PROTOCOL'
  /** The runtime was disposed. */
  | 'DISPOSED'
  /** Anything else. */
  | 'UNKNOWN';

const RETRYABLE_BY_DEFAULT: ReadonlySet<DeliveryErrorCode> = new Set(['CONNECT', 'TIMEOUT', 'SERVER']);

/** Brand carried by every {@link DeliveryError}; checked by {@link isDeliveryError}, survives duplicate copies. */
export const DELIVERY_ERROR_BRAND: unique symbol = Symbol.for('ddex:DeliveryError');

/** Options of {@link DeliveryError}. */
export interface DeliveryErrorOptions {
  /** Transport name (`sftp`, `s3`, ...). */
  transport: string;
  /** Whether retrying may succeed. @default true for CONNECT, TIMEOUT and SERVER, else false */
  retryable?: boolean;
  /** The underlying error, with credentials already removed (see {@link sanitizeError}). */
  cause?: unknown;
  /** Remote path concerned, relative to the transport root. */
  path?: string;
}

/**
 * The one error class of this package: a stable string `code`, whether it is worth retrying, the transport name and
 * the cause. The message reads `[ddex-delivery] [sftp] ...` and never contains credentials.
 */
export class DeliveryError extends Error {
  /** Brand for {@link isDeliveryError}. */
  readonly [DELIVERY_ERROR_BRAND] = true;
  override readonly name = 'DeliveryError';
  /** Stable code. */
  readonly code: DeliveryErrorCode;
  /** Whether retrying may succeed. */
  readonly retryable: boolean;
  /** Transport name. */
  readonly transport: string;
  /** Remote path concerned, when there is one. */
  readonly path?: string;

  constructor(code: DeliveryErrorCode, message: string, options: DeliveryErrorOptions) {
    super(`[ddex-delivery] [${options.transport}] ${message}`, { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? RETRYABLE_BY_DEFAULT.has(code);
    this.transport = options.transport;
    if (options.path !== undefined) this.path = options.path;
  }
}

/** True when `value` is a {@link DeliveryError}, even one from another copy of this package. */
export function isDeliveryError(value: unknown): value is DeliveryError {
  return (
    typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[DELIVERY_ERROR_BRAND] === true
  );
}

/** Removes secrets from text; built from the secret values of a transport's options. */
export type Redactor = (text: string) => string;

/** Builds a {@link Redactor} that replaces every occurrence of the given secrets (and their URL-encoded forms). */
export function createRedactor(secrets: ReadonlyArray<string | undefined>): Redactor {
  const values = new Set<string>();
  for (const s of secrets) {
    if (!s || s.length < 3) continue;
    values.add(s);
    values.add(encodeURIComponent(s));
    values.add(Buffer.from(s).toString('base64'));
  }
  const list = [...values].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const v of list) out = out.split(v).join('***');
    return out;
  };
}

/**
 * A credential-free copy of an error: same name, message (redacted), `code`, `errno`, `syscall`, status and stack, but
 * none of the other properties, which may hold a client's config.
 */
export function sanitizeError(error: unknown, redact: Redactor): Error {
  if (!(error instanceof Error)) return new Error(redact(String(error)));
  const copy = new Error(redact(error.message));
  copy.name = error.name;
  const source = error as Error & Record<string, unknown>;
  const target = copy as Error & Record<string, unknown>;
  for (const key of ['code', 'errno', 'syscall', 'statusCode', 'level'] as const) {
    const v = source[key];
    if (typeof v === 'string' || typeof v === 'number') target[key] = typeof v === 'string' ? redact(v) : v;
  }
  const status = (source.$metadata as { httpStatusCode?: unknown } | undefined)?.httpStatusCode;
  if (typeof status === 'number') target.statusCode = status;
  if (error.stack) copy.stack = redact(error.stack);
  return copy;
}

const ERRNO_CODES: Record<string, DeliveryErrorCode> = {
  ECONNREFUSED: 'CONNECT',
  ECONNRESET: 'CONNECT',
  ECONNABORTED: 'CONNECT',
  EPIPE: 'CONNECT',
  ENOTFOUND: 'CONNECT',
  EAI_AGAIN: 'CONNECT',
  EHOSTUNREACH: 'CONNECT',
  ENETUNREACH: 'CONNECT',
  ERR_STREAM_PREMATURE_CLOSE: 'CONNECT',
  ERR_NOT_CONNECTED: 'CONNECT',
  ETIMEDOUT: 'TIMEOUT',
  ESOCKETTIMEDOUT: 'TIMEOUT',
  UND_ERR_CONNECT_TIMEOUT: 'TIMEOUT',
  UND_ERR_HEADERS_TIMEOUT: 'TIMEOUT',
  UND_ERR_BODY_TIMEOUT: 'TIMEOUT',
  UND_ERR_SOCKET: 'CONNECT',
  ENOENT: 'NOT_FOUND',
  EACCES: 'PERMISSION',
  EPERM: 'PERMISSION',
  EROFS: 'PERMISSION',
  ENOSPC: 'QUOTA',
  EDQUOT: 'QUOTA',
  EFBIG: 'QUOTA',
  EEXIST: 'EXISTS',
};

/** Maps a Node.js errno-style `code` (`ECONNRESET`, `ENOENT`, ...) to a {@link DeliveryErrorCode}, if it knows it. */
export function codeFromErrno(error: unknown): DeliveryErrorCode | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? ERRNO_CODES[code] : undefined;
}

/** True when `error` is an abort (an `AbortError` or the signal's reason). */
export function isAbortError(error: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted && (error === signal.reason || signal.reason === undefined)) return true;
  const e = error as { name?: unknown; code?: unknown } | undefined;
  return e?.name === 'AbortError' || e?.code === 'ABORT_ERR';
}

/** The `CANCELLED` error for `transport`. */
export function cancelledError(transport: string, path?: string): DeliveryError {
  return new DeliveryError('CANCELLED', path ? `cancelled: ${path}` : 'cancelled', { transport, path });
}
