import {
  ARTIST_ROLES,
  AUDIO_FORMATS,
  COMMERCIAL_MODELS,
  CONTRIBUTOR_ROLES,
  gs1CheckDigit,
  IMAGE_FORMATS,
  PARENTAL_WARNINGS,
  parseRelease,
  RELEASE_TYPES,
  type Release,
  type ReleaseInput,
  TERRITORY_CODES,
  toInstant,
  USE_TYPES,
  VIDEO_FORMATS,
  WRITER_ROLES,
} from '@ddex/ern-model';
import fc from 'fast-check';

// fast-check arbitraries for releases the model accepts, version-agnostic: every ERN writer's property test can
// use them. Values range over everything the model allows (any role, release type, commercial model, use type and
// territory of any ERN version), so writers meet values their version must write as UserDefined or leave out.

/** Characters texts are built from: ASCII, XML-special, non-ASCII, astral, whitespace and XML-forbidden ones. */
const TEXT_CHARS = [
  'a',
  'Z',
  '7',
  ' ',
  '&',
  '<',
  '>',
  '"',
  "'",
  ';',
  'ø',
  'Å',
  'é',
  'ß',
  '東',
  '京',
  '🎵',
  '\t',
  '\n',
  '\r',
  '\u0001',
  '\uFFFE',
  '\uD800',
  ']]>',
];

/** A non-empty text with XML-special, non-ASCII and forbidden characters mixed in. */
export const textArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom(...TEXT_CHARS), minLength: 1, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }) },
);

const pick = <T>(values: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...values);
const TERRITORIES = [...TERRITORY_CODES].filter((t) => t !== 'Worldwide');

/** A calendar date (YYYY-MM-DD) between 2000 and 2030. */
export const dateArb: fc.Arbitrary<string> = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

/** A date or a date-time (with or without seconds, with Z or an offset). */
export const dateOrDateTimeArb: fc.Arbitrary<string> = fc.oneof(
  dateArb,
  fc
    .tuple(
      dateArb,
      fc.integer({ min: 0, max: 23 }),
      fc.integer({ min: 0, max: 59 }),
      pick(['Z', '+01:00', '-05:00', ':30Z']),
    )
    .map(([d, h, m, tz]) => `${d}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}${tz}`),
);

