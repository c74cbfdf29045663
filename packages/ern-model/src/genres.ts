/**
 * @module
 * The genre taxonomy the apps offer (main genres with sub-genres, the set most DSPs share) and the per-target genre
 * mapping: a release keeps its genres as `[main, ...subGenres]`, a target may carry a `genreMap` that turns them
 * into the DSP's own genre names when its ERN is written. Zod-free.
 */

/** A main genre and its sub-genres. */
export interface GenreNode {
  /** the main genre, as written to GenreText */
  readonly name: string;
  /** its sub-genres, as written to SubGenre */
  readonly subGenres: readonly string[];
}

/** Main genres with their sub-genres: a two-level tree, alphabetical at each level. */
export const GENRE_TAXONOMY: readonly GenreNode[] = [
  { name: 'Alternative', subGenres: ['Grunge', 'Indie Rock', 'New Wave', 'Post-Punk', 'Shoegaze'] },
  { name: 'Blues', subGenres: ['Chicago Blues', 'Delta Blues', 'Electric Blues'] },
  { name: "Children's Music", subGenres: ['Lullabies', 'Sing-Along', 'Stories'] },
  { name: 'Christian & Gospel', subGenres: ['Contemporary Christian', 'Gospel', 'Praise & Worship'] },
  {
    name: 'Classical',
    subGenres: ['Baroque', 'Chamber Music', 'Choral', 'Contemporary Classical', 'Opera', 'Orchestral', 'Romantic'],
  },
  { name: 'Comedy', subGenres: ['Novelty', 'Stand-Up Comedy'] },
  { name: 'Country', subGenres: ['Americana', 'Bluegrass', 'Contemporary Country', 'Honky Tonk'] },
  {
    name: 'Dance/Electronic',
    subGenres: ['Ambient', 'Downtempo', 'Drum & Bass', 'Dubstep', 'Electro', 'House', 'Techno', 'Trance'],
  },
  { name: 'Easy Listening', subGenres: ['Lounge', 'Swing'] },
  { name: 'Folk', subGenres: ['Contemporary Folk', 'Singer/Songwriter', 'Traditional Folk'] },
  { name: 'Hip-Hop/Rap', subGenres: ['Alternative Rap', 'Drill', 'Gangsta Rap', 'Trap', 'UK Hip-Hop'] },
  { name: 'Jazz', subGenres: ['Bebop', 'Big Band', 'Contemporary Jazz', 'Fusion', 'Smooth Jazz', 'Vocal Jazz'] },
  { name: 'Latin', subGenres: ['Bachata', 'Latin Pop', 'Reggaeton', 'Regional Mexicano', 'Salsa'] },
  { name: 'Metal', subGenres: ['Black Metal', 'Death Metal', 'Heavy Metal', 'Metalcore', 'Thrash Metal'] },
  { name: 'New Age', subGenres: ['Meditation', 'Relaxation'] },
  { name: 'Pop', subGenres: ['Dance Pop', 'Indie Pop', 'K-Pop', 'Pop Rock', 'Synth-Pop', 'Teen Pop'] },
  { name: 'R&B/Soul', subGenres: ['Contemporary R&B', 'Funk', 'Motown', 'Neo-Soul'] },
  { name: 'Reggae', subGenres: ['Dancehall', 'Dub', 'Roots Reggae', 'Ska'] },
  { name: 'Rock', subGenres: ['Classic Rock', 'Hard Rock', 'Prog Rock', 'Psychedelic', 'Punk', 'Soft Rock'] },
  { name: 'Soundtrack', subGenres: ['Film Score', 'Musicals', 'TV Soundtrack', 'Video Game'] },
  { name: 'Spoken Word', subGenres: ['Audiobooks', 'Poetry'] },
  { name: 'World', subGenres: ['African', 'Asian', 'Brazilian', 'Celtic', 'Middle Eastern'] },
];

/** Joins a main genre and a sub-genre into a `genreMap` key: `Classical > Baroque`. */
export const GENRE_PATH_SEPARATOR = ' > ';

