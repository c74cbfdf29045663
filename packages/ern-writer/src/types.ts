import type { Release } from '@ddex/ern-model/values';

/** ERN versions the writers produce. */
export type ErnVersion = '4.3' | '4.2' | '3.8.2';

/** A message party: its DDEX Party ID and name. */
export interface MessageParty {
  /** DDEX Party ID, e.g. `PADPIDA20270101016` */
  readonly dpid: string;
  /** full name, e.g. `Polar Records` */
  readonly name: string;
}

/** What the message says about the release. */
export type MessageKind = 'NewRelease' | 'Update' | 'Takedown';

/**
 * How a takedown is expressed: an end-dated deal (ERN 4: deals whose validity ends now; ERN 3.8.2: same with an
 * UpdateIndicator), an empty DealList (ERN 4 only), or a PurgeReleaseMessage (all versions).
 */
export type TakedownMethod = 'EndDatedDeal' | 'EmptyDealList' | 'Purge';

/** Options of {@link WriteErnOptions}. */
export interface WriteErnOptions {
  /** ERN version to write. */
  readonly version: ErnVersion;
  /** the message sender (usually the label or distributor) */
  readonly sender: MessageParty;
  /** the message recipient (the DSP) */
  readonly recipient: MessageParty;
  /** MessageId; @default a value derived from the release id and createdAt (stable for the same inputs) */
  readonly messageId?: string;
  /** MessageThreadId; @default the messageId */
  readonly threadId?: string;
  /** MessageCreatedDateTime; @default now */
  readonly createdAt?: string | Date;
  /** LiveMessage or TestMessage; @default 'Live' */
  readonly messageControlType?: 'Live' | 'Test';
  /** release profile (e.g. Audio, SimpleAudioSingle, Video); @default derived from the release type and tracks */
  readonly profile?: string;
  /** @default 'NewRelease' */
  readonly kind?: MessageKind;
  /** for kind 'Takedown'; @default 'EndDatedDeal' */
  readonly takedownMethod?: TakedownMethod;
}

/** Something the writer could not carry into the message, or had to change. The message is still written. */
export interface WriterIssue {
  /** stable machine code, e.g. `unsupported_field`, `forbidden_xml_char`, `value_not_in_avs` */
  readonly code: string;
  /** path in the release, e.g. `tracks.3.metadata.title` */
  readonly path: string;
  readonly message: string;
}

/** The written message and what was lost or changed on the way. */
export interface WriteErnResult {
  readonly xml: string;
  readonly issues: readonly WriterIssue[];
}

/** A writer for one ERN version. */
export type ErnWriterFn = (release: Release, options: WriteErnOptions) => WriteErnResult;
