import type { Artist, Contributor, CopyrightLine, PartyIds, Publisher, Writer } from '@ddex/ern-model/values';
import type { Ern382Context } from './ern382-context';

// Small composites shared by resources, releases and the purge message.

const ISNI = { IsISNI: true } as const;
const DPID = { IsDPID: true } as const;
const IPI = { Namespace: 'IPI' } as const;
const WORLDWIDE = 'Worldwide';

/** Contributor roles that make a contributor a display artist when a track lists no artists. */
const DISPLAY_ROLES: ReadonlySet<string> = new Set(['MainArtist', 'FeaturedArtist', 'Artist']);

/** `<PartyName><FullName>…</FullName></PartyName>` then one `<PartyId>` per identifier. */
export function writePartyNameAndIds(ctx: Ern382Context, name: string, ids: PartyIds | undefined): void {
  const x = ctx.xml;
  x.open('PartyName').leaf('FullName', name).close();
  if (ids === undefined) return;
  if (ids.isni !== undefined) x.leaf('PartyId', ids.isni, ISNI);
  if (ids.dpid !== undefined) x.leaf('PartyId', ids.dpid, DPID);
  if (ids.ipi !== undefined) x.leaf('PartyId', ids.ipi, IPI);
  if (ids.proprietary) for (const p of ids.proprietary) x.leaf('PartyId', p.value, { Namespace: p.namespace });
}

/** A `DisplayArtist` (type Artist) with its role; `listPath.index` is the artist's path in the release. */
export function writeDisplayArtist(ctx: Ern382Context, artist: Artist, index: number, listPath: string): void {
  ctx.xml.open('DisplayArtist', { SequenceNumber: index + 1 });
  writePartyNameAndIds(ctx, artist.name, artist.ids);
  ctx.codedLeaf('ArtistRole', 'ArtistRole', artist.role, listPath, index, 'role');
  ctx.xml.close();
}

/** Display artists of a track: its artists, else its contributors with artist roles, else the display artist. */
export function trackArtists(meta: {
  artists?: readonly Artist[] | undefined;
  contributors: readonly Contributor[];
  displayArtist: string;
}): readonly Artist[] {
  if (meta.artists && meta.artists.length > 0) return meta.artists;
  const fromContributors = meta.contributors.filter((c) => DISPLAY_ROLES.has(c.role));
  if (fromContributors.length > 0) return fromContributors.map((c) => ({ name: c.name, role: c.role, ids: c.ids }));
  return [{ name: meta.displayArtist, role: 'MainArtist' }];
}

/** A `ResourceContributor` (DetailedResourceContributor). */
export function writeResourceContributor(ctx: Ern382Context, c: Contributor, index: number, listPath: string): void {
  ctx.xml.open('ResourceContributor', { SequenceNumber: index + 1 });
  writePartyNameAndIds(ctx, c.name, c.ids);
  ctx.codedLeaf('ResourceContributorRole', 'ResourceContributorRole', c.role, listPath, index, 'role');
  if (c.instrument !== undefined) ctx.xml.leaf('InstrumentType', c.instrument);
  ctx.xml.close();
}

/** An `IndirectResourceContributor`: a writer of the musical work, or a publisher (role MusicPublisher). */
export function writeIndirectContributor(
  ctx: Ern382Context,
  w: Writer | Publisher,
  role: string,
  sequence: number,
  listPath: string,
  index: number,
): void {
  ctx.xml.open('IndirectResourceContributor', { SequenceNumber: sequence });
  writePartyNameAndIds(ctx, w.name, w.ids);
  ctx.codedLeaf('IndirectResourceContributorRole', 'MusicalWorkContributorRole', role, listPath, index, 'role');
  ctx.xml.close();
}

/** `<ReferenceTitle>` with an optional SubTitle. */
export function writeReferenceTitle(ctx: Ern382Context, title: string, subtitle: string | undefined): void {
  ctx.xml.open('ReferenceTitle').leaf('TitleText', title).leaf('SubTitle', subtitle).close();
}

/** The FormalTitle and DisplayTitle pair the release profiles require. */
export function writeTitles(ctx: Ern382Context, title: string, subtitle: string | undefined): void {
  const x = ctx.xml;
  x.open('Title', { TitleType: 'FormalTitle' }).leaf('TitleText', title).leaf('SubTitle', subtitle).close();
  x.open('Title', { TitleType: 'DisplayTitle' }).leaf('TitleText', title).leaf('SubTitle', subtitle).close();
}

/** `<PLine>`. */
export function writePLine(ctx: Ern382Context, line: CopyrightLine | undefined): void {
  if (line === undefined) return;
  ctx.xml.open('PLine').leaf('Year', line.year).leaf('PLineText', line.text).close();
}

/** `<CLine>`. */
export function writeCLine(ctx: Ern382Context, line: CopyrightLine | undefined): void {
  if (line === undefined) return;
  ctx.xml.open('CLine').leaf('Year', line.year).leaf('CLineText', line.text).close();
}

/**
 * Genres: the main genre with the first sub-genre, and one more `<Genre>` (main genre + sub-genre) per further
 * sub-genre, since a 3.8.2 Genre holds a single SubGenre.
 */
export function writeGenres(ctx: Ern382Context, genres: readonly string[] | undefined): void {
  if (genres === undefined || genres.length === 0) return;
  const main = genres[0] as string;
  const x = ctx.xml;
  x.open('Genre').leaf('GenreText', main).leaf('SubGenre', genres[1]).close();
  for (let i = 2; i < genres.length; i++) x.open('Genre').leaf('GenreText', main).leaf('SubGenre', genres[i]).close();
}

/** `<TerritoryCode>Worldwide</TerritoryCode>`: metadata in this writer applies everywhere. */
export function writeWorldwide(ctx: Ern382Context): void {
  ctx.xml.leaf('TerritoryCode', WORLDWIDE);
}

/** `<ParentalWarningType>`; NoAdviceAvailable when the release does not say. */
export function writeParentalWarning(ctx: Ern382Context, warning: string | undefined, path: string): void {
  ctx.codedLeaf('ParentalWarningType', 'ParentalWarningType', warning ?? 'NoAdviceAvailable', path);
}
