import type { Release } from '@ddex/ern-model/values';
import type { Ern382Context } from './ern382-context';

/** A release field the 3.8.2 writer does not write: data 3.8.2 cannot carry, or catalog bookkeeping. */
export interface Ern382UnsupportedField {
  /** model path, `*` for every array item; covers the fields below it too (e.g. `assets.documents`) */
  readonly path: string;
  /** why it is not written */
  readonly reason: string;
  /** true when data is lost (reported as an `unsupported_field` issue); false for internal bookkeeping */
  readonly lossy: boolean;
  /** true when it is lost only in some cases, and the writer reports it while writing */
  readonly conditional?: boolean;
}

/** Which release fields the 3.8.2 writer writes (same shape as the ERN 4 writers' field support). */
export interface Ern382FieldSupport {
  /** leaf paths written into the message (`*` for array items) */
  readonly emitted: readonly string[];
  readonly unsupported: readonly Ern382UnsupportedField[];
}

const PARTY_IDS = (p: string): string[] => [
  `${p}.isni`,
  `${p}.ipi`,
  `${p}.dpid`,
  `${p}.proprietary.*.namespace`,
  `${p}.proprietary.*.value`,
];
const internal = (path: string, reason: string): Ern382UnsupportedField => ({ path, reason, lossy: false });

/**
 * The parity list (STYLE.md §13): every leaf of the model's `ReleaseSchema` is in `emitted` or covered by an
 * `unsupported` entry; the parity test derives the leaves from the schema and checks the emitted ones reach the XML.
 */
