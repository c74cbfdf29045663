import type { Release } from '@ddex/ern-model';
import { Ern42Writer } from './ern4/ern42-writer';
import { Ern43Writer } from './ern4/ern43-writer';
import { writeErn382 } from './ern382';
import type { ErnVersion, ErnWriterFn, WriteErnOptions, WriteErnResult } from './types';

const ern43 = new Ern43Writer();
const ern42 = new Ern42Writer();

/** The writer of each version. */
export const ERN_WRITERS: Readonly<Record<ErnVersion, ErnWriterFn>> = {
  '4.3': (release, options) => ern43.write(release, options),
  '4.2': (release, options) => ern42.write(release, options),
  '3.8.2': (release, options) => writeErn382(release, options),
};

/**
 * Writes an ERN message for a parsed release in the version the options name. Returns the XML and the issues:
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
