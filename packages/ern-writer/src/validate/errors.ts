import { ErnWriterError, type ErnWriterErrorOptions } from '../errors';

/**
 * Codes of the errors the validator throws (a subset of {@link ErnWriterErrorCode}); see there for their meaning.
 * Problems in the document itself are never thrown: they come back in the result.
 */
export type ErnValidationErrorCode = 'SCHEMAS_NOT_FOUND' | 'SCHEMA_INVALID' | 'ENGINE_UNAVAILABLE';

const BRAND = Symbol.for('ddex:ErnValidationError');

/** Options every validation error takes. */
export type ErnValidationErrorOptions = ErnWriterErrorOptions;

/**
 * Error thrown when validation cannot run at all: an {@link ErnWriterError} with a validation code; check with
 * {@link isErnValidationError}.
 */
export class ErnValidationError extends ErnWriterError {
  /** brand read by {@link isErnValidationError} */
  readonly [BRAND] = true;
  /** stable machine-readable code */
  declare readonly code: ErnValidationErrorCode;

  constructor(code: ErnValidationErrorCode, message: string, options: ErnValidationErrorOptions = {}) {
    super(code, message, options);
    this.name = 'ErnValidationError';
  }
}

/** True for an {@link ErnValidationError}, also one thrown by another copy of this package. */
export function isErnValidationError(value: unknown): value is ErnValidationError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
