import type { Release } from '@ddex/ern-model/values';
import { writeErn42 } from './42';
import { writeErn43 } from './43';
import { writeErn382 } from './ern382';
import type { ErnVersion, ErnWriterFn, WriteErnOptions, WriteErnResult } from './types';

/** The writer of each version. */
export const ERN_WRITERS: Readonly<Record<ErnVersion, ErnWriterFn>> = {
  '4.3': writeErn43,
  '4.2': writeErn42,
  '3.8.2': writeErn382,
};

/**
 * Writes an ERN message for a parsed release in the version the options name (a release not shaped by
 * `parseRelease` throws {@link ErnWriterError} `UNPARSED_RELEASE`). Returns the XML and the issues:
 * what the version could not carry, values written as UserDefined, characters XML cannot hold. Deterministic:
 * with `messageId` and `createdAt` given, the same input gives byte-identical output.
 * @example
 * const parsed = parseRelease(json);
 * if (parsed.success) {
 *   const { xml, issues } = writeErn(parsed.data, {
 *     version: '4.3',
 *     sender: { dpid: 'PADPIDA20270101016', name: 'Polar Records' },
 *     recipient: { dpid: 'PADPIDA20270101024', name: 'DSP' },
 *   });
 * }
 */
export function writeErn(release: Release, options: WriteErnOptions): WriteErnResult {
  const writer = ERN_WRITERS[options.version];
  if (writer === undefined)
    throw new TypeError(`Unknown ERN version "${String(options.version)}": use 4.3, 4.2 or 3.8.2.`);
  return writer(release, options);
}
