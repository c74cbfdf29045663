/**
 * Schema version 6: search by code under row-level security, and a lighter import.
 *
 * - `release_codes` holds every search word of a release that contains an ASCII digit (UPC, ISRCs, catalog number,
 *   GRid, and any such word of the text), one row each. Its B-tree serves code searches and ISRC lookups by equality
 *   or prefix range: text comparisons are leakproof, so the planner uses it under RLS, where it could never use the
 *   full-text GIN index (`@@` is not leakproof, and only a superuser can mark it so). A query word with a digit only
 *   prefixes words with a digit, so this table alone finds every release such a word matches. COLLATE "C" makes the
 *   prefix range (`code >= w AND code < w || U+10FFFF`) byte order, whatever the database's collation.
 * - No foreign keys (to releases or tenants): their per-row checks tripled the cost of writing the codes (13 s
 *   more per 100,000 releases). The store keeps the rows in step in the same statement as each release write and
 *   delete; the `(seq)` index serves those deletes. A row left behind could only name a release seq that no longer
 *   exists (seqs are never reused), which the join to releases drops.
 * - The GIN index `releases_search` goes: under RLS no query of the store's role could use it, yet every write paid
 *   for it (about a third of the server's insert time). The tsvector column stays; searches filter and rank with it.
 * - Documents are compressed with lz4 when the server supports it: a fifth faster to write than pglz, and faster
 *   to read. Existing rows keep their pglz values until rewritten.
 *
 * The backfill lifts FORCE for its own transaction, since RLS would hide every row from it. @internal
 */
export const MIGRATION_006 = `
CREATE TABLE release_codes (
  tenant_id text NOT NULL,
  code text COLLATE "C" NOT NULL,
  seq bigint NOT NULL,
  PRIMARY KEY (tenant_id, code, seq)
);
CREATE INDEX release_codes_seq ON release_codes (seq);
ALTER TABLE release_codes ENABLE ROW LEVEL SECURITY;
ALTER TABLE release_codes FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON release_codes
  USING (tenant_id = current_setting('ddex.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('ddex.tenant_id', true));

ALTER TABLE releases NO FORCE ROW LEVEL SECURITY;
ALTER TABLE release_codes NO FORCE ROW LEVEL SECURITY;
INSERT INTO release_codes (tenant_id, code, seq)
  SELECT DISTINCT r.tenant_id, w.code, r.seq
  FROM releases r, regexp_split_to_table(r.text_words || ' ' || r.code_words, ' ') AS w(code)
  WHERE w.code ~ '[0-9]';
ALTER TABLE releases FORCE ROW LEVEL SECURITY;
ALTER TABLE release_codes FORCE ROW LEVEL SECURITY;

DROP INDEX releases_search;

DO $lz4$ BEGIN
  ALTER TABLE releases ALTER COLUMN doc SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
  NULL; -- a server built without lz4 keeps pglz
END $lz4$;
`;
