import { type Release, toInstant } from '@ddex/ern-model';

/** One difference between two releases: where, and the two values. */
export interface ReleaseDifference {
  /** path in the comparison view, e.g. `tracks.2.duration` or `deals.0.useTypes` */
  readonly path: string;
  readonly a: unknown;
  readonly b: unknown;
}

const ARTIST_ROLES = new Set(['MainArtist', 'FeaturedArtist']);
// the same role under its ERN 3.8.2 and ERN 4 names
const ROLE_ALIASES: Readonly<Record<string, string>> = { StudioProducer: 'Producer' };
const role = (r: string) => ROLE_ALIASES[r] ?? r;
const sortStrings = (values: readonly string[]) => [...values].sort();
const when = (value: string | undefined) => (value === undefined ? undefined : toInstant(value));

function artists(
  list: Release['metadata']['artists'],
  contributors: { name: string; role: string }[],
  display: string,
) {
  if (list !== undefined && list.length > 0) return list.map((a) => `${a.name}|${a.role}`);
  const credited = contributors.filter((c) => ARTIST_ROLES.has(c.role)).map((c) => `${c.name}|${c.role}`);
  return credited.length > 0 ? credited : [`${display}|MainArtist`];
}

function deals(release: Release) {
  const source =
    release.deals !== undefined && release.deals.length > 0
      ? release.deals
      : [{ territories: release.territories, ...release.rights }];
  // deals that differ only in commercial models and use types are one offer (writers split them, readers merge)
  const merged = new Map<string, { models: Set<string>; uses: Set<string>; price: Set<string> }>();
  for (const d of source) {
    const key = JSON.stringify([
      sortStrings(d.territories.included),
      sortStrings(d.territories.excluded),
      when(d.startDate),
      when(d.endDate) ?? null,
      d.distributionChannels === undefined ? null : sortStrings(d.distributionChannels),
      d.preOrder ?? null,
      when(d.displayStartDate) ?? null,
    ]);
    const entry = merged.get(key) ?? { models: new Set(), uses: new Set(), price: new Set() };
    for (const m of d.commercialModels) entry.models.add(m);
    for (const u of d.useTypes) entry.uses.add(u);
    if (d.priceCode !== undefined) entry.price.add(d.priceCode);
    merged.set(key, entry);
  }
  return [...merged.entries()]
    .map(([key, e]) => ({
      when: key,
      commercialModels: sortStrings([...e.models]),
      useTypes: sortStrings([...e.uses]),
      priceCodes: sortStrings([...e.price]),
    }))
    .sort((x, y) => (x.when < y.when ? -1 : x.when > y.when ? 1 : 0));
}

/**
 * The sort name of each party name (`name|sortName`): in ERN 4 a sort name belongs to the party, so one given to
 * one credit of a name is every credit's after a write and a read.
 */
function sortNames(release: Release): string[] {
  const out = new Map<string, string>();
  const add = (parties: readonly { name: string; sortName?: string | undefined }[] | undefined) => {
    for (const p of parties ?? []) if (p.sortName !== undefined && !out.has(p.name)) out.set(p.name, p.sortName);
  };
  add(release.metadata.artists);
  for (const t of release.tracks) {
    add(t.metadata.artists);
    add(t.metadata.contributors);
    add(t.metadata.writers);
  }
  return sortStrings([...out].map(([name, sortName]) => `${name}|${sortName}`));
}

function technical(release: Release) {
  const files = [
    ...release.assets.audio.map((a) => ({
      fileName: a.fileName,
      format: a.format,
      md5: a.md5?.toLowerCase(),
      sampleRate: a.sampleRate,
      bitDepth: a.bitDepth,
      channels: a.channels,
    })),
    ...release.assets.images.map((a) => ({
      fileName: a.fileName,
      format: a.format,
      md5: a.md5?.toLowerCase(),
      type: a.type,
      width: a.width,
      height: a.height,
    })),
    ...release.assets.videos.map((a) => ({
      fileName: a.fileName,
      format: a.format,
      md5: a.md5?.toLowerCase(),
      width: a.width,
      height: a.height,
    })),
  ];
  return files.sort((x, y) => (x.fileName < y.fileName ? -1 : x.fileName > y.fileName ? 1 : 0));
}