/**
 * A target's genre mapping: our genre → the DSP's. A key is a main genre (`Rock`) or a main genre with a sub-genre
 * (`Classical > Baroque`); a value is the DSP's genre, optionally with its own sub-genre (`Classical > Early Music`).
 * Keys match without regard to case or surrounding blanks.
 */
export interface GenreMap {
  /** our genre (or `main > sub`) → the DSP's genre (or `main > sub`) */
  readonly genres: Readonly<Record<string, string>>;
  /** the DSP's genre for everything the map does not name; unmapped genres are reported when absent */
  readonly fallback?: string;
}

/** How a genre list was turned into the DSP's. */
export type GenreMappingSource =
  /** the target has no genre map: the genres go as they are */
  | 'unmapped-target'
  /** a `main > sub` key matched */
  | 'subgenre'
  /** the main genre's key matched */
  | 'genre'
  /** nothing matched; the map's fallback was used */
  | 'fallback'
  /** nothing matched and the map has no fallback: the genres go as they are, and this is worth a warning */
  | 'unmapped';

/** The outcome of {@link mapGenres}. */
export interface GenreMapping {
  /** the genres given */
  readonly from: readonly string[];
  /** the genres to write: `[main, ...subGenres]` */
  readonly to: readonly string[];
  /** which rule decided */
  readonly source: GenreMappingSource;
}

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/** Splits `main > sub` into `[main, sub]` (a plain genre into `[genre]`). */
export function splitGenrePath(path: string): string[] {
  return path
    .split('>')
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, 2);
}

/**
 * Maps a release's (or track's) genres, `[main, ...subGenres]`, through a target's genre map. The most specific
 * match wins: every `main > sub` key that matches gives a DSP genre (those sharing the first one's main genre are
 * kept as its sub-genres); without one, the main genre's key; then the fallback. When nothing matches, the genres
 * are kept and `source` is `unmapped`.
 * @example
 * mapGenres(['Classical', 'Baroque'], { genres: { Classical: 'Classical Music' } })
 * // → { from: ['Classical', 'Baroque'], to: ['Classical Music'], source: 'genre' }
 */
export function mapGenres(genres: readonly string[], map: GenreMap | undefined): GenreMapping {
  const from = [...genres];
  if (!map) return { from, to: from, source: 'unmapped-target' };
  const table = new Map(Object.entries(map.genres).map(([k, v]) => [norm(k), v]));
  const [main, ...subs] = from;
  if (main === undefined) return { from, to: from, source: 'unmapped' };
  const hits = subs
    .map((sub) => table.get(norm(`${main}${GENRE_PATH_SEPARATOR}${sub}`)))
    .filter((v): v is string => v !== undefined)
    .map(splitGenrePath)
    .filter((p) => p.length > 0);
  if (hits.length > 0) {
    const dspMain = hits[0]![0]!;
    const dspSubs = hits.filter((p) => p[0] === dspMain && p[1] !== undefined).map((p) => p[1]!);
    return { from, to: [dspMain, ...new Set(dspSubs)], source: 'subgenre' };
  }
  const direct = table.get(norm(main));
  if (direct !== undefined && splitGenrePath(direct).length > 0) {
    return { from, to: splitGenrePath(direct), source: 'genre' };
  }
  if (map.fallback !== undefined && splitGenrePath(map.fallback).length > 0) {
    return { from, to: splitGenrePath(map.fallback), source: 'fallback' };
  }
  return { from, to: from, source: 'unmapped' };
}

/** True when `genres` (`[main, sub?]`) names a main genre, or a sub-genre under its own main genre, of the tree. */
export function isKnownGenre(genres: readonly string[], taxonomy: readonly GenreNode[] = GENRE_TAXONOMY): boolean {
  const [main, sub] = genres;
  const node = taxonomy.find((n) => n.name === main);
  return node !== undefined && (sub === undefined || node.subGenres.includes(sub));
}
