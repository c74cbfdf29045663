/**
 * @module
 * The ERN 3.8.2 writer: a NewReleaseMessage (or PurgeReleaseMessage) from a parsed release, valid against the
 * official 3.8.2 XSD, with everything 3.8.2 cannot carry reported as issues.
 *
 * @example
 * import { writeErn382 } from '@ddex/ern-writer/382';
 * const { xml, issues } = writeErn382(release, {
 *   version: '3.8.2',
 *   sender: { dpid: 'PADPIDA20270101016', name: 'Polar Records' },
 *   recipient: { dpid: 'PADPIDA20270101024', name: 'DSP' },
 *   messageId: 'MSG-1',
 *   createdAt: '2027-03-01T10:00:00Z',
 * });
 */

import type { Release } from '@ddex/ern-model/values';
import { writeParsed } from '../parsed-release-guard';
import type { WriteErnOptions, WriteErnResult } from '../types';
import { Ern382Writer } from './ern382-writer';

export { ErnWriterError, type ErnWriterErrorCode, type ErnWriterErrorOptions, isErnWriterError } from '../errors';
export { ERN382_IMAGE_CODECS, ERN382_ISO_LANGUAGE_CODES } from './ern382-avs';
export type { CodedValue } from './ern382-context';
export { Ern382Context } from './ern382-context';
export { ERN382_FIELD_SUPPORT, type Ern382FieldSupport, type Ern382UnsupportedField } from './ern382-fields';
export type { Ern382Plan, PlannedDisc, PlannedImage, PlannedTrack } from './ern382-plan';
export { planErn382 } from './ern382-plan';
export { ERN382_VERSION, type Ern382VersionInfo } from './ern382-version';
export { Ern382Writer };

const writer = new Ern382Writer();

/**
 * Writes an ERN 3.8.2 message for a parsed release (`parseRelease(...).data`). Deterministic: the same release,
 * `messageId` and `createdAt` give byte-identical XML. `options.version` is not read (this is the 3.8.2 writer).
 */
export function writeErn382(release: Release, options: WriteErnOptions): WriteErnResult {
  return writeParsed((r, o) => writer.write(r, o), release, options);
}
