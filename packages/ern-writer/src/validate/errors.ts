/**
 * Stable codes of the errors the validator throws. Problems in the document itself are never thrown: they come back
 * in the result.
 * - `SCHEMAS_NOT_FOUND`: no schema folder configured, or a folder or file of it is missing (the packages do not ship
 *   DDEX's XSDs).
 * - `SCHEMA_INVALID`: the XSD files exist but libxml2 cannot compile them.
 * - `ENGINE_UNAVAILABLE`: the validation engine, libxml2-wasm (libxml2 compiled to WebAssembly), cannot be loaded
 *   (not installed, or no WebAssembly in this runtime), or failed inside (e.g. out of WebAssembly memory).
 */
export type ErnValidationErrorCode = 'SCHEMAS_NOT_FOUND' | 'SCHEMA_INVALID' | 'ENGINE_UNAVAILABLE';

const BRAND = Symbol.for('ddex:ErnValidationError');

/** Options every validation error takes. */
export interface ErnValidationErrorOptions {
  /** the error that caused this one */
  cause?: unknown;
  /** the file or folder concerned, when there is one */
  path?: string;
}

/** Error thrown when validation cannot run at all; check with {@link isErnValidationError}. */
export class ErnValidationError extends Error {
  /** brand read by {@link isErnValidationError} */
  readonly [BRAND] = true;
  /** stable machine-readable code */
  readonly code: ErnValidationErrorCode;
  /** the file or folder concerned, when there is one */
  readonly path: string | undefined;

  constructor(code: ErnValidationErrorCode, message: string, options: ErnValidationErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ErnValidationError';
    this.code = code;
    this.path = options.path;
  }
}

/** True for an {@link ErnValidationError}, also one thrown by another copy of this package. */
export function isErnValidationError(value: unknown): value is ErnValidationError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
