/**
 * @module
 * DDEX ERN writers for 4.3, 4.2 and 3.8.2: `writeErn(release, options)` turns a parsed release (`@ddex/ern-model`)
 * into a schema-valid NewReleaseMessage (or PurgeReleaseMessage) and lists what the version could not carry.
 * Each version also has its own permanent subpath: `@ddex/ern-writer/43`, `/42`, `/382`.
 *
 * @example
 * import { parseRelease } from '@ddex/ern-model/values';
 * import { writeErn } from '@ddex/ern-writer';
 * const parsed = parseRelease(json);
 * if (parsed.success) {
 *   const { xml, issues } = writeErn(parsed.data, {
 *     version: '4.3',
 *     sender: { dpid: 'PADPIDA20270101016', name: 'Polar Records' },
 *     recipient: { dpid: 'PADPIDA20270101024', name: 'DSP' },
 *     messageId: 'MSG-1',
 *     createdAt: '2027-03-01T10:00:00Z',
 *   });
 * }
 */
export {
  ERN4_FIELD_SUPPORT,
  type Ern4Version,
  Ern42Writer,
  Ern43Writer,
  type FieldSupport,
  type UnsupportedField,
} from './ern4';
export { writeErn382 } from './ern382';
export { ErnWriterError, type ErnWriterErrorCode, type ErnWriterErrorOptions, isErnWriterError } from './errors';
export type * from './types';
export * from './validate';
export { ERN_VERSION_LIST, ERN_VERSIONS, ERN4_PROFILES, type Ern4Profile, type ErnVersionInfo } from './versions';
export { ERN_WRITERS, writeErn } from './write-ern';
export { type ForbiddenCharHandler, type XmlAttributes, XmlWriter } from './xml/xml-writer';
