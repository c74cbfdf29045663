/**
 * Stable codes of the errors the ERN writer throws. Problems in the release never throw (they are issues); only
 * options the writer cannot use do.
 * - `INVALID_OPTIONS`: an option is malformed, e.g. `createdAt` is not a date-time.
 */
export type ErnWriterErrorCode = 'INVALID_OPTIONS';

const BRAND = Symbol.for('ddex:ErnWriterError');

/** Error thrown when the writer cannot run with the options given; check with {@link isErnWriterError}. */
export class ErnWriterError extends Error {
  /** brand read by {@link isErnWriterError} */
  readonly [BRAND] = true;
  /** stable machine-readable code */
  readonly code: ErnWriterErrorCode;

  constructor(code: ErnWriterErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ErnWriterError';
    this.code = code;
  }
}

/** True for an {@link ErnWriterError}, also one thrown by another copy of this package. */
export function isErnWriterError(value: unknown): value is ErnWriterError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
