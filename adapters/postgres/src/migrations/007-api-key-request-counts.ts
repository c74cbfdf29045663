/**
 * Schema version 7: requests per API key. Counted in memory by each process and added with the once-a-minute
 * `last_used_at` write (see `createApiKeyUseCounter` of `@ddex/catalog-store`), so authentication stays a read.
 * @internal
 */
export const MIGRATION_007 = `
ALTER TABLE api_keys ADD COLUMN request_count bigint NOT NULL DEFAULT 0;
`;
