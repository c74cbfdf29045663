import type { Release } from '@ddex/ern-model';

/** The columns a store indexes out of a release document. */
export interface ReleaseIndex {
  /** release id */
  id: string;
  /** release status */
  status: string;
  /** release type */
  type: string;
  /** title */
  title: string;
  /** display artist */
  displayArtist: string;
  /** label name */
  label: string | null;
  /** lower-cased label, for case-insensitive filtering */
  labelKey: string | null;
  /** release date YYYY-MM-DD */
  releaseDate: string | null;
  /** UPC/EAN */
  barcode: string | null;
  /** catalog number */
  catalogNumber: string | null;
  /** GRid */
  grid: string | null;
  /** number of tracks */
  trackCount: number;
  /** upper-cased ISRCs of the tracks */
  isrcs: string[];
  /** free text searched as words: title, artist, label, track titles and artists */
  text: string;
  /** the release-level part of `text`: title, subtitle, display artist, label */
  headline: string;
  /** the track-level part of `text`: track titles and display artists */
  trackText: string;
  /** codes searched as words: barcode, catalog number (as written and without punctuation), GRid, ISRCs */
  codes: string;
}

interface LooseRelease {
  id?: unknown;
  status?: unknown;
  type?: unknown;
  metadata?: Record<string, unknown>;
  tracks?: { isrc?: unknown; metadata?: Record<string, unknown> }[];
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** Extracts the indexed columns of a release; reads defensively so partial documents index too. */
export function releaseIndex(release: Release): ReleaseIndex {
  const r = release as unknown as LooseRelease;
  const m = r.metadata ?? {};
  const tracks = Array.isArray(r.tracks) ? r.tracks : [];
  const isrcs = [...new Set(tracks.map((t) => str(t?.isrc)?.toUpperCase()).filter((v): v is string => v !== null))];
  const label = str(m.label);
  const catalogNumber = str(m.catalogNumber);
  const headline = [str(m.title), str(m.subtitle), str(m.displayArtist), label].filter((v) => v !== null).join(' ');
  const trackText = tracks
    .flatMap((t) => [str(t?.metadata?.title), str(t?.metadata?.displayArtist)])
    .filter((v) => v !== null)
    .join(' ');
  const text = trackText === '' ? headline : `${headline} ${trackText}`;
  const codes = [str(m.barcode), catalogNumber, catalogNumber?.replace(/[^\p{L}\p{N}]/gu, ''), str(m.grid), ...isrcs]
    .filter((v) => v)
    .join(' ');
  return {
    id: String(r.id),
    status: str(r.status) ?? 'draft',
    type: str(r.type) ?? '',
    title: str(m.title) ?? '',
    displayArtist: str(m.displayArtist) ?? '',
    label,
    labelKey: label?.toLowerCase() ?? null,
    releaseDate: str(m.releaseDate)?.slice(0, 10) ?? null,
    barcode: str(m.barcode),
    catalogNumber,
    grid: str(m.grid),
    trackCount: tracks.length,
    isrcs,
    text,
    headline,
    trackText,
    codes,
  };
}

/** Splits text into search words: Unicode letters and digits, lower-cased, diacritics removed (like FTS5 unicode61). */
export function searchWords(text: string): string[] {
  return (
    text
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/**
 * Scores how well a release matches query words: 0 when some word matches no word of the release (prefix match),
 * otherwise a positive score that favours whole-word matches and code matches. The in-memory reference semantics.
 */
export function matchScore(index: ReleaseIndex, queryWords: string[]): number {
  if (queryWords.length === 0) return 0;
  const textWords = searchWords(index.text);
  const codeWords = searchWords(index.codes);
  let score = 0;
  for (const q of queryWords) {
    if (codeWords.includes(q)) score += 4;
    else if (textWords.includes(q)) score += 2;
    else if (textWords.some((w) => w.startsWith(q)) || codeWords.some((w) => w.startsWith(q))) score += 1;
    else return 0;
  }
  return score;
}
