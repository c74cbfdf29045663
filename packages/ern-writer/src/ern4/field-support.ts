import type { Release } from '@ddex/ern-model/values';
import type { IssueLog } from './issues';

/** A field of the release model a version cannot carry, or does not write because it is not release data. */
export interface UnsupportedField {
  /** model path, `*` for every array item; covers the fields below it too (e.g. `assets.documents`) */
  readonly path: string;
  /** why it is not written */
  readonly reason: string;
  /** true when the data is lost (reported as an `unsupported_field` issue); false for internal bookkeeping */
  readonly lossy: boolean;
}

/**
 * Which release fields a version writes: every leaf field of the model's `ReleaseSchema` is in `emitted` or
 * covered by an `unsupported` entry; the parity test derives the leaves from the schema (STYLE.md §13).
 */
export interface FieldSupport {
  /** leaf paths the version writes (`*` for array items) */
  readonly emitted: readonly string[];
  readonly unsupported: readonly UnsupportedField[];
}

const PARTY_IDS = (p: string): string[] => [
  `${p}.isni`,
  `${p}.ipi`,
  `${p}.dpid`,
  `${p}.proprietary.*.namespace`,
  `${p}.proprietary.*.value`,
];
const FILE = (p: string): string[] => [`${p}.fileName`, `${p}.size`, `${p}.md5`, `${p}.sha256`, `${p}.format`];
const internal = (path: string, reason: string): UnsupportedField => ({ path, reason, lossy: false });

/** What the ERN 4 writers (4.2 and 4.3) write of a release. */
export const ERN4_FIELD_SUPPORT: FieldSupport = {
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
    ...PARTY_IDS('metadata.labelIds'),
    'metadata.catalogNumber',
    'metadata.barcode',
    'metadata.grid',
    'metadata.proprietaryIds.*.namespace',
    'metadata.proprietaryIds.*.value',
    'metadata.genre',
    'metadata.language',
    'metadata.parentalWarning',
    'metadata.pLine.year',
    'metadata.pLine.text',
    'metadata.cLine.year',
    'metadata.cLine.text',
    'metadata.keywords',
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
    'tracks.*.metadata.genre',
    'tracks.*.metadata.language',
    'tracks.*.metadata.iswc',
    'tracks.*.metadata.proprietaryIds.*.namespace',
    'tracks.*.metadata.proprietaryIds.*.value',
    'tracks.*.audio.format',
    'tracks.*.audio.bitrate',
    'tracks.*.audio.sampleRate',
    'tracks.*.audio.bitDepth',
    'tracks.*.audio.channels',
    'tracks.*.video.format',
    'tracks.*.preview.startTime',
    'tracks.*.preview.duration',
    ...FILE('assets.audio.*'),
    'assets.audio.*.sampleRate',
    'assets.audio.*.bitDepth',
    'assets.audio.*.channels',
    'assets.audio.*.duration',
    'assets.audio.*.bitrate',
    'assets.audio.*.codec',
    'assets.images.*.id',
    ...FILE('assets.images.*'),
    'assets.images.*.type',
    'assets.images.*.width',
    'assets.images.*.height',
    ...FILE('assets.videos.*'),
    'assets.videos.*.width',
    'assets.videos.*.height',
    'assets.videos.*.duration',
    'assets.videos.*.codec',
    'assets.videos.*.frameRate',
    'territories.included',
    'territories.excluded',
    'rights.startDate',
    'rights.endDate',
    'rights.priceCode',
    'rights.commercialModels',
    'rights.useTypes',
    'deals.*.territories.included',
    'deals.*.territories.excluded',
    'deals.*.startDate',
    'deals.*.endDate',
    'deals.*.priceCode',
    'deals.*.commercialModels',
    'deals.*.useTypes',
    // grown with the reader (issue 4): localized titles and names, sort names, related releases, deal extras
    'metadata.localizedTitles.*.title',
    'metadata.localizedTitles.*.subtitle',
    'metadata.localizedTitles.*.language',
    'metadata.localizedTitles.*.territory',
    'metadata.localizedDisplayArtists.*.name',
    'metadata.localizedDisplayArtists.*.language',
    'metadata.localizedDisplayArtists.*.territory',
    'tracks.*.metadata.localizedTitles.*.title',
    'tracks.*.metadata.localizedTitles.*.subtitle',
    'tracks.*.metadata.localizedTitles.*.language',
    'tracks.*.metadata.localizedTitles.*.territory',
    'tracks.*.metadata.localizedDisplayArtists.*.name',
    'tracks.*.metadata.localizedDisplayArtists.*.language',
    'tracks.*.metadata.localizedDisplayArtists.*.territory',
    'metadata.artists.*.sortName',
    'tracks.*.metadata.artists.*.sortName',
    'tracks.*.metadata.contributors.*.sortName',
    'tracks.*.metadata.writers.*.sortName',
    'tracks.*.metadata.isInstrumental',
    'tracks.*.metadata.recordingDate',
    'metadata.relatedReleases.*.relation',
    'metadata.relatedReleases.*.barcode',
    'metadata.relatedReleases.*.grid',
    'metadata.relatedReleases.*.isrc',
    'metadata.relatedReleases.*.catalogNumber',
    'metadata.relatedReleases.*.title',
    'metadata.relatedReleases.*.displayArtist',
    'metadata.relatedReleases.*.releaseDate',
    'rights.distributionChannels',
    'rights.preOrder',
    'deals.*.distributionChannels',
    'deals.*.preOrder',
  ],
  unsupported: [
    {
      path: 'tracks.*.metadata.workTitle',
      reason: 'ERN 4 NewReleaseMessage has no musical-work composite to carry a work title',
      lossy: true,
    },
    { path: 'assets.documents', reason: 'supplemental documents are not written by the ERN 4 writers', lossy: true },
    {
      path: 'rights.displayStartDate',
      reason: 'ERN 4 sets display dates per release in a ReleaseVisibility, not per deal; the writers do not write one',
      lossy: true,
    },
    {
      path: 'deals.*.displayStartDate',
      reason: 'ERN 4 sets display dates per release in a ReleaseVisibility, not per deal; the writers do not write one',
      lossy: true,
    },
    internal('id', 'catalog id; used only as a fallback proprietary id'),
    internal('tenantId', 'catalog bookkeeping'),
    internal('status', 'catalog bookkeeping'),
    internal('ddex', 'generation settings and state, not release data'),
    internal('created', 'catalog bookkeeping'),
    internal('updated', 'catalog bookkeeping'),
    internal('createdBy', 'catalog bookkeeping'),
    internal('tracks.*.id', 'catalog id of the track'),
    internal('tracks.*.audio.fileId', 'link to the audio asset, written as that asset'),
    internal('tracks.*.video.fileId', 'link to the video asset, written as that asset'),
    internal('assets.audio.*.id', 'catalog id of the file'),
    internal('assets.videos.*.id', 'catalog id of the file'),
    internal('assets.audio.*.storageKey', 'where the service stores the file'),
    internal('assets.images.*.storageKey', 'where the service stores the file'),
    internal('assets.videos.*.storageKey', 'where the service stores the file'),
  ],
};

