/**
 * Facts about ERN 3.8.2 the writer needs, as data (STYLE.md §11): namespace, schema location, root attributes,
 * release-profile ids and the mapping of the model's release types and file formats onto 3.8.2 allowed values.
 */
export interface Ern382VersionInfo {
  /** the version id used in options and in `@ddex/ern-model`'s AVS tables */
  readonly version: '3.8.2';
  /** target namespace of release-notification.xsd */
  readonly namespace: string;
  /** namespace prefix of the root element (child elements are unqualified in 3.8.2) */
  readonly prefix: string;
  /** value of the required root attribute `MessageSchemaVersionId` */
  readonly messageSchemaVersionId: string;
  /** value of `xsi:schemaLocation` */
  readonly schemaLocation: string;
  /** `ReleaseProfileVersionId` for an album (Common Release Types 1.4, audio album of sound recordings only) */
  readonly albumProfileId: string;
  /** `ReleaseProfileVersionId` for a single */
  readonly singleProfileId: string;
  /** model/ERN 4 profile names (and 3.8.2 short names) → 3.8.2 `ReleaseProfileVersionId` */
  readonly profileIds: Readonly<Record<string, string>>;
  /** the model's basic release types → 3.8.2 `ReleaseType` */
  readonly releaseTypes: Readonly<Record<string, string>>;
  /** the model's audio formats → `AudioCodecType` (values outside the AVS are written as UserDefined) */
  readonly audioCodecs: Readonly<Record<string, string>>;
  /** the model's audio formats that name a container → `ContainerFormat` (the others name only a codec) */
  readonly audioContainers: Readonly<Record<string, string>>;
  /** the model's image formats → `ImageCodecType` (values outside the AVS are written as UserDefined) */
  readonly imageCodecs: Readonly<Record<string, string>>;
}

const PROFILE_PREFIX = 'CommonReleaseTypes/14/';

/** ERN 3.8.2 version facts. */
export const ERN382_VERSION = {
  version: '3.8.2',
  namespace: 'http://ddex.net/xml/ern/382',
  prefix: 'ern',
  messageSchemaVersionId: 'ern/382',
  schemaLocation: 'http://ddex.net/xml/ern/382 http://ddex.net/xml/ern/382/release-notification.xsd',
  albumProfileId: `${PROFILE_PREFIX}AudioAlbumMusicOnly`,
  singleProfileId: `${PROFILE_PREFIX}AudioSingle`,
  profileIds: {
    Audio: `${PROFILE_PREFIX}AudioAlbumMusicOnly`,
    AudioAlbum: `${PROFILE_PREFIX}AudioAlbum`,
    AudioAlbumMusicOnly: `${PROFILE_PREFIX}AudioAlbumMusicOnly`,
    AudioSingle: `${PROFILE_PREFIX}AudioSingle`,
    SimpleAudioSingle: `${PROFILE_PREFIX}AudioSingle`,
    AudioBook: `${PROFILE_PREFIX}AudioBook`,
    Video: `${PROFILE_PREFIX}VideoAlbum`,
    VideoAlbum: `${PROFILE_PREFIX}VideoAlbum`,
    SimpleVideoSingle: `${PROFILE_PREFIX}VideoSingle`,
    VideoSingle: `${PROFILE_PREFIX}VideoSingle`,
    LongFormMusicalWorkVideo: `${PROFILE_PREFIX}LongformMusicVideo`,
    MixedMedia: `${PROFILE_PREFIX}MixedMediaBundle`,
    MixedMediaBundle: `${PROFILE_PREFIX}MixedMediaBundle`,
    Ringtone: `${PROFILE_PREFIX}Ringtone`,
    DigitalBoxedSet: `${PROFILE_PREFIX}DigitalBoxedSet`,
    SingleResourceRelease: `${PROFILE_PREFIX}SingleResourceRelease`,
  },
  releaseTypes: { Album: 'Album', Single: 'Single', EP: 'EP', Video: 'VideoAlbum', Mixed: 'MultimediaAlbum' },
  audioCodecs: {
    WAV: 'PCM',
    AIFF: 'PCM',
    FLAC: 'FLAC',
    MP3: 'MP3',
    AAC: 'AAC',
    ALAC: 'ALAC',
    OGG: 'Vorbis',
    OPUS: 'Opus',
    WMA: 'WMA',
    MQA: 'MQA',
  },
  audioContainers: { WAV: 'WAV', AIFF: 'AIFF', OGG: 'Ogg', OPUS: 'Ogg' },
  imageCodecs: { JPEG: 'JPEG', PNG: 'PNG', GIF: 'GIF', TIFF: 'TIFF', BMP: 'BMP', WEBP: 'WebP' },
} as const satisfies Ern382VersionInfo;
