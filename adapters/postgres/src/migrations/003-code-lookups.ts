/**
 * Schema version 3: UPC/EAN and GRid as plain columns with indexes, for looking releases up by code (imports match
 * incoming records on them). Plain text columns because text equality is leakproof: under row-level security the
 * planner only uses an index whose operator is leakproof, which `doc->'metadata'->>'barcode'` is not. The backfill
 * lifts FORCE for its own transaction, since RLS would hide every row from it. ISRC lookups use the full-text
 * index's candidates and then check the tracks. @internal
 */
export const MIGRATION_003 = `
ALTER TABLE releases ADD COLUMN barcode text, ADD COLUMN grid text;
ALTER TABLE releases NO FORCE ROW LEVEL SECURITY;
UPDATE releases SET barcode = nullif(doc->'metadata'->>'barcode', ''), grid = nullif(doc->'metadata'->>'grid', '');
ALTER TABLE releases FORCE ROW LEVEL SECURITY;
CREATE INDEX releases_tenant_barcode ON releases (tenant_id, barcode) WHERE barcode IS NOT NULL;
CREATE INDEX releases_tenant_grid ON releases (tenant_id, grid) WHERE grid IS NOT NULL;
`;
