/**
 * @module
 * The ERN 4.2 writer, as a permanent subpath: `@ddex/ern-writer/42`.
 *
 * @example
 * import { writeErn42 } from '@ddex/ern-writer/42';
 * const { xml, issues } = writeErn42(release, {
 *   version: '4.2',
 *   sender: { dpid: 'PADPIDA20270101016', name: 'Polar Records' },
 *   recipient: { dpid: 'PADPIDA20270101024', name: 'DSP' },
 * });
 */

import type { Release } from '@ddex/ern-model/values';
import { Ern42Writer } from './ern4/ern42-writer';
import { writeParsed } from './parsed-release-guard';
import type { WriteErnOptions, WriteErnResult } from './types';

export { Ern42Writer } from './ern4/ern42-writer';
export { ERN4_FIELD_SUPPORT, type FieldSupport, type UnsupportedField } from './ern4/field-support';
export type { MessageKind, MessageParty, TakedownMethod, WriteErnOptions, WriteErnResult, WriterIssue } from './types';

const writer = new Ern42Writer();

/** Writes an ERN 4.2 message for a parsed release; `options.version` is not read. */
export function writeErn42(release: Release, options: WriteErnOptions): WriteErnResult {
  return writeParsed((r, o) => writer.write(r, o), release, options);
}