const partyIdsArb = fc.option(
  fc.record(
    {
      ipi: fc.stringMatching(/^[0-9]{9,11}$/),
      proprietary: fc.array(fc.record({ namespace: textArb, value: textArb }), { minLength: 1, maxLength: 2 }),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);

const artistArb = fc.record({ name: textArb, role: pick(ARTIST_ROLES), ids: partyIdsArb });
const contributorArb = fc.record({
  name: textArb,
  role: pick(CONTRIBUTOR_ROLES),
  instrument: fc.option(pick(['Piano', 'Guitar', 'Kazoo & <Spoons>']), { nil: undefined }),
});
const writerArb = fc.record({ name: textArb, role: pick(WRITER_ROLES) });
const lineArb = fc.record({ year: fc.integer({ min: 1950, max: 2030 }), text: textArb });

const territoriesArb = fc.oneof(
  fc.record({ included: fc.uniqueArray(pick(TERRITORIES), { minLength: 1, maxLength: 5 }) }),
  fc.record({
    included: fc.constant<string[]>(['Worldwide']),
    excluded: fc.uniqueArray(pick(TERRITORIES), { maxLength: 4 }),
  }),
);

/** A validity period whose end (when present) is after its start. */
const periodArb = fc
  .tuple(dateOrDateTimeArb, fc.option(fc.integer({ min: 2, max: 2000 }), { nil: undefined }))
  .map(([start, days]) => {
    if (days === undefined) return { startDate: start };
    const end = new Date(toInstant(start) + days * 86_400_000);
    return { startDate: start, endDate: end.toISOString().slice(0, 10) };
  });

const dealArb = fc
  .tuple(
    territoriesArb,
    periodArb,
    fc.option(textArb, { nil: undefined }),
    fc.uniqueArray(pick(COMMERCIAL_MODELS), { minLength: 1, maxLength: 3 }),
    fc.uniqueArray(pick(USE_TYPES), { minLength: 1, maxLength: 3 }),
  )
  .map(([territories, period, priceCode, commercialModels, useTypes]) => ({
    territories,
    ...period,
    priceCode,
    commercialModels,
    useTypes,
  }));

const trackMetaArb = fc.record(
  {
    title: textArb,
    subtitle: textArb,
    displayArtist: textArb,
    artists: fc.array(artistArb, { minLength: 1, maxLength: 3 }),
    duration: fc.integer({ min: 61, max: 3600 }),
    parentalWarning: pick(PARENTAL_WARNINGS),
    contributors: fc.array(contributorArb, { maxLength: 3 }),
    writers: fc.array(writerArb, { maxLength: 2 }),
    publishers: fc.array(fc.record({ name: textArb }), { maxLength: 1 }),
    pLine: lineArb,
    genre: fc.array(textArb, { minLength: 1, maxLength: 2 }),
    language: pick(['en', 'nb', 'pt-BR', 'zh-Hant-TW', 'ja']),
    workTitle: textArb,
    proprietaryIds: fc.array(fc.record({ namespace: textArb, value: textArb }), { minLength: 1, maxLength: 1 }),
  },
  { requiredKeys: ['title', 'displayArtist', 'duration'] },
);

/** How many discs and tracks, and what each track is: audio or video, with or without a preview. */
const layoutArb = fc.array(
  fc.record({ disc: fc.integer({ min: 1, max: 2 }), video: fc.boolean(), preview: fc.boolean(), meta: trackMetaArb }),
  { minLength: 1, maxLength: 14 },
);

/** A release in the JSON import format that `parseRelease` accepts. */
export const releaseInputArb: fc.Arbitrary<ReleaseInput> = fc
  .record({
    type: pick(RELEASE_TYPES),
    layout: layoutArb,
    allVideo: fc.boolean(),
    title: textArb,
    subtitle: fc.option(textArb, { nil: undefined }),
    displayArtist: fc.oneof(textArb, fc.constant('Various Artists')),
    artists: fc.option(fc.array(artistArb, { minLength: 1, maxLength: 2 }), { nil: undefined }),
    releaseDate: dateArb,
    label: textArb,
    labelIds: partyIdsArb,
    catalogNumber: fc.option(textArb, { nil: undefined }),
    barcode: fc.option(
      fc.stringMatching(/^[0-9]{12}$/).map((b) => `${b}${gs1CheckDigit(b)}`),
      { nil: undefined },
    ),
    genre: fc.array(textArb, { minLength: 1, maxLength: 3 }),
    language: fc.option(pick(['en', 'de', 'nb-NO', 'sr-Latn']), { nil: undefined }),
    warning: fc.option(pick(['NoAdviceAvailable', 'Unknown'] as const), { nil: undefined }),
    pLine: fc.option(lineArb, { nil: undefined }),
    cLine: fc.option(lineArb, { nil: undefined }),
    keywords: fc.option(fc.array(textArb, { minLength: 1, maxLength: 2 }), { nil: undefined }),
    marketingComment: fc.option(textArb, { nil: undefined }),
    territories: territoriesArb,
    period: periodArb,
    priceCode: fc.option(textArb, { nil: undefined }),
    commercialModels: fc.uniqueArray(pick(COMMERCIAL_MODELS), { minLength: 1, maxLength: 3 }),
    useTypes: fc.uniqueArray(pick(USE_TYPES), { minLength: 1, maxLength: 3 }),
    deals: fc.option(fc.array(dealArb, { minLength: 1, maxLength: 3 }), { nil: undefined }),
    audioFormat: pick(AUDIO_FORMATS),
    imageFormat: pick(IMAGE_FORMATS),
    videoFormat: pick(VIDEO_FORMATS),
    withCover: fc.boolean(),
    md5AndSha: fc.boolean(),
  })
  .map((g): ReleaseInput => {
    const seqOnDisc = new Map<number, number>();
    type TrackIn = ReleaseInput['tracks'][number];
    const tracks = g.layout.map((t, i): TrackIn => {
      const seq = (seqOnDisc.get(t.disc) ?? 0) + 1;
      seqOnDisc.set(t.disc, seq);
      const video = g.allVideo || t.video;
      return {
        id: `trk-${i}`,
        sequenceNumber: seq,
        discNumber: t.disc,
        isrc: `QZES7${String(27_00000 + i).padStart(7, '0')}`,
        metadata: t.meta,
        ...(video ? { video: { fileId: `file-${i}` } } : { audio: { fileId: `file-${i}`, format: g.audioFormat } }),
        ...(t.preview ? { preview: { startTime: 10, duration: 30 } } : {}),
      };
    });
    const file = (i: number, ext: string) => ({
      id: `file-${i}`,
      fileName: `${i}&<x>.${ext}`,
      size: 1000 + i,
      md5: i.toString(16).padStart(32, 'a'),
      ...(g.md5AndSha ? { sha256: 'b'.repeat(64) } : {}),
    });
    const explicit = tracks.some((t) => t.metadata.parentalWarning === 'Explicit');
    return {
      id: 'rel-prop',
      type: g.type,
      metadata: {
        title: g.title,
        subtitle: g.subtitle,
        displayArtist: g.displayArtist,
        artists: g.artists,
        releaseDate: g.releaseDate,
        label: g.label,
        labelIds: g.labelIds,
        catalogNumber: g.catalogNumber,
        barcode: g.barcode,
        genre: g.genre,
        language: g.language,
        parentalWarning: explicit ? 'Explicit' : g.warning,
        pLine: g.pLine,
        cLine: g.cLine,
        keywords: g.keywords,
        marketingComment: g.marketingComment,
      },
      tracks,
      assets: {
        audio: tracks.flatMap((t, i) =>
          t.audio
            ? [
                {
                  ...file(i, 'flac'),
                  format: g.audioFormat,
                  sampleRate: 48000,
                  bitDepth: 24,
                  channels: 2,
                  duration: 200,
                },
              ]
            : [],
        ),
        videos: tracks.flatMap((t, i) =>
          t.video
            ? [{ ...file(i, 'mp4'), format: g.videoFormat, width: 1920, height: 1080, codec: 'AVC', frameRate: 25 }]
            : [],
        ),
        images: g.withCover
          ? [{ ...file(999, 'jpg'), id: 'cover', format: g.imageFormat, width: 1400, height: 1400 }]
          : [],
      },
      territories: g.territories,
      rights: { ...g.period, priceCode: g.priceCode, commercialModels: g.commercialModels, useTypes: g.useTypes },
      deals: g.deals,
    };
  });

/** A parsed release (`parseRelease(input).data`) for every generated input the model accepts. */
export const releaseArb: fc.Arbitrary<Release> = releaseInputArb
  .map((input) => parseRelease(input))
  .filter((r): r is Extract<ReturnType<typeof parseRelease>, { success: true }> => r.success)
  .map((r) => r.data);
