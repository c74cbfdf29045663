import {
  ARTIST_ROLES,
  AUDIO_FORMATS,
  COMMERCIAL_MODELS,
  CONTRIBUTOR_ROLES,
  gs1CheckDigit,
  IMAGE_FORMATS,
  IMAGE_TYPES,
  PARENTAL_WARNINGS,
  parseRelease,
  RELEASE_TYPES,
  type Release,
  TERRITORY_CODES,
  USE_TYPES,
  WRITER_ROLES,
} from '@ddex/ern-model';
import fc from 'fast-check';
import type { WriteErnOptions } from '../../src/types';
import type { ReleaseJson } from './ern382-fixtures';

// fast-check arbitraries for the 3.8.2 writer's property test: releases the model accepts, with hostile text,
// values from every version's allowed-value sets, and every optional part sometimes present.

const TERRITORIES = [...TERRITORY_CODES];

/** Text: plain words, XML specials, non-ASCII and emoji, and now and then characters XML 1.0 cannot carry. */
const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 24 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('Frost & Fire', '<b>"Bold"</b>', "It's", 'Ærøskøbing «ñ» 日本語 🎵', ']]>', 'a\r\nb\tc'),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }) },
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });
const digits = (n: number) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`));
const hex = (n: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${n}}$`));
const pad = (n: number) => String(n).padStart(2, '0');

const date = fc
  .record({
    y: fc.integer({ min: 2020, max: 2030 }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 28 }),
  })
  .map(({ y, m, d }) => `${y}-${pad(m)}-${pad(d)}`);
const when = fc.oneof(
  date,
  fc
    .record({
      day: date,
      h: fc.integer({ min: 0, max: 23 }),
      mi: fc.integer({ min: 0, max: 59 }),
      s: fc.boolean(),
      tz: fc.constantFrom('Z', '+01:00', '-05:30', ''),
    })
    .map(({ day, h, mi, s, tz }) => `${day}T${pad(h)}:${pad(mi)}${s ? ':07' : ''}${tz}`),
);

const partyIds = maybe(
  fc.record(
    {
      ipi: digits(11),
      proprietary: fc.array(fc.record({ namespace: text, value: text }), { minLength: 1, maxLength: 2 }),
    },
    { requiredKeys: [] },
  ),
);
const artist = fc.record({ name: text, role: fc.constantFrom(...ARTIST_ROLES), ids: partyIds });
const line = maybe(fc.record({ year: fc.integer({ min: 1900, max: 2030 }), text }));

const territories = fc.oneof(
  fc.record({
    included: fc.constant(['Worldwide']),
    excluded: fc.uniqueArray(fc.constantFrom(...TERRITORIES.filter((t) => t !== 'Worldwide')), { maxLength: 4 }),
  }),
  fc.record({ included: fc.uniqueArray(fc.constantFrom(...TERRITORIES), { minLength: 1, maxLength: 5 }) }),
);
const models = fc.uniqueArray(fc.constantFrom(...COMMERCIAL_MODELS), { minLength: 1, maxLength: 3 });
const uses = fc.uniqueArray(fc.constantFrom(...USE_TYPES), { minLength: 1, maxLength: 3 });
const deal = fc.record(
  { territories, startDate: when, endDate: when, priceCode: text, commercialModels: models, useTypes: uses },
  { requiredKeys: ['territories', 'startDate', 'commercialModels', 'useTypes'] },
);

const trackMeta = fc.record(
  {
    title: text,
    subtitle: text,
    displayArtist: text,
    artists: fc.array(artist, { minLength: 1, maxLength: 3 }),
    duration: fc.oneof(fc.integer({ min: 30, max: 900 }), fc.double({ min: 30, max: 900, noNaN: true })),
    parentalWarning: fc.constantFrom(...PARENTAL_WARNINGS),
    contributors: fc.array(
      fc.record({ name: text, role: fc.constantFrom(...CONTRIBUTOR_ROLES), instrument: maybe(text), ids: partyIds }),
      { maxLength: 4 },
    ),
    writers: fc.array(fc.record({ name: text, role: fc.constantFrom(...WRITER_ROLES), ids: partyIds }), {
      maxLength: 3,
    }),
    publishers: fc.array(fc.record({ name: text, ids: partyIds }), { maxLength: 2 }),
    pLine: line,
    genre: fc.array(text, { minLength: 1, maxLength: 3 }),
    language: fc.constantFrom('en', 'nb', 'pt-BR', 'zh-Hant-TW', 'sr-Latn', 'de-CH-1996'),
    workTitle: text,
    proprietaryIds: fc.array(fc.record({ namespace: text, value: text }), { minLength: 1, maxLength: 2 }),
  },
  { requiredKeys: ['title', 'displayArtist', 'duration'] },
);

