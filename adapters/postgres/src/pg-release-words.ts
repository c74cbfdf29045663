// The release_words table (migration 9): a release's search words without a digit, one row each, so a search for a
// rare word reads B-tree ranges (which row-level security lets the planner use) instead of the tenant's releases.
// Words with a digit are in release_codes: together the two tables hold every search word of a release.
import { MAX_CHAR } from './pg-release-codes';

/** A word that belongs in release_codes instead; the migration's backfill applies the same test (`~ '[0-9]'`). */
const HAS_DIGIT = /[0-9]/;

/**
 * The words of a release that release_words holds: its text and code words (as stored in `text_words` /
 * `code_words`, i.e. `searchWords` joined by spaces) without an ASCII digit, except those that start a longer word
 * of the release (`night` beside `nights`, `cat` beside `cat0001`). A prefix query that matches one of those also
 * matches the longer word, which is in this table or release_codes, and searches read both. @internal
 */
export function releaseWords(textWords: string, codeWords: string): string[] {
  const all = [...new Set(`${textWords} ${codeWords}`.split(' '))].filter((w) => w !== '').sort();
  // sorted, the words that start with w come right after it
  return all.filter((w, i) => !HAS_DIGIT.test(w) && !all[i + 1]?.startsWith(w));
}

/**
 * A query word with more index rows than this (in release_words and release_codes) is common: the releases it is
 * in come early in a newest-first scan, which stops at the ranking window. Fewer, and fetching them is cheaper
 * than a scan that may read every release of the tenant. @internal
 */
export const COMMON_WORD_ROWS = 1000;

/** At most this many query words are probed (the longest, as the likeliest to be rare). */
const MAX_PROBED = 3;

/**
 * For a query without a digit (a word with one goes to release_codes), CTEs `probe` and `rare` (to follow `WITH`):
 * `rare` has one row, `seqs bigint[]`, the seqs of the releases that have a word starting with the query's rarest
 * word, or no row when every word is common; null when there is nothing to probe. `t` is the tenant's placeholder,
 * `param` adds a parameter and returns its placeholder. The caller still checks every word against the tsvector.
 * Each probed word reads at most {@link COMMON_WORD_ROWS} + 1 index rows: a prefix without a digit also starts codes
 * (`qz` of an ISRC), so both tables are read. Both CTEs are materialized, so each word is probed once. @internal
 */
export function rareWordCtes(t: string, queryWords: string[], param: (value: string) => string): string | null {
  if (queryWords.some((w) => HAS_DIGIT.test(w))) return null;
  const probed = [...new Set(queryWords)].sort((a, b) => b.length - a.length).slice(0, MAX_PROBED);
  if (probed.length === 0) return null;
  const rows = probed.map((w, i) => {
    const [from, to] = [param(w), param(w + MAX_CHAR)];
    // ORDER BY + LIMIT in each branch: index scans that stop early (with the LIMIT outside only, the planner read
    // the whole range of a common word with a parallel bitmap scan: 50 ms)
    return `(${i}, ARRAY((SELECT x.seq FROM release_words x WHERE x.tenant_id = ${t} AND x.word >= ${from}
        AND x.word < ${to} ORDER BY x.word LIMIT ${COMMON_WORD_ROWS + 1})
      UNION ALL (SELECT c.seq FROM release_codes c WHERE c.tenant_id = ${t} AND c.code >= ${from} AND c.code < ${to}
        ORDER BY c.code LIMIT ${COMMON_WORD_ROWS + 1})
      LIMIT ${COMMON_WORD_ROWS + 1}))`;
  });
  return `probe (i, seqs) AS MATERIALIZED (VALUES ${rows.join(', ')}),
    rare AS MATERIALIZED (SELECT seqs FROM probe WHERE cardinality(seqs) <= ${COMMON_WORD_ROWS}
      ORDER BY cardinality(seqs), i LIMIT 1)`;
}

/** The words of stored row `r` (its `text_words` and `code_words` columns), one row each, as `x(word)`. */
const storedWords = (r: string): string => `string_to_table(${r}.text_words || ' ' || ${r}.code_words, ' ') AS x(word)`;

/**
 * CTEs that bring release_words in step with the updated releases of CTE `written` (columns seq, id): `old` holds
 * the rows before the update (seq, text_words, code_words; read in the statement's snapshot) and `source` the new
 * words (columns id, words text[]). They delete the old words a release no longer has and add the new ones: disjoint
 * sets. The table has no `(seq)` index (it would be a second index to write on every import), so deletes look the
 * rows up by word. A concurrent update of the same release can leave a word of the version in between behind: a
 * false candidate that the tsvector check drops, never a missed match. @internal
 */
export const syncWordsCtes = (tenant: string, written: string, old: string, source: string): string => `
  words_gone AS (DELETE FROM release_words c
    USING ${written} w JOIN ${old} o ON o.seq = w.seq JOIN ${source} s ON s.id = w.id, ${storedWords('o')}
    WHERE c.tenant_id = ${tenant} AND c.word = x.word AND c.seq = w.seq AND x.word <> ALL (s.words)),
  words_new AS (INSERT INTO release_words (tenant_id, word, seq)
    SELECT ${tenant}, x.word, w.seq
    FROM ${written} w JOIN ${source} s ON s.id = w.id CROSS JOIN unnest(s.words) AS x(word)
    ON CONFLICT DO NOTHING)`;

/** CTE that adds the words of freshly inserted releases (no old words to delete, no conflicts). @internal */
export const insertWordsCte = (tenant: string, written: string, source: string): string => `
  words_new AS (INSERT INTO release_words (tenant_id, word, seq)
    SELECT ${tenant}, x.word, w.seq
    FROM ${written} w JOIN ${source} s ON s.id = w.id CROSS JOIN unnest(s.words) AS x(word))`;

/**
 * CTE that deletes the words of the releases deleted by CTE `deleted` (columns seq, text_words, code_words).
 * @internal
 */
export const deleteWordsCte = (tenant: string, deleted: string): string => `
  words_gone AS (DELETE FROM release_words c USING ${deleted} d, ${storedWords('d')}
    WHERE c.tenant_id = ${tenant} AND c.word = x.word AND c.seq = d.seq)`;
