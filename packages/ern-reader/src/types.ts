import type { ErnVersionId, Release } from '@ddex/ern-model';

/** How serious a read issue is. */
export type ReadIssueSeverity = 'error' | 'warning' | 'info';

/**
 * Something the reader could not carry into the model, had to leave out, or derived. Issues never stop the read.
 * - `unmapped_element` (warning): an element the model has no field for (territory or language variants,
 *   extensions, unknown elements); its XPath says where.
 * - `value_rejected` (warning): a value the model does not accept (an unknown role, a bad identifier…); left out.
 * - `release_rejected` (error): a release that cannot be a valid model release; `path` and `message` say why.
 * - `derived_value` (info): a value the model needs that the message does not state, derived from another element.
 * - `track_release_without_deal` (info): a track release with no deal of its own (not available on its own).
 * - `takedown` (info): the message takes a release down (see {@link ReadErnResult.takedowns}).
 * - `doctype_ignored` (info): the message has a DOCTYPE (without entities); it was not read.
 */
export interface ReadIssue {
  /** stable machine code */
  readonly code: string;
  readonly severity: ReadIssueSeverity;
  /** XPath of the element concerned, e.g. `/ern:NewReleaseMessage/ResourceList/SoundRecording[2]/CreationDate` */
  readonly xpath: string;
  /** path in the model release, when the issue concerns a model field, e.g. `tracks.1.metadata.contributors.0.role` */
  readonly path?: string;
  /** ReleaseReference of the release concerned, when there is one */
  readonly release?: string;
  readonly message: string;
}

/** Identifiers of a release as the message states them. */
export interface ReleaseIdentifiers {
  readonly icpn?: string;
  readonly grid?: string;
  readonly isrc?: string;
  readonly catalogNumber?: string;
  readonly proprietaryIds?: readonly { readonly namespace: string; readonly value: string }[];
}

/**
 * A release the message takes down. The model has no takedown field; a takedown is a fact about a message, kept
 * here so that an import can end the release's availability in the catalog.
 * - `Purge`: a PurgeReleaseMessage (the release is to be removed entirely).
 * - `TakeDownFlag`: ERN 3.8.2 deals with `<TakeDown>true</TakeDown>`.
 * - `EndedDeals`: every deal of the release ends on or before the message's creation time.
 * - `NoDeals`: the main release has no ReleaseDeal in a message that has a DealList (ERN 4's empty-deal-list
 *   takedown).
 */
export interface TakedownRecord {
  readonly method: 'Purge' | 'TakeDownFlag' | 'EndedDeals' | 'NoDeals';
  /** the id the release has (or would have) in the model: ICPN, else GRid, else the first proprietary id, else the reference */
  readonly releaseId: string;
  readonly identifiers: ReleaseIdentifiers;
  /** release title, when the message gives one */
  readonly title?: string;
  /** when the takedown takes effect: the deals' end, else the message's creation time */
  readonly effective?: string;
  /** ReleaseReference, when the message has one */
  readonly reference?: string;
  readonly xpath: string;
}

/** A message party in the header. */
export interface HeaderParty {
  readonly dpid?: string;
  readonly name?: string;
}

/** The message header: who sent it to whom, when, and which message it is. */
export interface MessageInfo {
  /** root element: `NewReleaseMessage`, `PurgeReleaseMessage` or (3.8.2) `CatalogListMessage` */
  readonly type: string;
  readonly id?: string;
  readonly threadId?: string;
  readonly createdAt?: string;
  readonly sender?: HeaderParty;
  readonly recipient?: HeaderParty;
  readonly sentOnBehalfOf?: HeaderParty;
  /** `LiveMessage` or `TestMessage` */
  readonly controlType?: string;
  /** ERN 3.8.2 `UpdateIndicator` (`OriginalMessage`, `UpdateMessage`) */
  readonly updateIndicator?: string;
  /** `ReleaseProfileVersionId` of the root element */
  readonly profile?: string;
}

/** What {@link readErn} found in a message. */
export interface ReadErnResult {
  /** ERN version, from the root element's namespace */
  readonly version: ErnVersionId;
  readonly message: MessageInfo;
  /** the main releases, each a valid model release (checked with `parseRelease`) */
  readonly releases: Release[];
  /** the track releases (one resource each), each a valid model release; only those with a deal of their own */
  readonly trackReleases: Release[];
  /** releases the message takes down */
  readonly takedowns: TakedownRecord[];
  /** everything that was not carried, left out or derived, each with an XPath */
  readonly issues: ReadIssue[];
}

/** Options of {@link readErn}. */
export interface ReadErnOptions {
  /**
   * Largest message accepted, in bytes; larger input throws `TOO_LARGE` before it is parsed.
   * @default 104857600 (100 MB)
   */
  readonly maxBytes?: number;
  /**
   * Deepest element nesting accepted; deeper documents throw `TOO_DEEP`. ERN messages nest fewer than 20 levels.
   * @default 256
   */
  readonly maxDepth?: number;
  /**
   * Whether to map track releases too (one model release per TrackRelease with a deal).
   * @default true
   */
  readonly trackReleases?: boolean;
  /**
   * Territories and rights to give a release the message has no deal for (a metadata-only message, or one whose
   * DealList is absent). Without it such a release is rejected, since the model needs territories and rights.
   * `startDate` defaults to the release's date. Each use is reported as `derived_value`.
   * @default undefined (reject)
   */
  readonly defaultRights?: DefaultRights;
  /**
   * Whether to report every element the model cannot hold as an `unmapped_element` issue.
   * @default true
   */
  readonly reportUnmapped?: boolean;
}

/** Territories and rights for releases without deals; see {@link ReadErnOptions.defaultRights}. */
export interface DefaultRights {
  /** included territories, e.g. `['Worldwide']` */
  readonly included: readonly string[];
  /** excluded territories; @default [] */
  readonly excluded?: readonly string[];
  /** start of the rights; @default the release date */
  readonly startDate?: string;
  /** @default the model's defaults (subscription, ad-supported, pay-as-you-go) */
  readonly commercialModels?: readonly string[];
  /** @default the model's defaults (stream, permanent download) */
  readonly useTypes?: readonly string[];
}
