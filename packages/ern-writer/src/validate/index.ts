/**
 * @module Offline validation of ERN messages against DDEX's official XSDs (libxmljs2), with version detection.
 */
export {
  ErnValidationError,
  type ErnValidationErrorCode,
  type ErnValidationErrorOptions,
  isErnValidationError,
} from './errors';
export type { LibxmlDocument, LibxmlElement, LibxmlError, LibxmljsLike, LibxmlParseOptions } from './libxmljs';
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
