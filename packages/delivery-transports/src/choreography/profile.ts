/** ERN versions a profile can ask for. */
export type ProfileErnVersion = '3.8.2' | '4.2' | '4.3';

/**
 * A DSP delivery profile: everything that differs between receivers, as data (STYLE §11). The choreography code reads
 * these fields and never branches on a DSP's name. Templates use `{name}` and `{name:width}` (zero-padded numbers).
 */
export interface DeliveryProfile {
  /** Profile id, e.g. `generic-batch`. */
  readonly name: string;
  /** One line on who this is for and where the facts come from. */
  readonly description: string;
  /** ERN version of the NewReleaseMessage. */
  readonly ernVersion: ProfileErnVersion;
  /** `TestMessage` for test deliveries (validated, not published), `LiveMessage` otherwise. */
  readonly messageControlType: 'LiveMessage' | 'TestMessage';
  /** `batch` (one folder per batch, a completion marker last) or `release-by-release` (the ERN itself goes last). */
  readonly choreography: 'batch' | 'release-by-release';
  /** Priority prefix for folder templates (`N` non-priority, `P` priority, `L` low, `M` mixed). @default 'N' */
  readonly priority?: 'N' | 'P' | 'L' | 'M';
  /** Folder templates. `{batchId}`/`{timestamp}` = `YYYYMMDDhhmmssnnn` (UTC), `{upc}`, `{priority}`. */
  readonly folders: {
    /** Batch folder (batch choreography). */
    readonly batch: string;
    /** Release folder: inside the batch folder (batch), or at the root (release-by-release). */
    readonly release: string;
    /** Subfolder of the release folder holding the resources (`''` = none). */
    readonly resources: string;
  };
  /** File-name templates: `{upc}`, `{disc}`, `{track}`, `{index}` (1-based within its kind), `{ext}`. */
  readonly naming: {
    readonly ern: string;
    readonly audio: string;
    readonly image: string;
    readonly video: string;
    readonly document: string;
  };
  /** Completion marker of a batch (ignored for release-by-release). */
  readonly marker?: {
    /** File name at the batch root, e.g. `BatchComplete_{batchId}.xml`. */
    readonly name: string;
    /** `manifest` (an ECHO ManifestMessage listing the releases) or `empty` (a zero-byte semaphore file). */
    readonly form: 'manifest' | 'empty';
  };
  /** How a takedown is sent: a deal with an EndDate in the past, a NewReleaseMessage without deals, or a purge. */
  readonly takedown: 'end-dated-deal' | 'empty-deal-list' | 'purge';
  /** Audio requirements, checked before sending. */
  readonly audio?: {
    readonly formats?: readonly string[];
    readonly minSampleRate?: number;
    readonly bitDepths?: readonly number[];
    readonly channels?: number;
  };
  /** Image requirements, checked before sending. */
  readonly image?: {
    readonly formats?: readonly string[];
    readonly minWidth?: number;
    readonly minHeight?: number;
    readonly square?: boolean;
  };
  /** Where the DSP leaves acknowledgements, relative to the target root, and how they are named. */
  readonly acknowledgements?: { readonly folder: string; readonly pattern: string };
  /** Message recipients the DSP expects (DPID and name), when it publishes them. */
  readonly recipients?: readonly { readonly dpid: string; readonly name: string }[];
  /** Transport the DSP uses, as a hint for target configs. */
  readonly transport?: 'sftp' | 'ftp' | 'ftps' | 's3' | 'http';
}

const BATCH_FOLDERS = { batch: '{batchId}', release: '{upc}', resources: 'resources' } as const;
const NAMING = {
  ern: '{upc}.xml',
  audio: '{upc}_{disc:2}_{track:3}.{ext}',
  image: '{upc}.{ext}',
  video: '{upc}_{disc:2}_{track:3}.{ext}',
  document: '{upc}_doc_{index:2}.{ext}',
} as const;
const ACKS = { folder: 'acknowledgements', pattern: '^ACK_.*\\.xml$' } as const;