export const ERN382_FIELD_SUPPORT: Ern382FieldSupport = {
  emitted: [
    'type',
    'metadata.title',
    'metadata.subtitle',
    'metadata.displayArtist',
    'metadata.artists.*.name',
    'metadata.artists.*.role',
    ...PARTY_IDS('metadata.artists.*.ids'),
    'metadata.releaseDate',
    'metadata.originalReleaseDate',
    'metadata.label',
    'metadata.catalogNumber',
    'metadata.barcode',
    'metadata.grid',
    'metadata.proprietaryIds.*.namespace',
    'metadata.proprietaryIds.*.value',
    'metadata.genre.*',
    'metadata.language',
    'metadata.parentalWarning',
    'metadata.pLine.year',
    'metadata.pLine.text',
    'metadata.cLine.year',
    'metadata.cLine.text',
    'metadata.keywords.*',
    'metadata.marketingComment',
    'tracks.*.sequenceNumber',
    'tracks.*.discNumber',
    'tracks.*.isrc',
    'tracks.*.metadata.title',
    'tracks.*.metadata.subtitle',
    'tracks.*.metadata.displayArtist',
    'tracks.*.metadata.artists.*.name',
    'tracks.*.metadata.artists.*.role',
    ...PARTY_IDS('tracks.*.metadata.artists.*.ids'),
    'tracks.*.metadata.duration',
    'tracks.*.metadata.parentalWarning',
    'tracks.*.metadata.contributors.*.name',
    'tracks.*.metadata.contributors.*.role',
    'tracks.*.metadata.contributors.*.instrument',
    ...PARTY_IDS('tracks.*.metadata.contributors.*.ids'),
    'tracks.*.metadata.writers.*.name',
    'tracks.*.metadata.writers.*.role',
    ...PARTY_IDS('tracks.*.metadata.writers.*.ids'),
    'tracks.*.metadata.publishers.*.name',
    ...PARTY_IDS('tracks.*.metadata.publishers.*.ids'),
    'tracks.*.metadata.pLine.year',
    'tracks.*.metadata.pLine.text',
    'tracks.*.metadata.genre.*',
    'tracks.*.metadata.language',
    'tracks.*.metadata.iswc',
    'tracks.*.metadata.workTitle',
    'tracks.*.metadata.proprietaryIds.*.namespace',
    'tracks.*.metadata.proprietaryIds.*.value',
    'tracks.*.audio.format',
    'tracks.*.audio.bitrate',
    'tracks.*.audio.sampleRate',
    'tracks.*.audio.bitDepth',
    'tracks.*.audio.channels',
    'tracks.*.preview.startTime',
    'tracks.*.preview.duration',
    'assets.audio.*.fileName',
    'assets.audio.*.md5',
    'assets.audio.*.sha256',
    'assets.audio.*.format',
    'assets.audio.*.sampleRate',
    'assets.audio.*.bitDepth',
    'assets.audio.*.channels',
    'assets.audio.*.duration',
    'assets.audio.*.bitrate',
    'assets.audio.*.codec',
    'assets.images.*.id',
    'assets.images.*.fileName',
    'assets.images.*.md5',
    'assets.images.*.sha256',
    'assets.images.*.format',
    'assets.images.*.type',
    'assets.images.*.width',
    'assets.images.*.height',
    'territories.included.*',
    'territories.excluded.*',
    'rights.startDate',
    'rights.endDate',
    'rights.priceCode',
    'rights.commercialModels.*',
    'rights.useTypes.*',
    'deals.*.territories.included.*',
    'deals.*.territories.excluded.*',
    'deals.*.startDate',
    'deals.*.endDate',
    'deals.*.priceCode',
    'deals.*.commercialModels.*',
    'deals.*.useTypes.*',
    'tracks.*.metadata.isInstrumental',
    'tracks.*.metadata.recordingDate',
    'rights.distributionChannels.*',
    'rights.preOrder',
    'rights.displayStartDate',
    'deals.*.distributionChannels.*',
    'deals.*.preOrder',
    'deals.*.displayStartDate',
  ],
  unsupported: [
    { path: 'metadata.labelIds', reason: 'a 3.8.2 LabelName carries no party identifier', lossy: true },
    { path: 'tracks.*.video', reason: 'the 3.8.2 writer writes audio releases (no Video resources)', lossy: true },
    { path: 'assets.videos', reason: 'the 3.8.2 writer writes audio releases (no Video resources)', lossy: true },
    { path: 'assets.documents', reason: 'supplemental documents are not written by the 3.8.2 writer', lossy: true },
    {
      path: 'metadata.localizedTitles',
      reason:
        'localized titles are not written by the 3.8.2 writer (its ReleaseDetailsByTerritory/SoundRecordingDetailsByTerritory variants are not generated)',
      lossy: true,
    },
    {
      path: 'metadata.localizedDisplayArtists',
      reason:
        'localized names are not written by the 3.8.2 writer (its ReleaseDetailsByTerritory/SoundRecordingDetailsByTerritory variants are not generated)',
      lossy: true,
    },
    {
      path: 'tracks.*.metadata.localizedTitles',
      reason:
        'localized titles are not written by the 3.8.2 writer (its ReleaseDetailsByTerritory/SoundRecordingDetailsByTerritory variants are not generated)',
      lossy: true,
    },
    {
      path: 'tracks.*.metadata.localizedDisplayArtists',
      reason:
        'localized names are not written by the 3.8.2 writer (its ReleaseDetailsByTerritory/SoundRecordingDetailsByTerritory variants are not generated)',
      lossy: true,
    },
    { path: 'metadata.artists.*.sortName', reason: 'the 3.8.2 writer writes no FullNameIndexed', lossy: true },
    { path: 'tracks.*.metadata.artists.*.sortName', reason: 'the 3.8.2 writer writes no FullNameIndexed', lossy: true },
    {
      path: 'tracks.*.metadata.contributors.*.sortName',
      reason: 'the 3.8.2 writer writes no FullNameIndexed',
      lossy: true,
    },
    { path: 'tracks.*.metadata.writers.*.sortName', reason: 'the 3.8.2 writer writes no FullNameIndexed', lossy: true },
    { path: 'metadata.relatedReleases', reason: 'the 3.8.2 writer writes no RelatedRelease', lossy: true },
    { path: 'assets.audio.*.size', reason: 'a 3.8.2 File has no file size', lossy: true, conditional: true },
    { path: 'assets.images.*.size', reason: 'a 3.8.2 File has no file size', lossy: true, conditional: true },
    internal('id', 'catalog id; written only as a proprietary id when the release has no other identifier'),
    internal('tenantId', 'catalog bookkeeping'),
    internal('status', 'catalog bookkeeping'),
    internal('ddex', 'generation settings and state, not release data (the profile is read from here)'),
    internal('created', 'catalog bookkeeping'),
    internal('updated', 'catalog bookkeeping'),
    internal('createdBy', 'catalog bookkeeping'),
    internal('tracks.*.id', 'catalog id of the track'),
    internal('tracks.*.audio.fileId', 'link to the audio asset, written as that asset'),
    internal('assets.audio.*.id', 'catalog id of the file'),
    internal('assets.audio.*.storageKey', 'where the service stores the file'),
    internal('assets.images.*.storageKey', 'where the service stores the file'),
  ],
};

const PATTERNS = ERN382_FIELD_SUPPORT.unsupported
  .filter((f) => f.lossy && !f.conditional)
  .map((f) => ({ segments: f.path.split('.'), reason: f.reason }));

function visit(
  ctx: Ern382Context,
  value: unknown,
  segments: readonly string[],
  i: number,
  path: string,
  reason: string,
): void {
  if (value === undefined || value === null) return;
  if (i === segments.length) {
    if (Array.isArray(value)) for (let n = 0; n < value.length; n++) ctx.unsupported(`${path}.${n}`, reason);
    else ctx.unsupported(path, reason);
    return;
  }
  const seg = segments[i] as string;
  if (seg === '*') {
    if (Array.isArray(value))
      for (let n = 0; n < value.length; n++) visit(ctx, value[n], segments, i + 1, `${path}.${n}`, reason);
    return;
  }
  if (typeof value === 'object') {
    visit(ctx, (value as Record<string, unknown>)[seg], segments, i + 1, path === '' ? seg : `${path}.${seg}`, reason);
  }
}

/** Reports an `unsupported_field` issue for every value the release holds in an unconditionally lost field. */
export function reportUnsupported(ctx: Ern382Context, release: Release): void {
  for (const p of PATTERNS) visit(ctx, release, p.segments, 0, '', p.reason);
}
