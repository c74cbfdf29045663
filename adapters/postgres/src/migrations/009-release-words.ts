/**
 * Schema version 9: search for rare words under row-level security.
 *
 * `release_words` holds every search word of a release without an ASCII digit (the words with one are in
 * `release_codes`), one row per distinct word. A search word without a digit used to filter the tenant's releases
 * newest first: fast for a common word (the first 500 matches come early), a scan of every release for a word in a
 * few releases (150 ms at 100,000). Now, when the word is rare, its prefix range on this table's B-tree finds them,
 * under RLS like `release_codes` (text comparisons are leakproof; COLLATE "C" keeps the range in byte order).
 *
 * One index only, and no foreign keys, to keep the import cheap: the store deletes a release's rows by the words
 * its row held (`text_words`, `code_words`), in the same statement as each release write and delete, so no `(seq)`
 * index is needed. The backfill keeps every word without a digit (the store leaves out a word that starts a longer
 * word of the release; an extra row is harmless) and lifts FORCE for its own transaction, since RLS would hide every
 * row from it.
 * @internal
 */
export const MIGRATION_009 = `
CREATE TABLE release_words (
  tenant_id text NOT NULL,
  word text COLLATE "C" NOT NULL,
  seq bigint NOT NULL,
  PRIMARY KEY (tenant_id, word, seq)
);
ALTER TABLE release_words ENABLE ROW LEVEL SECURITY;
ALTER TABLE release_words FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON release_words
  USING (tenant_id = current_setting('ddex.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('ddex.tenant_id', true));

ALTER TABLE releases NO FORCE ROW LEVEL SECURITY;
ALTER TABLE release_words NO FORCE ROW LEVEL SECURITY;
INSERT INTO release_words (tenant_id, word, seq)
  SELECT DISTINCT r.tenant_id, w.word, r.seq
  FROM releases r, string_to_table(r.text_words || ' ' || r.code_words, ' ') AS w(word)
  WHERE w.word <> '' AND w.word !~ '[0-9]';
ALTER TABLE releases FORCE ROW LEVEL SECURITY;
ALTER TABLE release_words FORCE ROW LEVEL SECURITY;
`;
