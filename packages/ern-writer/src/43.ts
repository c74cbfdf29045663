/**
 * @module
 * The ERN 4.3 writer, as a permanent subpath: `@ddex/ern-writer/43`.
 *
 * @example
 * import { writeErn43 } from '@ddex/ern-writer/43';
 * const { xml, issues } = writeErn43(release, {
 *   version: '4.3',
 *   sender: { dpid: 'PADPIDA20270101016', name: 'Polar Records' },
 *   recipient: { dpid: 'PADPIDA20270101024', name: 'DSP' },
 *   messageId: 'MSG-1',
 *   createdAt: '2027-03-01T10:00:00Z',
 * });
 */

import type { Release } from '@ddex/ern-model/values';
import { Ern43Writer } from './ern4/ern43-writer';
import { writeParsed } from './parsed-release-guard';
import type { WriteErnOptions, WriteErnResult } from './types';

export { Ern42Writer } from './ern4/ern42-writer';
export { Ern43Writer } from './ern4/ern43-writer';
export { ERN4_FIELD_SUPPORT, type FieldSupport, type UnsupportedField } from './ern4/field-support';
export type { MessageKind, MessageParty, TakedownMethod, WriteErnOptions, WriteErnResult, WriterIssue } from './types';

const writer = new Ern43Writer();

/** Writes an ERN 4.3 message for a parsed release; `options.version` is not read. */
export function writeErn43(release: Release, options: WriteErnOptions): WriteErnResult {
  return writeParsed((r, o) => writer.write(r, o), release, options);
}
