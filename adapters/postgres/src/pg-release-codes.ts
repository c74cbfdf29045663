// The release_codes table (migration 6): a release's search words that contain a digit, one row each, so code
// searches and ISRC lookups run on a B-tree that row-level security lets the planner use.

/** A word that belongs in release_codes; the migration's backfill applies the same test (`~ '[0-9]'`). */
const HAS_DIGIT = /[0-9]/;

/**
 * Highest code point: appended to a prefix, it bounds every word that starts with it (COLLATE "C" is byte order).
 * @internal
 */
export const MAX_CHAR = '\u{10FFFF}';

/**
 * The distinct code words of a release: its text and code words (as stored in `text_words`/`code_words`, i.e.
 * `searchWords` joined by spaces) that contain an ASCII digit. @internal
 */
export function releaseCodes(textWords: string, codeWords: string): string[] {
  const codes = new Set<string>();
  for (const words of [codeWords, textWords]) {
    for (const w of words.split(' ')) if (HAS_DIGIT.test(w)) codes.add(w);
  }
  return [...codes];
}

/**
 * The prefix range of release_codes that every match of the query words lies in, or null when no word has a digit
 * (those search by scanning). A word with a digit only prefixes words with a digit, all of which are in the table;
 * the longest such word is taken as the most selective. The caller still checks every word against the tsvector.
 * @internal
 */
export function codeRange(queryWords: string[]): { from: string; to: string } | null {
  let best: string | undefined;
  for (const w of queryWords) if (HAS_DIGIT.test(w) && w.length > (best?.length ?? 0)) best = w;
  return best === undefined ? null : { from: best, to: best + MAX_CHAR };
}

/** `seq IN (...)` of the releases that have a code in [$from, $to); `$t` is the tenant parameter. @internal */
export const seqInCodeRange = (t: string, from: string, to: string): string =>
  `seq IN (SELECT c.seq FROM release_codes c WHERE c.tenant_id = ${t} AND c.code >= ${from} AND c.code < ${to})`;

/** `seq IN (...)` of the releases that have one of the codes in the text[] parameter `$codes`. @internal */
export const seqWithCodes = (t: string, codes: string): string =>
  `seq IN (SELECT c.seq FROM release_codes c WHERE c.tenant_id = ${t} AND c.code = ANY(${codes}::text[]))`;

/**
 * CTEs that bring release_codes in step with the updated releases of CTE `written` (columns seq, id), whose new
 * codes are in `source` (columns id, codes text[]): they delete the codes a release no longer has and add the new
 * ones. Disjoint sets, so the two never touch one row, whichever PostgreSQL runs first. @internal
 */
export const syncCodesCtes = (tenant: string, written: string, source: string): string => `
  codes_gone AS (DELETE FROM release_codes c USING ${written} w JOIN ${source} s ON s.id = w.id
    WHERE c.tenant_id = ${tenant} AND c.seq = w.seq AND c.code <> ALL (s.codes)),
  codes_new AS (INSERT INTO release_codes (tenant_id, code, seq)
    SELECT ${tenant}, x.code, w.seq
    FROM ${written} w JOIN ${source} s ON s.id = w.id CROSS JOIN unnest(s.codes) AS x(code)
    ON CONFLICT DO NOTHING)`;

/** CTE that adds the codes of freshly inserted releases (no old codes to delete, no conflicts). @internal */
export const insertCodesCte = (tenant: string, written: string, source: string): string => `
  codes_new AS (INSERT INTO release_codes (tenant_id, code, seq)
    SELECT ${tenant}, x.code, w.seq
    FROM ${written} w JOIN ${source} s ON s.id = w.id CROSS JOIN unnest(s.codes) AS x(code))`;