const audioFile = fc.record(
  {
    format: fc.constantFrom(...AUDIO_FORMATS),
    size: fc.integer({ min: 1, max: 2 ** 31 }),
    md5: hex(32),
    sha256: hex(64),
    sampleRate: fc.constantFrom(44100, 48000, 96000),
    bitDepth: fc.constantFrom(16, 24),
    channels: fc.constantFrom(1, 2, 6),
    bitrate: fc.constantFrom(128, 320, 1411),
    codec: fc.constantFrom('FLAC', 'AAC-LC', 'Opus & co'),
    fileName: text,
  },
  { requiredKeys: ['format', 'fileName'] },
);
const image = fc.record(
  {
    type: fc.constantFrom(...IMAGE_TYPES),
    format: fc.constantFrom(...IMAGE_FORMATS),
    width: fc.integer({ min: 1, max: 6000 }),
    height: fc.integer({ min: 1, max: 6000 }),
    md5: hex(32),
    sha256: hex(64),
    fileName: text,
  },
  { requiredKeys: ['type', 'format', 'fileName'] },
);

/** Release JSON input (not yet parsed). */
export const releaseInput382: fc.Arbitrary<ReleaseJson> = fc
  .record({
    type: fc.constantFrom(...RELEASE_TYPES),
    meta: fc.record(
      {
        title: text,
        subtitle: text,
        displayArtist: text,
        artists: fc.array(artist, { minLength: 1, maxLength: 3 }),
        originalReleaseDate: fc.constant('2019-01-01'),
        label: text,
        catalogNumber: text,
        barcode: digits(12).map((b) => `${b}${gs1CheckDigit(b)}`),
        grid: fc.constant('A1QZ9PL2700000001C'),
        proprietaryIds: fc.array(fc.record({ namespace: text, value: text }), { minLength: 1, maxLength: 2 }),
        genre: fc.array(text, { minLength: 1, maxLength: 4 }),
        language: fc.constantFrom('en', 'nb', 'pt-BR', 'ja'),
        pLine: line,
        cLine: line,
        keywords: fc.array(text, { minLength: 1, maxLength: 3 }),
        marketingComment: text,
      },
      { requiredKeys: ['title', 'displayArtist', 'label', 'genre'] },
    ),
    releaseDate: date,
    tracks: fc.array(
      fc.record({ meta: trackMeta, disc: fc.integer({ min: 1, max: 2 }), audio: audioFile, preview: fc.boolean() }),
      { minLength: 1, maxLength: 6 },
    ),
    images: fc.array(image, { maxLength: 2 }),
    territories,
    rights: fc.record(
      { startDate: when, priceCode: text, commercialModels: models, useTypes: uses },
      { requiredKeys: ['startDate'] },
    ),
    deals: maybe(fc.array(deal, { minLength: 1, maxLength: 3 })),
    profile: maybe(fc.constantFrom('Audio', 'SimpleAudioSingle', 'Video', 'DjMix', 'CommonReleaseTypes/14/AudioBook')),
  })
  .map((r) => {
    const perDisc = new Map<number, number>();
    const tracks = r.tracks.map((t, i) => {
      const seq = (perDisc.get(t.disc) ?? 0) + 1;
      perDisc.set(t.disc, seq);
      const duration = t.meta.duration;
      return {
        id: `trk-${i}`,
        sequenceNumber: seq,
        discNumber: t.disc,
        isrc: `QZES727${String(i).padStart(5, '0')}`,
        metadata: t.meta,
        audio: { fileId: `aud-${i}` },
        ...(t.preview ? { preview: { startTime: 0, duration: Math.min(30, duration) } } : {}),
      };
    });
    return {
      id: 'rel-prop',
      type: r.type,
      metadata: { ...r.meta, releaseDate: r.releaseDate },
      tracks,
      assets: {
        audio: r.tracks.map((t, i) => ({ id: `aud-${i}`, ...t.audio })),
        images: r.images.map((img, i) => ({ id: `img-${i}`, ...img })),
      },
      territories: r.territories,
      rights: r.rights,
      ...(r.deals ? { deals: r.deals } : {}),
      ...(r.profile ? { ddex: { profile: r.profile } } : {}),
    };
  });

/** Releases the model accepts (inputs the model rejects, e.g. inconsistent parental warnings, are skipped). */
export const release382: fc.Arbitrary<Release> = releaseInput382
  .map((input) => parseRelease(input))
  .filter((r) => r.success)
  .map((r) => (r as { data: Release }).data);

/** Message options: kind, takedown method, control type. */
export const options382 = (base: WriteErnOptions): fc.Arbitrary<WriteErnOptions> =>
  fc
    .record({
      kind: fc.constantFrom('NewRelease', 'Update', 'Takedown') as fc.Arbitrary<'NewRelease' | 'Update' | 'Takedown'>,
      takedownMethod: fc.constantFrom('EndDatedDeal', 'EmptyDealList', 'Purge') as fc.Arbitrary<
        'EndDatedDeal' | 'EmptyDealList' | 'Purge'
      >,
      messageControlType: fc.constantFrom('Live', 'Test') as fc.Arbitrary<'Live' | 'Test'>,
    })
    .map((o) => ({ ...base, ...o }));
