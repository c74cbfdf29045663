/**
 * @module
 * Reads DDEX ERN 3.8.2, 4.2 and 4.3 messages into the DDEX Distro release model (`@ddex/ern-model`): every
 * release with its tracks, files, parties, deals and identifiers, checked with `parseRelease`; takedowns as
 * records; and everything the model cannot hold as issues with XPaths. Streaming (saxes), linear, and safe
 * against hostile XML (no DTDs, no entity expansion, no network, depth and size limits).
 *
 * @example
 * import { readErn } from '@ddex/ern-reader';
 * const { releases, takedowns, issues } = readErn(xml);
 * for (const i of issues) log(`${i.severity} ${i.code} ${i.xpath}: ${i.message}`);
 */

export { compareReleases, comparisonView, type ReleaseDifference } from './compare';
export { ErnReadError, type ErnReadErrorCode, type ErnReadErrorOptions, isErnReadError } from './errors';
export { DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, readErn, readErnDocument, readErnFile } from './read-ern';
export type {
  DefaultRights,
  HeaderParty,
  MessageInfo,
  ReadErnOptions,
  ReadErnResult,
  ReadIssue,
  ReadIssueSeverity,
  ReleaseIdentifiers,
  TakedownRecord,
} from './types';
export { ERN_READ_VERSIONS, type ErnReadVersionInfo } from './versions';
export { type XmlAttributes, XmlElement, type XmlName } from './xml/element';
export { createXmlTreeBuilder, type XmlDocument, type XmlLimits, type XmlTreeBuilder } from './xml/parse-xml';
