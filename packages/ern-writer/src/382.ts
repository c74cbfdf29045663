/**
 * @module
 * The ERN 3.8.2 writer, as a permanent subpath: `@ddex/ern-writer/382`.
 *
 * @example
 * import { writeErn382 } from '@ddex/ern-writer/382';
 * const { xml, issues } = writeErn382(release, {
 *   version: '3.8.2',
 *   sender: { dpid: 'PADPIDA20270101016', name: 'Polar Records' },
 *   recipient: { dpid: 'PADPIDA20270101024', name: 'DSP' },
 * });
 */
export * from './ern382';
export type { MessageKind, MessageParty, TakedownMethod, WriteErnOptions, WriteErnResult, WriterIssue } from './types';
