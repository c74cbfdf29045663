/**
 * Schema version 12: releases by label and status, newest first. A list filtered by both walked the label's index
 * (migration 5) and fetched each row to test its status, about four rows for each one kept in a catalog of four
 * statuses; this index reads the kept rows only. The store compares a single status by equality, so the index
 * returns them in seq order. @internal
 */
export const MIGRATION_012 = `
CREATE INDEX releases_tenant_label_status_seq ON releases (tenant_id, label_key, status, seq)
  WHERE label_key IS NOT NULL;
`;
