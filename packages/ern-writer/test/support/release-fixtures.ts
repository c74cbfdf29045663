import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gs1CheckDigit, mod11_2CheckChar, parseRelease, type Release, type ReleaseInput } from '@ddex/ern-model';
import type { WriteErnOptions } from '../../src/types';
import { REPO_ROOT } from './ddex-paths';

// Releases built for the writer tests, version-agnostic: every ERN writer test can loop over them.

/** The canonical example album (`shared/examples/release-album.json`), as JSON input. */
export const CANONICAL_ALBUM_PATH = join(REPO_ROOT, '../shared/examples/release-album.json');

/** Options every writer test uses: fixed ids and time, so output is deterministic. */
export const BASE_OPTIONS = {
  sender: { dpid: 'PADPIDA20270101016', name: 'Polar Records' },
  recipient: { dpid: 'PADPIDA20270101024', name: 'Nordic DSP' },
  messageId: 'MSG-0001',
  createdAt: '2027-03-01T10:00:00Z',
} as const satisfies Omit<WriteErnOptions, 'version'>;

/** Parses input and throws with the model's issues when it is not a valid release (a broken fixture). */
export function release(input: unknown): Release {
  const parsed = parseRelease(input);
  if (!parsed.success) throw new Error(`fixture is not a valid release:\n${JSON.stringify(parsed.issues, null, 2)}`);
  return parsed.data;
}

/** The canonical album, parsed. */
export function canonicalAlbum(): Release {
  return release(JSON.parse(readFileSync(CANONICAL_ALBUM_PATH, 'utf8')));
}

/** A UPC/EAN with a valid check digit from 11 or 12 body digits. */
export function gtin(body: string): string {
  return `${body}${gs1CheckDigit(body)}`;
}

/** An ISNI with a valid check character from 15 digits. */
export function isni(body: string): string {
  return `${body}${mod11_2CheckChar(body)}`;
}

/** ISRC number `n` of a registrant. */
export const isrc = (n: number, registrant = 'QZES7'): string => `${registrant}27${String(n).padStart(5, '0')}`;

type TrackInput = ReleaseInput['tracks'][number];
type AudioAssetInput = NonNullable<NonNullable<ReleaseInput['assets']>['audio']>[number];

/** A track on `disc` at `seq`, with its audio file (asset id `aud-<disc>-<seq>`). */
export function track(
  seq: number,
  overrides: Partial<TrackInput> & { disc?: number; title?: string; artist?: string } = {},
): TrackInput {
  const { disc = 1, title = `Track ${seq}`, artist = 'Aurora Fields', ...rest } = overrides;
  return {
    id: `trk-${disc}-${seq}`,
    sequenceNumber: seq,
    discNumber: disc,
    isrc: isrc(disc * 100 + seq),
    metadata: {
      title,
      displayArtist: artist,
      duration: 180 + seq,
      parentalWarning: 'NotExplicit',
      contributors: [
        { name: artist, role: 'MainArtist' },
        { name: 'Ingrid Solberg', role: 'Producer' },
      ],
      writers: [{ name: 'Ingrid Solberg', role: 'Composer' }],
    },
    audio: { fileId: `aud-${disc}-${seq}` },
    preview: { startTime: 30, duration: 30 },
    ...rest,
  };
}

/** An audio asset for a track built by {@link track}. */
export function audioAsset(seq: number, disc = 1): AudioAssetInput {
  return {
    id: `aud-${disc}-${seq}`,
    fileName: `5012345678900_${String(disc).padStart(2, '0')}_${String(seq).padStart(3, '0')}.flac`,
    format: 'FLAC',
    size: 30_000_000 + seq,
    md5: seq.toString(16).padStart(32, '0'),
    sampleRate: 44100,
    bitDepth: 16,
    channels: 2,
    duration: 180 + seq,
  };
}

const COVER = {
  id: 'img-cover',
  type: 'FrontCoverImage',
  fileName: 'cover.jpg',
  format: 'JPEG',
  width: 3000,
  height: 3000,
  size: 2_400_000,
  md5: 'abababababababababababababababab',
};

