/**
 * Stable codes of every error this package throws. Problems in a release or in a document never throw: they come
 * back as issues or validation errors. Only what keeps the writer or the validator from running does.
 * - `INVALID_OPTIONS`: a writer option is malformed, e.g. `createdAt` is not a date-time or a DPID is missing.
 * - `UNPARSED_RELEASE`: the release is not the output of `parseRelease` (e.g. raw import JSON, without the
 *   model's defaults), so the writer cannot read it.
 * - `SCHEMAS_NOT_FOUND`: no schema folder configured, or a folder or file of it is missing (the packages do not ship
 *   DDEX's XSDs).
 * - `SCHEMA_INVALID`: the XSD files exist but libxml2 cannot compile them.
 * - `ENGINE_UNAVAILABLE`: the validation engine, libxml2-wasm (libxml2 compiled to WebAssembly), cannot be loaded
 *   (not installed, or no WebAssembly in this runtime), or failed inside (e.g. out of WebAssembly memory).
 */
export type ErnWriterErrorCode =
  | 'INVALID_OPTIONS'
  | 'UNPARSED_RELEASE'
  | 'SCHEMAS_NOT_FOUND'
  | 'SCHEMA_INVALID'
  | 'ENGINE_UNAVAILABLE';

const BRAND = Symbol.for('ddex:ErnWriterError');

/** Options every error of this package takes. */
export interface ErnWriterErrorOptions {
  /** the error that caused this one */
  cause?: unknown;
  /** the file or folder concerned, when there is one */
  path?: string;
}

/**
 * The one error class of `@ddex/ern-writer` (the validator throws its subclass `ErnValidationError`); check with
 * {@link isErnWriterError}, which also recognises errors thrown by another copy of this package.
 */
export class ErnWriterError extends Error {
  /** brand read by {@link isErnWriterError} */
  readonly [BRAND] = true;
  /** stable machine-readable code */
  readonly code: ErnWriterErrorCode;
  /** the file or folder concerned, when there is one */
  readonly path: string | undefined;

  constructor(code: ErnWriterErrorCode, message: string, options: ErnWriterErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ErnWriterError';
    this.code = code;
    this.path = options.path;
  }
}

/** True for an {@link ErnWriterError} (or a subclass), also one thrown by another copy of this package. */
export function isErnWriterError(value: unknown): value is ErnWriterError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
