import type { ErnVersionId } from '@ddex/ern-model';

/** Facts about one ERN version the reader needs, as data. */
export interface ErnReadVersionInfo {
  /** namespace of the root element */
  readonly namespace: string;
  /** `4` for the ERN 4 family (PartyList, references), `3` for ERN 3.8.2 (details by territory) */
  readonly family: 3 | 4;
  /** root elements of the version */
  readonly messageElements: readonly string[];
  /**
   * Child paths (under the root) that only the other family has: finding one means the namespace was swapped
   * (a 3.8.2 body under a 4.3 namespace, or the reverse).
   */
  readonly foreignMarkers: readonly string[];
}

const ERN3_MARKERS = [
  'ReleaseList/Release/ReleaseDetailsByTerritory',
  'ResourceList/SoundRecording/SoundRecordingDetailsByTerritory',
  'ResourceList/SoundRecording/SoundRecordingId',
  'ResourceList/Image/ImageDetailsByTerritory',
  'ResourceList/Video/VideoDetailsByTerritory',
];
const ERN4_MARKERS = [
  'PartyList',
  'ReleaseList/TrackRelease',
  'ResourceList/SoundRecording/DisplayArtist/ArtistPartyReference',
  'ResourceList/SoundRecording/SoundRecordingEdition',
  'ReleaseList/Release/DisplayArtist/ArtistPartyReference',
];

/** Versions the reader reads, keyed by version id. */
export const ERN_READ_VERSIONS = {
  '3.8.2': {
    namespace: 'http://ddex.net/xml/ern/382',
    family: 3,
    messageElements: ['NewReleaseMessage', 'PurgeReleaseMessage', 'CatalogListMessage'],
    foreignMarkers: ERN4_MARKERS,
  },
  '4.2': {
    namespace: 'http://ddex.net/xml/ern/42',
    family: 4,
    messageElements: ['NewReleaseMessage', 'PurgeReleaseMessage'],
    foreignMarkers: ERN3_MARKERS,
  },
  '4.3': {
    namespace: 'http://ddex.net/xml/ern/43',
    family: 4,
    messageElements: ['NewReleaseMessage', 'PurgeReleaseMessage'],
    foreignMarkers: ERN3_MARKERS,
  },
} as const satisfies Record<ErnVersionId, ErnReadVersionInfo>;

/** The version whose root namespace is `uri`, else undefined. */
export function versionOfNamespace(uri: string): ErnVersionId | undefined {
  for (const [id, info] of Object.entries(ERN_READ_VERSIONS)) if (info.namespace === uri) return id as ErnVersionId;
  return undefined;
}

/** True for any DDEX ERN namespace (`http://ddex.net/xml/ern/<n>`), read or not. */
export function isErnNamespace(uri: string): boolean {
  return /^https?:\/\/(service\.)?ddex\.net\/xml\/ern\/[0-9]+$/.test(uri);
}
