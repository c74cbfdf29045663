/** An ERN version that {@link validateErn} can check against DDEX's XSD. */
export type ErnSchemaVersion = '3.8.2' | '4.2' | '4.3';

/** What the validator needs to know about one ERN version: data, not branches. */
export interface ErnSchemaVersionInfo {
  /** target namespace of the version's `release-notification.xsd`, and so of the message's root element */
  readonly namespace: string;
  /** sub-folder of the schema folder holding the version's XSDs, e.g. `ern-43` */
  readonly folder: string;
  /** file name of the message schema inside {@link folder} */
  readonly schemaFile: string;
  /** global elements of the message schema, i.e. the root elements a message of this version may have */
  readonly messageElements: readonly string[];
  /** where DDEX publishes the message schema (named in "schemas not found" errors; never fetched) */
  readonly schemaUrl: string;
  /** where DDEX publishes the allowed-value-set schema the message schema imports (never fetched) */
  readonly avsUrl: string;
}

/** The ERN versions the validator knows, keyed by version. */
export const ERN_SCHEMA_VERSIONS = {
  '3.8.2': {
    namespace: 'http://ddex.net/xml/ern/382',
    folder: 'ern-382',
    schemaFile: 'release-notification.xsd',
    messageElements: ['NewReleaseMessage', 'PurgeReleaseMessage', 'CatalogListMessage'],
    schemaUrl: 'http://ddex.net/xml/ern/382/release-notification.xsd',
    avsUrl: 'http://ddex.net/xml/avs/avs_20161006.xsd',
  },
  '4.2': {
    namespace: 'http://ddex.net/xml/ern/42',
    folder: 'ern-42',
    schemaFile: 'release-notification.xsd',
    messageElements: ['NewReleaseMessage', 'PurgeReleaseMessage'],
    schemaUrl: 'http://ddex.net/xml/ern/42/release-notification.xsd',
    avsUrl: 'http://ddex.net/xml/avs/avs20200518.xsd',
  },
  '4.3': {
    namespace: 'http://ddex.net/xml/ern/43',
    folder: 'ern-43',
    schemaFile: 'release-notification.xsd',
    messageElements: ['NewReleaseMessage', 'PurgeReleaseMessage'],
    schemaUrl: 'http://ddex.net/xml/ern/43/release-notification.xsd',
    avsUrl: 'http://ddex.net/xml/allowed-value-sets/allowed-value-sets.xsd',
  },
} as const satisfies Record<ErnSchemaVersion, ErnSchemaVersionInfo>;

/** Every version the validator knows, oldest first. */
export const ERN_SCHEMA_VERSION_LIST = Object.keys(ERN_SCHEMA_VERSIONS) as ErnSchemaVersion[];

/** Namespace URI → version, e.g. `http://ddex.net/xml/ern/43` → `4.3`. */
export const ERN_NAMESPACES: ReadonlyMap<string, ErnSchemaVersion> = new Map(
  ERN_SCHEMA_VERSION_LIST.map((version) => [ERN_SCHEMA_VERSIONS[version].namespace, version]),
);