/** Generic batch profile over SFTP (ERN-C / ECHO 1.7 batch layout): delivery.md §1.3. */
export const GENERIC_BATCH: DeliveryProfile = {
  name: 'generic-batch',
  description: 'DDEX batch profile: <batchId>/<UPC>/resources, BatchComplete_<batchId>.xml manifest last (ECHO 1.7 §8)',
  ernVersion: '4.3',
  messageControlType: 'LiveMessage',
  choreography: 'batch',
  priority: 'N',
  folders: BATCH_FOLDERS,
  naming: NAMING,
  marker: { name: 'BatchComplete_{batchId}.xml', form: 'manifest' },
  takedown: 'end-dated-deal',
  audio: { formats: ['FLAC', 'WAV'], minSampleRate: 44100, bitDepths: [16, 24] },
  image: { formats: ['JPEG', 'PNG'], minWidth: 1400, minHeight: 1400, square: true },
  acknowledgements: ACKS,
  transport: 'sftp',
};

/** Generic release-by-release profile (ERN-C 1.8 §5): `<priority>_<UPC>_<timestamp>/`, the ERN uploaded last. */
export const GENERIC_RELEASE_BY_RELEASE: DeliveryProfile = {
  ...GENERIC_BATCH,
  name: 'generic-release-by-release',
  description: 'DDEX release-by-release profile: N_<UPC>_<timestamp>/resources, the ERN last (ERN-C 1.8 §5.2)',
  choreography: 'release-by-release',
  folders: { batch: '', release: '{priority}_{upc}_{timestamp}', resources: 'resources' },
  marker: undefined,
};

/** Spotify-like, from Spotify's public delivery facts (delivery.md §4.1): ERN 4.3, non-empty BatchComplete, no purge. */
export const SPOTIFY_LIKE: DeliveryProfile = {
  ...GENERIC_BATCH,
  name: 'spotify-like',
  description:
    'Spotify public facts: ERN 4.3 only, non-empty BatchComplete, no PurgeReleaseMessage, FLAC/WAV ≥44.1 kHz',
  marker: { name: 'BatchComplete_{batchId}.xml', form: 'manifest' },
  takedown: 'empty-deal-list',
  audio: { formats: ['FLAC', 'WAV'], minSampleRate: 44100, bitDepths: [16, 24], channels: 2 },
  image: { formats: ['TIFF', 'PNG', 'JPEG'], minWidth: 640, minHeight: 640 },
};

/** YouTube-like, from YouTube's public facts (delivery.md §4.1): a BatchComplete*.xml semaphore, end-dated takedowns. */
export const YOUTUBE_LIKE: DeliveryProfile = {
  ...GENERIC_BATCH,
  name: 'youtube-like',
  description: 'YouTube public facts: ERN 4.3, BatchComplete*.xml marks the batch ready, takedown by end-dated deal',
  marker: { name: 'BatchComplete_{batchId}.xml', form: 'empty' },
  takedown: 'end-dated-deal',
  recipients: [
    { dpid: 'PADPIDA2013020802I', name: 'YouTube' },
    { dpid: 'PADPIDA2015120100H', name: 'YouTube_ContentID' },
  ],
};

/** Test deliveries to a DDEX DSP instance over its HTTP API: release by release, TestMessage. */
export const DDEX_DSP_TEST: DeliveryProfile = {
  ...GENERIC_RELEASE_BY_RELEASE,
  name: 'ddex-dsp-test',
  description: 'Test deliveries to a DDEX DSP instance over HTTP: one folder per release, TestMessage, ERN last',
  messageControlType: 'TestMessage',
  folders: { batch: '', release: '{upc}_{timestamp}', resources: 'resources' },
  transport: 'http',
};

/** The built-in profiles by name. */
export const DSP_PROFILES: Readonly<Record<string, DeliveryProfile>> = Object.freeze(
  Object.fromEntries(
    [GENERIC_BATCH, GENERIC_RELEASE_BY_RELEASE, SPOTIFY_LIKE, YOUTUBE_LIKE, DDEX_DSP_TEST].map((p) => [p.name, p]),
  ),
);
