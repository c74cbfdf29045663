import type { AssetStore, BackoffOptions, CatalogStore, Clock, StoreLogger } from '@ddex/catalog-store';
import { CatalogStoreError, invalidArgument } from '@ddex/catalog-store';
import pg from 'pg';
import { ERR, PgDb, STORE_NAME } from './db';
import { assertSchemaName, type MigrateResult, migrate } from './migrations/migrate';
import { pgApiKeys } from './pg-api-keys';
import { pgAudit } from './pg-audit';
import { pgDeliveries } from './pg-deliveries';
import { pgQueue } from './pg-queue';
import { pgReleases } from './pg-releases';
import { pgTargets } from './pg-targets';
import { pgTenants } from './pg-tenants';
import type { PgPoolLike } from './pg-types';
import { pgUsers } from './pg-users';

/** Options of {@link postgresStore}. Give either `pool` or `connectionString`. */
export interface PostgresStoreOptions {
  /** a pool to use (e.g. a shared `pg.Pool`); `close()` leaves it open */
  pool?: PgPoolLike;
  /** connection string of a pool the store creates (and ends on `close()`), e.g. `postgres://ddex@db/ddex` */
  connectionString?: string;
  /**
   * Connections of the pool the store creates.
   * @default 10
   */
  maxConnections?: number;
  /** the asset store for files, e.g. `s3AssetStore(...)`; closed by `close()` */
  assets: AssetStore;
  /**
   * Schema holding the tables (created by the first migration).
   * @default 'ddex'
   */
  schema?: string;
  /**
   * Apply pending migrations when the store opens. With `false` the store only checks the schema version and fails
   * with INCOMPATIBLE_SCHEMA when it differs (for deployments that migrate in a separate step).
   * @default true
   */
  migrate?: boolean;
  /**
   * Accept a connecting role that bypasses row-level security (a superuser or a BYPASSRLS role). Tenant isolation
   * then rests on the queries alone, so the store refuses such a role unless this is set.
   * @default false
   */
  allowRlsBypass?: boolean;
  /**
   * Time source (ms since the epoch) of timestamps, leases and backoff.
   * @default Date.now
   */
  clock?: Clock;
  /** backoff of failed queue jobs */
  backoff?: BackoffOptions;
  /** receives debug detail (migrations applied); the store never writes to the console */
  logger?: StoreLogger;
}

/** The PostgreSQL catalog store: a `CatalogStore` plus its lifecycle and an escape hatch to the pool. */
export interface PostgresStore extends CatalogStore {
  /** Opens the store: applies (or checks) migrations and checks the role; other calls do it on first use. */
  ready(): Promise<void>;
  /** The pool the store runs on. */
  getPool(): PgPoolLike;
  /** After a bulk import: VACUUM (ANALYZE) of the release and search tables (index-only lookups, fresh plans). */
  optimize(): Promise<void>;
}

/**
 * A catalog store on PostgreSQL with files in `options.assets` (S3 for a scale-out deployment). Many API and
 * worker processes on many machines can share one database: migrations take an advisory lock, the queue claims with
 * `FOR UPDATE SKIP LOCKED`, and every transaction carries its tenant for row-level security.
 *
 * @example
 * const store = postgresStore({
 *   connectionString: process.env.DATABASE_URL,
 *   assets: s3AssetStore({ bucket: 'ddex-assets' }),
 * });
 * await store.ready();
 */
export function postgresStore(options: PostgresStoreOptions): PostgresStore {
  if (!options || (options.pool === undefined) === (options.connectionString === undefined)) {
    throw invalidArgument('postgresStore needs exactly one of `pool` and `connectionString`', ERR);
  }
  if (!options.assets) throw invalidArgument('postgresStore needs `assets` (e.g. s3AssetStore(...))', ERR);
  const schema = options.schema ?? 'ddex';
  assertSchemaName(schema);
  const ownPool = options.pool === undefined;
  const pool: PgPoolLike = options.pool ?? createPool(options);
  const assets = options.assets;
  const db = new PgDb(pool, schema, options.clock ?? Date.now, async () => {
    // before migrating, so a refused role never creates (and owns) the tables
    if (!options.allowRlsBypass) await checkRole(pool);
    const result: MigrateResult = await migrate(pool, schema, { apply: options.migrate ?? true });
    if (result.applied.length > 0) options.logger?.debug?.('applied migrations', { schema, versions: result.applied });
  });
  return {
    name: STORE_NAME,
    capabilities: { fullTextSearch: true, multiProcess: true },
    tenants: pgTenants(db),
    users: pgUsers(db),
    apiKeys: pgApiKeys(db),
    releases: pgReleases(db),
    assets,
    targets: pgTargets(db),
    deliveries: pgDeliveries(db),
    queue: pgQueue(db, { ...options.backoff }),
    audit: pgAudit(db),
    async ready() {
      db.checkOpen();
      await db.open();
    },
    async optimize() {
      db.checkOpen();
      await db.open();
      // after a bulk import: a vacuumed table's visibility map lets the word and code lookups answer from their
      // indexes alone, and fresh statistics pick their plans; autovacuum gets there later, or never where it is off.
      // VACUUM cannot run in a transaction, so on a bare connection (the schema name is checked: a plain identifier)
      const client = await pool.connect();
      try {
        await client.query(`VACUUM (ANALYZE) ${schema}.releases, ${schema}.release_codes, ${schema}.release_words`);
      } finally {
        client.release();
      }
    },
    getPool: () => pool,
    async close() {
      if (db.closed) return;
      db.closed = true;
      await assets.close?.();
      if (ownPool) await pool.end();
    },
  };
}

/** Creates a store and waits until it is open (migrated and checked). */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const store = postgresStore(options);
  try {
    await store.ready();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

/** A pool of our own; an idle connection's error (e.g. a server restart) is reported, not thrown at the process. */
function createPool(options: PostgresStoreOptions): PgPoolLike {
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.maxConnections ?? 10 });
  pool.on('error', (error) => options.logger?.warn?.('idle PostgreSQL connection failed', { error: error.message }));
  return pool;
}

/** Refuses a connecting role for which row-level security would not apply. */
async function checkRole(pool: PgPoolLike): Promise<void> {
  const client = await pool.connect();
  try {
    const res = await client.query<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean }>(
      'SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user',
    );
    const role = res.rows[0];
    if (role && (role.rolsuper || role.rolbypassrls)) {
      throw new CatalogStoreError(
        'INVALID_ARGUMENT',
        `role "${role.rolname}" is a ${role.rolsuper ? 'superuser' : 'BYPASSRLS role'}, so row-level security would ` +
          'not isolate tenants; connect as a plain role (see the README) or set allowRlsBypass',
        ERR,
      );
    }
  } finally {
    client.release();
  }
}
