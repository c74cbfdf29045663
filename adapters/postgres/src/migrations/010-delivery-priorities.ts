/**
 * Schema version 10: delivery priorities. A job's `priority` (1 high, 0 normal, -1 low) orders the claim of due jobs
 * ahead of `run_at`, so the partial index of queued jobs leads with it and a claim reads it in claim order; the
 * delivery keeps the priority it was queued with, for its retries and the API. @internal
 */
export const MIGRATION_010 = `
ALTER TABLE jobs ADD COLUMN priority smallint NOT NULL DEFAULT 0;
DROP INDEX jobs_due;
CREATE INDEX jobs_due ON jobs (priority DESC, run_at, seq) WHERE status = 'queued';
ALTER TABLE deliveries ADD COLUMN priority text;
`;
