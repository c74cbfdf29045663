/**
 * @module
 * The PostgreSQL catalog store of DDEX Distro (`@ddex/adapter-postgres`): releases, deliveries, the delivery queue
 * and identity on PostgreSQL with versioned migrations, full-text search, row-level security per tenant and a
 * `FOR UPDATE SKIP LOCKED` job queue; files in S3 through `s3AssetStore` (also at `@ddex/adapter-postgres/s3`).
 *
 * @example
 * import { postgresStore, s3AssetStore } from '@ddex/adapter-postgres';
 * const store = postgresStore({ connectionString: process.env.DATABASE_URL, assets: s3AssetStore({ bucket: 'ddex' }) });
 * await store.ready();
 */
export { ALL_TENANTS_SCOPE, API_KEY_SETTING, TENANT_SETTING } from './db';
export { MIGRATIONS, type MigrateResult, type Migration, migrate, SCHEMA_VERSION } from './migrations/migrate';
export type { PgClientLike, PgError, PgPoolLike, PgQueryable, PgResult } from './pg-types';
export {
  openPostgresStore,
  type PostgresStore,
  type PostgresStoreOptions,
  postgresStore,
} from './postgres-store';
export { type S3AssetStore, type S3AssetStoreOptions, s3AssetStore } from './s3/s3-asset-store';