type Segments = readonly string[];
const compiled = new WeakMap<FieldSupport, { path: string; segments: Segments; reason: string }[]>();

function lossyEntries(fields: FieldSupport): { path: string; segments: Segments; reason: string }[] {
  let entries = compiled.get(fields);
  if (entries === undefined) {
    entries = fields.unsupported
      .filter((f) => f.lossy)
      .map((f) => ({ path: f.path, segments: f.path.split('.'), reason: f.reason }));
    compiled.set(fields, entries);
  }
  return entries;
}

function visit(value: unknown, segments: Segments, i: number, path: string, found: string[]): void {
  if (value === undefined || value === null) return;
  if (i === segments.length) {
    if (Array.isArray(value)) for (let n = 0; n < value.length; n++) found.push(`${path}.${n}`);
    else found.push(path);
    return;
  }
  const segment = segments[i] as string;
  if (segment === '*') {
    if (Array.isArray(value))
      for (let n = 0; n < value.length; n++) visit(value[n], segments, i + 1, `${path}.${n}`, found);
    return;
  }
  if (typeof value === 'object') {
    visit(
      (value as Record<string, unknown>)[segment],
      segments,
      i + 1,
      path === '' ? segment : `${path}.${segment}`,
      found,
    );
  }
}

/** Adds an `unsupported_field` issue for every value the release holds in a lossy unsupported field. */
export function reportUnsupportedFields(release: Release, fields: FieldSupport, log: IssueLog): void {
  for (const entry of lossyEntries(fields)) {
    const found: string[] = [];
    visit(release, entry.segments, 0, '', found);
    for (const path of found)
      log.add('unsupported_field', path, `ERN ${log.version} cannot carry ${path}: ${entry.reason}.`);
  }
}
