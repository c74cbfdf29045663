/**
 * @module Typed client for the DDEX Workbench validation API (`POST /validate`, `GET /health`), built on undici,
 * with timeouts, retries on 429/5xx that honour `Retry-After`, and results in the same issue shape as the local
 * XSD validation (`validateErn`).
 *
 * @example
 * ```ts
 * import { createWorkbenchClient, isWorkbenchError } from '@ddex/workbench-client';
 *
 * const workbench = createWorkbenchClient({ apiKey: process.env.WORKBENCH_API_KEY });
 * try {
 *   const { valid, errors } = await workbench.validate(xml, { version: '4.3' });
 * } catch (e) {
 *   if (isWorkbenchError(e) && e.code === 'RATE_LIMITED') retryLater(e.retryAfterMs);
 * } finally {
 *   await workbench.close();
 * }
 * ```
 */
export { createWorkbenchClient } from './client';
export type { WorkbenchErrorCode, WorkbenchErrorOptions } from './errors';
export { isWorkbenchError, WORKBENCH_ERROR_BRAND, WorkbenchError } from './errors';
export type { WorkbenchClientOptions } from './options';
export { DEFAULT_BASE_URL } from './options';
export type { StatusClass } from './retry-policy';
export { backoffDelay, classifyStatus, parseRetryAfter, retryWait } from './retry-policy';
export type {
  ErnVersion,
  HealthOptions,
  ValidateOptions,
  WorkbenchClient,
  WorkbenchHealth,
  WorkbenchIssue,
  WorkbenchLogger,
  WorkbenchMetadata,
  WorkbenchValidationResult,
} from './types';
export { WORKBENCH_ERN_VERSIONS } from './types';
