/** ERN versions the Workbench API validates. */
export type ErnVersion = '3.8.2' | '4.2' | '4.3';

/** Every ERN version the Workbench API accepts, in the order of its `/formats` answer. */
export const WORKBENCH_ERN_VERSIONS: readonly ErnVersion[] = Object.freeze(['3.8.2', '4.2', '4.3'] as const);

/**
 * One validation finding, the same shape as the local XSD validation (`validateErn`) issues plus the
 * Workbench's `severity` and `rule`.
 */
export interface WorkbenchIssue {
  /** 1-based line of the finding in the submitted XML, when the API gave one. */
  line?: number;
  /** 1-based column, when the API gave one. */
  column?: number;
  /** Human-readable description. */
  message: string;
  /** Severity as reported by the API (`error` for items of `errors`, `warning` for `warnings` when absent). */
  severity?: 'error' | 'warning';
  /** Rule that failed, e.g. `XSD-Schema` or a business-rule name. */
  rule?: string;
}

/** `metadata` of a Workbench validation response; every field is optional because the API may drop any. */
export interface WorkbenchMetadata {
  /** Server-side processing time in milliseconds. */
  processingTime?: number;
  /** E.g. `ERN 4.3`. */
  schemaVersion?: string;
  /** Profile the message was checked against. */
  profile?: string;
  /** ISO 8601 time of the validation. */
  validatedAt?: string;
  /** Number of errors the server counted. */
  errorCount?: number;
  /** Number of warnings the server counted. */
  warningCount?: number;
  /** Steps the server ran (`XSD`, `BusinessRules`...). */
  validationSteps?: Array<{ type?: string; duration?: number; errorCount?: number }>;
  /** Anything else the API adds. */
  [key: string]: unknown;
}

/** Result of {@link WorkbenchClient.validate}: the local validation result shape plus `warnings`. */
export interface WorkbenchValidationResult {
  /** Whether the Workbench found the message valid. */
  valid: boolean;
  /** ERN version the message was validated as (the one requested). */
  version: ErnVersion;
  /** Findings that make the message invalid. */
  errors: WorkbenchIssue[];
  /** Findings that do not make it invalid. */
  warnings: WorkbenchIssue[];
  /** The API's `metadata`, when present. */
  metadata?: WorkbenchMetadata;
}

/** Options of one {@link WorkbenchClient.validate} call. */
export interface ValidateOptions {
  /** ERN version to validate against. */
  version: ErnVersion;
  /** Workbench profile, e.g. `AudioAlbum`, `AudioSingle`. */
  profile?: string;
  /** Cancels the call, including retries and waits between them (error code `ABORTED`). */
  signal?: AbortSignal;
}

/** Options of {@link WorkbenchClient.health}. */
export interface HealthOptions {
  /** Cancels the call (error code `ABORTED`). */
  signal?: AbortSignal;
}

/** Answer of `GET /health`. */
export interface WorkbenchHealth {
  /** E.g. `ok` or `healthy`. */
  status: string;
  /** Anything else the API adds (`timestamp`, `service`, `version`...). */
  [key: string]: unknown;
}

/** Minimal logger; `console`-compatible. Lines never contain the API key. */
export interface WorkbenchLogger {
  /** Per-attempt details (request sent, status, retry scheduled). */
  debug?(message: string, fields?: Record<string, unknown>): void;
  /** Retries and rate limiting. */
  warn?(message: string, fields?: Record<string, unknown>): void;
}

/** A Workbench API client, made by `createWorkbenchClient`. */
export interface WorkbenchClient {
  /** Validates one ERN message; resolves with the findings, rejects with a `WorkbenchError` when the API cannot answer. */
  validate(xml: string, options: ValidateOptions): Promise<WorkbenchValidationResult>;
  /** Calls `GET /health`. */
  health(options?: HealthOptions): Promise<WorkbenchHealth>;
  /** Closes the client's own connection pool (not a `dispatcher` passed in options). */
  close(): Promise<void>;
}
