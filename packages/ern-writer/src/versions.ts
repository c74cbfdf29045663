import type { ErnVersion } from './types';

/** The ERN 4 release profiles (`ReleaseProfileVersionId` allowed values in ERN 4.2 and 4.3). */
export const ERN4_PROFILES = [
  'Audio',
  'DjMix',
  'LongFormMusicalWorkVideo',
  'MixedMedia',
  'Ringtone',
  'SimpleAudioSingle',
  'SimpleVideoSingle',
  'Video',
] as const;

/** An ERN 4 release profile. */
export type Ern4Profile = (typeof ERN4_PROFILES)[number];

/** Facts about one ERN version, as data (STYLE.md §11): what the writers and the dispatcher need to know. */
export interface ErnVersionInfo {
  /** `4` for the ERN 4 writer family, `3` for ERN 3.8.2 */
  readonly family: 3 | 4;
  /** target namespace of `release-notification.xsd` and of the message's root element */
  readonly namespace: string;
  /** value of `xsi:schemaLocation` */
  readonly schemaLocation: string;
  /** required `MessageSchemaVersionId` root attribute (ERN 3 only; ERN 4 must not carry it) */
  readonly messageSchemaVersionId?: string;
  /** required `AvsVersionId` root attribute (ERN 4.3 and later): the allowed-value-set version the message uses */
  readonly avsVersionId?: string;
  /** `ReleaseProfileVersionId` values the version allows (empty: a free string in 3.8.2) */
  readonly profiles: readonly string[];
  /** whether parties are listed once in a PartyList and referenced (ERN 4) or written inline (ERN 3) */
  readonly hasPartyList: boolean;
}

/** ERN version facts, keyed by version. */
export const ERN_VERSIONS = {
  '4.3': {
    family: 4,
    namespace: 'http://ddex.net/xml/ern/43',
    schemaLocation: 'http://ddex.net/xml/ern/43 http://ddex.net/xml/ern/43/release-notification.xsd',
    avsVersionId: '9',
    profiles: ERN4_PROFILES,
    hasPartyList: true,
  },
  '4.2': {
    family: 4,
    namespace: 'http://ddex.net/xml/ern/42',
    schemaLocation: 'http://ddex.net/xml/ern/42 http://ddex.net/xml/ern/42/release-notification.xsd',
    profiles: ERN4_PROFILES,
    hasPartyList: true,
  },
  '3.8.2': {
    family: 3,
    namespace: 'http://ddex.net/xml/ern/382',
    schemaLocation: 'http://ddex.net/xml/ern/382 http://ddex.net/xml/ern/382/release-notification.xsd',
    messageSchemaVersionId: 'ern/382',
    profiles: [],
    hasPartyList: false,
  },
} as const satisfies Record<ErnVersion, ErnVersionInfo>;

/** Every version the writers produce, newest first. */
export const ERN_VERSION_LIST = Object.keys(ERN_VERSIONS) as ErnVersion[];
