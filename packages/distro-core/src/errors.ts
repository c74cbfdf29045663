import { isCatalogStoreError } from '@ddex/catalog-store';

/** A problem in a request body or query: the model's issue shape (`tracks.3.isrc`). */
export interface Issue {
  /** stable machine code, e.g. `invalid_format` */
  readonly code: string;
  /** JSON path of the field, e.g. `tracks.3.isrc` ('' for the whole body) */
  readonly path: string;
  /** a readable sentence */
  readonly message: string;
}

/** Stable codes of every error the service reports; each maps to one HTTP status. */
export type DistroErrorCode =
  | 'VALIDATION'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'CSRF_FAILED'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'CONFLICT'
  | 'INVALID_STATE'
  | 'PAYLOAD_TOO_LARGE'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
  | 'INTERNAL';

/** HTTP status of each error code. */
export const HTTP_STATUS: Readonly<Record<DistroErrorCode, number>> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CSRF_FAILED: 403,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  CONFLICT: 409,
  INVALID_STATE: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

const BRAND = Symbol.for('ddex:DistroError');

/** Options of {@link DistroError}. */
export interface DistroErrorOptions {
  /** the error that caused this one (never shown to clients) */
  cause?: unknown;
  /** field issues, for `VALIDATION` */
  issues?: readonly Issue[];
}

/** The one error class of the service: a stable `code`, its HTTP status and, for bad input, the field issues. */
export class DistroError extends Error {
  /** brand read by {@link isDistroError} */
  readonly [BRAND] = true;
  /** stable machine-readable code */
  readonly code: DistroErrorCode;
  /** field issues (empty unless `VALIDATION`) */
  readonly issues: readonly Issue[];

  constructor(code: DistroErrorCode, message: string, options: DistroErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DistroError';
    this.code = code;
    this.issues = options.issues ?? [];
  }

  /** HTTP status of this error. */
  get status(): number {
    return HTTP_STATUS[this.code];
  }
}

/** True when `value` is a {@link DistroError} (optionally with the code), across duplicate package copies. */
export function isDistroError(value: unknown, code?: DistroErrorCode): value is DistroError {
  if (typeof value !== 'object' || value === null || (value as Record<symbol, unknown>)[BRAND] !== true) return false;
  return code === undefined || (value as DistroError).code === code;
}

/** A `VALIDATION` error carrying field issues. */
export function validationError(issues: readonly Issue[], message = 'the request is invalid'): DistroError {
  return new DistroError('VALIDATION', message, { issues });
}

/** A `NOT_FOUND` error; the same whether the object is absent or belongs to another tenant. */
export function notFound(entity: string, id: string): DistroError {
  return new DistroError('NOT_FOUND', `${entity} "${id}" not found`);
}

/**
 * Turns anything thrown by a store, writer or transport into a {@link DistroError}. Store errors keep their meaning
 * (NOT_FOUND, ALREADY_EXISTS, CONFLICT, INVALID_ARGUMENT → VALIDATION); anything unknown becomes `INTERNAL` with a
 * generic message, so no internal detail reaches a client.
 */
export function toDistroError(error: unknown): DistroError {
  if (isDistroError(error)) return error;
  if (isCatalogStoreError(error)) {
    switch (error.code) {
      case 'NOT_FOUND':
        return new DistroError('NOT_FOUND', error.message, { cause: error });
      case 'ALREADY_EXISTS':
        return new DistroError('ALREADY_EXISTS', error.message, { cause: error });
      case 'CONFLICT':
        return new DistroError('CONFLICT', error.message, { cause: error });
      case 'INVALID_ARGUMENT':
      case 'INVALID_KEY':
        return new DistroError('VALIDATION', error.message, {
          cause: error,
          issues: [{ code: 'invalid_argument', path: '', message: error.message }],
        });
      case 'CLOSED':
        return new DistroError('UNAVAILABLE', 'the store is closed', { cause: error });
      default:
        break;
    }
  }
  return new DistroError('INTERNAL', 'internal error', { cause: error });
}
