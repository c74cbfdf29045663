/**
 * Stable codes of the errors {@link readErn} throws: the input is not a message the reader can read at all.
 * Problems inside a readable message never throw; they come back as issues.
 * - `NOT_XML`: not well-formed XML (includes truncated files and empty input).
 * - `ENTITY_DECLARATION`: a DOCTYPE declares entities (the billion-laughs and XXE shapes); never expanded.
 * - `UNDEFINED_ENTITY`: a reference to an entity other than the five XML ones (`&lt;` …) or a character reference.
 * - `TOO_DEEP`: elements nested deeper than `maxDepth`.
 * - `TOO_LARGE`: the input is larger than `maxBytes`.
 * - `NOT_ERN`: the root element is not an ERN message element in a DDEX ERN namespace.
 * - `UNSUPPORTED_VERSION`: a DDEX ERN namespace of a version the reader does not read (e.g. ERN 4.1).
 * - `VERSION_MISMATCH`: the root namespace names one version but the body is structured like another.
 * - `READ_FAILED`: the file could not be read (readErnFile only).
 */
export type ErnReadErrorCode =
  | 'NOT_XML'
  | 'ENTITY_DECLARATION'
  | 'UNDEFINED_ENTITY'
  | 'TOO_DEEP'
  | 'TOO_LARGE'
  | 'NOT_ERN'
  | 'UNSUPPORTED_VERSION'
  | 'VERSION_MISMATCH'
  | 'READ_FAILED';

const BRAND = Symbol.for('ddex:ErnReadError');

/** Options every read error takes. */
export interface ErnReadErrorOptions {
  /** the error that caused this one */
  cause?: unknown;
  /** 1-based line in the document, when known */
  line?: number;
  /** XPath of the element concerned, when there is one */
  xpath?: string;
}

/** Error thrown when a message cannot be read; check with {@link isErnReadError}. */
export class ErnReadError extends Error {
  /** brand read by {@link isErnReadError} */
  readonly [BRAND] = true;
  /** stable machine-readable code */
  readonly code: ErnReadErrorCode;
  /** 1-based line in the document, when known */
  readonly line: number | undefined;
  /** XPath of the element concerned, when there is one */
  readonly xpath: string | undefined;

  constructor(code: ErnReadErrorCode, message: string, options: ErnReadErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ErnReadError';
    this.code = code;
    this.line = options.line;
    this.xpath = options.xpath;
  }
}

/** True for an {@link ErnReadError}, also one thrown by another copy of this package. */
export function isErnReadError(value: unknown): value is ErnReadError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
