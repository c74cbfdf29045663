/**
 * Schema version 11: release documents as `json`, i.e. the JSON text the store wrote, instead of `jsonb`.
 *
 * The store only ever reads a document whole (the fields it filters on have columns of their own; the ISRC lookup
 * and the archive walk the text), and reading a jsonb value means serialising its binary form back to text: 0.8 of
 * the 1.4 ms of server time of a list page of 51 documents. A json value is sent as stored. Writing one only checks
 * the text, where jsonb parsed it into its binary form: an import now takes a quarter less server time (with the
 * documents read by `json_array_elements`, see `pg-write-many.ts`). The text is a tenth shorter than jsonb's output
 * (no spaces after `:` and `,`) and a fifth smaller stored (lz4).
 *
 * The rewrite (12 s for 100,000 releases) turns each stored document into jsonb's text of it (same values; keys in
 * jsonb's order); documents written from then on keep the store's own text. Compression stays lz4 where the server
 * has it: changing the type resets it. @internal
 */
export const MIGRATION_011 = `
DO $json$ BEGIN
  ALTER TABLE releases ALTER COLUMN doc TYPE json USING doc::json, ALTER COLUMN doc SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
  ALTER TABLE releases ALTER COLUMN doc TYPE json USING doc::json; -- a server built without lz4 keeps pglz
END $json$;
`;
