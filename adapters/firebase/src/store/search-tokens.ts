import { type ReleaseIndex, searchWords } from '@ddex/catalog-store';

/** Longest prefix kept per word: longer query words are cut to it for the index lookup and checked in full after. */
export const MAX_TOKEN_LENGTH = 20;

/**
 * The search tokens of a release, stored in its `searchTokens` array field: every prefix (1 to 20 characters) of
 * every word of the title, subtitle, display artist, label, track titles and artists, and of every code (UPC/EAN,
 * catalog number as written and without punctuation, GRid, ISRCs), lower-cased without diacritics.
 *
 * One `array-contains` on the longest query word finds the candidates through Firestore's automatic array index;
 * the other words, the ranking and words longer than 20 characters are checked on the candidates in the store.
 * So it matches what the reference store matches (every query word is the start of a word of the release), but it
 * cannot match inside a word (`ights` does not find `Lights`), has no stemming, typo tolerance or phrase search, and
 * a very common longest word reads many candidates (at most `maxCandidates`).
 */
export function searchTokens(index: ReleaseIndex): string[] {
  const tokens = new Set<string>();
  for (const word of [...searchWords(index.text), ...searchWords(index.codes)]) {
    const top = Math.min(word.length, MAX_TOKEN_LENGTH);
    for (let n = 1; n <= top; n++) tokens.add(word.slice(0, n));
  }
  return [...tokens];
}

/** The token to look candidates up by: the longest query word, cut to {@link MAX_TOKEN_LENGTH}. */
export function lookupToken(queryWords: string[]): string | null {
  let best: string | null = null;
  for (const w of queryWords) if (best === null || w.length > best.length) best = w;
  return best === null ? null : best.slice(0, MAX_TOKEN_LENGTH);
}
