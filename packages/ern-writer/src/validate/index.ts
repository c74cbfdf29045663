/**
 * @module Offline validation of ERN messages against DDEX's official XSDs (libxml2-wasm, schemas compiled once per
 * version and cached), with version detection.
 */

export type {
  Libxml2Document,
  Libxml2Element,
  Libxml2ErrorDetail,
  Libxml2InputProvider,
  Libxml2ParseOptions,
  Libxml2Validator,
  Libxml2WasmLike,
} from './engine';
export {
  ErnValidationError,
  type ErnValidationErrorCode,
  type ErnValidationErrorOptions,
  isErnValidationError,
} from './errors';
export { detectErnVersion, type PrologInfo, type RootElementInfo } from './root-element';
export { clearErnSchemaCache, type ErnSchema, type LoadErnSchemaOptions, loadErnSchema } from './schema-cache';
export { SCHEMA_DIR_ENV } from './schema-files';
export {
  ERN_NAMESPACES,
  ERN_SCHEMA_VERSION_LIST,
  ERN_SCHEMA_VERSIONS,
  type ErnSchemaVersion,
  type ErnSchemaVersionInfo,
} from './schema-versions';
export {
  type ErnValidationIssue,
  type ErnValidationIssueCode,
  type ErnValidationResult,
  type ValidateErnOptions,
  validateErn,
} from './validate-ern';