/** A release input: tracks as given (their audio assets are added), a cover, worldwide rights. */
export function releaseInput(tracks: TrackInput[], overrides: Partial<ReleaseInput> = {}): ReleaseInput {
  return {
    id: 'rel-test',
    type: 'Album',
    metadata: {
      title: 'Northern Lights',
      displayArtist: 'Aurora Fields',
      releaseDate: '2027-03-05',
      label: 'Polar Records',
      barcode: '5012345678900',
      genre: ['Electronic'],
      pLine: { year: 2027, text: '2027 Polar Records' },
      cLine: { year: 2027, text: '2027 Polar Records' },
    },
    tracks,
    assets: {
      audio: tracks.filter((t) => t.audio !== undefined).map((t) => audioAsset(t.sequenceNumber, t.discNumber ?? 1)),
      images: [COVER],
    },
    territories: { included: ['Worldwide'] },
    rights: { startDate: '2027-03-05', priceCode: 'FRONT' },
    ...overrides,
  };
}

const SPECIAL = `Ærø & <Björk> "quoted" 'single' 東京 🎵`;

/** The named releases every writer is tested on (the canonical album is separate). */
export function fixtureReleases(): Record<string, Release> {
  const tracks12 = Array.from({ length: 12 }, (_, i) => track(i + 1));
  const base = releaseInput(tracks12);
  return {
    album: release(base),
    single: release(releaseInput([track(1, { title: 'Polar Night' })], { type: 'Single' })),
    ep: release(
      releaseInput(
        [1, 2, 3, 4].map((n) => track(n)),
        { type: 'EP' },
      ),
    ),
    'two discs': release(
      releaseInput([track(1), track(2), track(1, { disc: 2 }), track(2, { disc: 2 }), track(3, { disc: 2 })]),
    ),
    'various artists': release(
      releaseInput(
        ['Aurora Fields', 'Kai Nordlys', 'Sami Stars'].map((artist, i) =>
          track(i + 1, {
            artist: i === 1 ? `${artist} feat. Ola` : artist,
            metadata: {
              title: `Song ${i + 1}`,
              displayArtist: i === 1 ? `${artist} feat. Ola` : artist,
              duration: 200,
              artists:
                i === 1
                  ? [
                      { name: artist, role: 'MainArtist' },
                      { name: 'Ola', role: 'FeaturedArtist' },
                    ]
                  : [{ name: artist, role: 'MainArtist' }],
              contributors: [{ name: 'Ingrid Solberg', role: 'MixingEngineer' }],
              writers: [{ name: `${artist} Writer`, role: 'ComposerLyricist', ids: { ipi: '123456789' } }],
              publishers: [{ name: 'Polar Songs' }],
            },
          }),
        ),
        {
          metadata: {
            ...base.metadata,
            title: 'Winter Hits',
            displayArtist: 'Various Artists',
            artists: [{ name: 'Various Artists', role: 'MainArtist' }],
          },
        },
      ),
    ),
    'special characters': release(specialCharacters()),
    'excluded territories': release(
      releaseInput([track(1), track(2)], {
        territories: { included: ['Worldwide'], excluded: ['KP', 'IR', 'SY', 'CU'] },
      }),
    ),
    'datetime validity': release(
      releaseInput([track(1), track(2)], {
        territories: { included: ['NO', 'SE', 'DK'] },
        rights: {
          startDate: '2027-03-05T00:00:00Z',
          endDate: '2028-03-05T12:30+01:00',
          commercialModels: ['SubscriptionModel'],
          useTypes: ['OnDemandStream'],
        },
      }),
    ),
    'explicit tracks': release(
      releaseInput(
        [
          track(1, {
            metadata: { title: 'Loud', displayArtist: 'Aurora Fields', duration: 200, parentalWarning: 'Explicit' },
          }),
          track(2),
        ],
        {
          metadata: { ...base.metadata, parentalWarning: 'Explicit' },
        },
      ),
    ),
    'multiple deals': release(
      releaseInput([track(1), track(2), track(3)], {
        deals: [
          {
            territories: { included: ['NO', 'SE'] },
            startDate: '2027-03-05',
            commercialModels: ['SubscriptionModel', 'AdvertisementSupportedModel'],
            useTypes: ['OnDemandStream', 'NonInteractiveStream'],
          },
          {
            territories: { included: ['US', 'CA'] },
            startDate: '2027-04-01',
            endDate: '2029-04-01',
            priceCode: 'MID',
            commercialModels: ['PayAsYouGoModel'],
            useTypes: ['PermanentDownload'],
          },
          {
            territories: { included: ['Worldwide'], excluded: ['NO', 'SE', 'US', 'CA'] },
            startDate: '2027-05-01T08:00:00Z',
            commercialModels: ['SubscriptionModel', 'PayAsYouGoModel'],
            useTypes: ['Stream', 'PermanentDownload'],
          },
        ],
      }),
    ),
    video: release(videoRelease()),
  };
}