/**
 * The view of a release that must survive a write and a read: identifiers, titles (with their localized variants),
 * artists, credits and sort names, durations (whole seconds), dates, related releases, recording facts, deals
 * (territories, validity, commercial models, use types, price codes, channels, pre-order, display date) and the
 * technical details of its files. Ids, statuses, DDEX settings and asset ids are left out.
 */
export function comparisonView(release: Release) {
  const m = release.metadata;
  const tracks = [...release.tracks]
    .sort((x, y) => x.discNumber - y.discNumber || x.sequenceNumber - y.sequenceNumber)
    .map((t) => {
      const credits = [
        ...t.metadata.contributors.map((c) => `${c.name}|${role(c.role)}`),
        ...t.metadata.writers.map((w) => `${w.name}|${w.role}`),
        ...t.metadata.publishers.map((p) => `${p.name}|MusicPublisher`),
      ];
      return {
        disc: t.discNumber,
        sequence: t.sequenceNumber,
        isrc: t.isrc,
        title: t.metadata.title,
        subtitle: t.metadata.subtitle,
        displayArtist: t.metadata.displayArtist,
        artists: artists(t.metadata.artists, t.metadata.contributors, t.metadata.displayArtist),
        credits: sortStrings([...new Set(credits.filter((c) => !ARTIST_ROLES.has(c.split('|')[1] ?? '')))]),
        duration: Math.round(t.metadata.duration),
        parentalWarning: t.metadata.parentalWarning,
        iswc: t.metadata.iswc,
        preview: t.preview === undefined ? undefined : `${t.preview.startTime}+${t.preview.duration}`,
        file: (t.audio ?? t.video) === undefined ? undefined : 'yes',
        localizedTitles: t.metadata.localizedTitles,
        localizedDisplayArtists: t.metadata.localizedDisplayArtists,
        isInstrumental: t.metadata.isInstrumental,
        recordingDate: t.metadata.recordingDate,
      };
    });
  return {
    type: release.type,
    identifiers: { barcode: m.barcode, grid: m.grid, catalogNumber: m.catalogNumber },
    title: m.title,
    subtitle: m.subtitle,
    displayArtist: m.displayArtist,
    artists: artists(m.artists, [], m.displayArtist),
    label: m.label,
    releaseDate: m.releaseDate,
    originalReleaseDate: m.originalReleaseDate,
    genre: m.genre,
    parentalWarning: m.parentalWarning,
    pLine: m.pLine,
    cLine: m.cLine,
    localizedTitles: m.localizedTitles,
    localizedDisplayArtists: m.localizedDisplayArtists,
    relatedReleases: m.relatedReleases,
    sortNames: sortNames(release),
    tracks,
    deals: deals(release),
    technical: technical(release),
  };
}

function diff(a: unknown, b: unknown, path: string, out: ReleaseDifference[]): void {
  if (Object.is(a, b)) return;
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) diff(a[i], b[i], path === '' ? String(i) : `${path}.${i}`, out);
    return;
  }
  if (
    a !== null &&
    b !== null &&
    typeof a === 'object' &&
    typeof b === 'object' &&
    !Array.isArray(a) &&
    !Array.isArray(b)
  ) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys)
      diff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path === '' ? k : `${path}.${k}`, out);
    return;
  }
  out.push({ path, a, b });
}

/**
 * Compares two releases semantically (see {@link comparisonView}): empty when a release survived a write and a
 * read unchanged. Used by the round-trip tests of the readers and writers.
 * @example
 * expect(compareReleases(original, readBack)).toEqual([]);
 */
export function compareReleases(a: Release, b: Release): ReleaseDifference[] {
  const out: ReleaseDifference[] = [];
  diff(comparisonView(a), comparisonView(b), '', out);
  return out;
}