/** Every free-text field holds XML-special and non-ASCII characters (one also a control character). */
function specialCharacters(): ReleaseInput {
  const s = (what: string) => `${what} ${SPECIAL}`;
  const t = track(1, {
    metadata: {
      title: s('Title'),
      subtitle: s('Sub'),
      displayArtist: s('Artist'),
      duration: 200,
      artists: [
        {
          name: s('Artist'),
          role: 'MainArtist',
          ids: { isni: isni('000000012103268'), proprietary: [{ namespace: s('NS'), value: s('ID') }] },
        },
      ],
      contributors: [{ name: s('Contributor'), role: 'Producer', instrument: 'Piano' }],
      writers: [{ name: s('Writer'), role: 'Composer' }],
      publishers: [{ name: s('Publisher') }],
      pLine: { year: 2027, text: s('PLine') },
      genre: [s('TrackGenre')],
      proprietaryIds: [{ namespace: s('NS'), value: s('Rec') }],
    },
  });
  return releaseInput([t, track(2, { title: `Control\u0001char ${SPECIAL}` })], {
    metadata: {
      title: s('Release'),
      subtitle: s('Deluxe'),
      displayArtist: s('Artist'),
      releaseDate: '2027-03-05',
      label: s('Label'),
      labelIds: { proprietary: [{ namespace: s('NS'), value: s('Lab') }] },
      catalogNumber: s('CAT'),
      barcode: '5012345678900',
      proprietaryIds: [{ namespace: s('NS'), value: s('Rel') }],
      genre: [s('Genre'), s('SubGenre')],
      pLine: { year: 2027, text: s('PLine') },
      cLine: { year: 2027, text: s('CLine') },
      keywords: [s('Keyword')],
      marketingComment: s('Comment\r\nwith a second line\tand a tab'),
    },
    rights: { startDate: '2027-03-05', priceCode: s('Price') },
  });
}

function videoRelease(): ReleaseInput {
  const videoTrack = (seq: number): TrackInput => ({
    id: `vid-${seq}`,
    sequenceNumber: seq,
    discNumber: 1,
    isrc: isrc(900 + seq),
    metadata: { title: `Clip ${seq}`, displayArtist: 'Aurora Fields', duration: 240, parentalWarning: 'NotExplicit' },
    video: { fileId: `vid-file-${seq}` },
    preview: { startTime: 10, duration: 20 },
  });
  return releaseInput([videoTrack(1), videoTrack(2)], {
    type: 'Video',
    assets: {
      audio: [],
      images: [COVER],
      videos: [1, 2].map((seq) => ({
        id: `vid-file-${seq}`,
        fileName: `5012345678900_01_00${seq}.mp4`,
        format: 'MP4',
        width: 1920,
        height: 1080,
        duration: 240,
        codec: 'AVC',
        frameRate: 25,
        size: 500_000_000,
        md5: 'cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd',
      })),
    },
  });
}
