import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AssetStore, BackoffOptions, CatalogStore, Clock, StoreLogger } from '@ddex/catalog-store';
import { CatalogStoreError } from '@ddex/catalog-store';
import Database from 'better-sqlite3';
import { SqliteContext } from './context';
import { fsAssets } from './fs-assets';
import { MIGRATIONS, type Migration, migrate } from './migrations';
import { sqliteApiKeys, sqliteAudit } from './sqlite-access';
import { sqliteDeliveries } from './sqlite-deliveries';
import { sqliteTenants, sqliteUsers } from './sqlite-identity';
import { sqliteQueue } from './sqlite-queue';
import { sqliteReleases } from './sqlite-releases';
import { sqliteTargets } from './sqlite-targets';

/** Options of {@link sqliteStore}. */
export interface SqliteStoreOptions {
  /**
   * Data directory: the database is `<dataDir>/catalog.db`, files go to `<dataDir>/assets/`. Give this, or `filename`
   * (and then `assets` or `assetsDir`).
   */
  dataDir?: string;
  /** database file (`:memory:` for a throwaway store); overrides the one under `dataDir` */
  filename?: string;
  /** directory of the filesystem asset store; overrides the one under `dataDir` */
  assetsDir?: string;
  /** another asset store (e.g. S3) instead of the filesystem */
  assets?: AssetStore;
  /**
   * Time source (ms since the epoch); tests pass a fake clock.
   * @default Date.now
   */
  clock?: Clock;
  /** backoff of failed queue jobs */
  backoff?: BackoffOptions;
  /**
   * How long a write waits for another process holding the database lock before failing with SQLITE_BUSY.
   * @default 5000
   */
  busyTimeoutMs?: number;
  /**
   * SQLite `synchronous` level. `FULL` makes every committed transaction survive a power cut; `NORMAL` (with WAL)
   * survives process crashes but may lose the last transactions on power loss.
   * @default 'FULL'
   */
  synchronous?: 'FULL' | 'NORMAL';
  /**
   * Bytes of the database file read through a memory map (SQLite `mmap_size`; 0 turns it off). Reads then copy no
   * pages through the page cache: a catalog page of 50 rows scattered over a large file costs about half as much.
   * Writes still go through the WAL.
   * @default 1 GiB
   */
  mmapBytes?: number;
  /** receives debug notes (migrations applied); the store never writes to the console */
  logger?: StoreLogger;
  /** @internal migrations to apply (tests open a store at an older schema) */
  migrations?: readonly Migration[];
}

/** A SQLite catalog store, with access to its connection. */
export interface SqliteCatalogStore extends CatalogStore {
  /** the better-sqlite3 connection (escape hatch: backups, `PRAGMA`s, ad-hoc reads) */
  getInstance(): Database.Database;
  /** Merges the full-text index's segments after a bulk import (one-off work; searches then read fewer pages). */
  optimize(): Promise<void>;
}

/**
 * The embedded default catalog store: one SQLite file in WAL mode (better-sqlite3, one connection per store, write
 * transactions taken IMMEDIATE with a busy timeout), FTS5 full-text search, versioned migrations applied on open,
 * and files on the local filesystem written atomically.
 *
 * @example
 * const store = sqliteStore({ dataDir: './data' });
 * await store.tenants.create(tenant);
 */
export function sqliteStore(options: SqliteStoreOptions): SqliteCatalogStore {
  const filename = options.filename ?? (options.dataDir ? join(options.dataDir, 'catalog.db') : undefined);
  if (!filename) throw new CatalogStoreError('INVALID_ARGUMENT', 'sqliteStore: give `dataDir` or `filename`');
  const assetsDir = options.assetsDir ?? (options.dataDir ? join(options.dataDir, 'assets') : undefined);
  if (!options.assets && !assetsDir) {
    throw new CatalogStoreError('INVALID_ARGUMENT', 'sqliteStore: give `dataDir`, `assetsDir` or `assets`');
  }
  if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
  const clock = options.clock ?? Date.now;
  const mmapBytes = options.mmapBytes ?? 1024 ** 3;
  if (!Number.isSafeInteger(mmapBytes) || mmapBytes < 0) {
    throw new CatalogStoreError('INVALID_ARGUMENT', 'sqliteStore: `mmapBytes` must be a whole number >= 0');
  }

  const db = new Database(filename, { timeout: options.busyTimeoutMs ?? 5000 });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
    db.pragma('foreign_keys = ON');
    db.pragma(`mmap_size = ${mmapBytes}`);
    const result = migrate(db, options.migrations ?? MIGRATIONS, clock);
    if (result.applied.length > 0) options.logger?.debug?.('sqlite catalog migrated', { ...result });
  } catch (error) {
    db.close();
    throw error;
  }

  const ctx = new SqliteContext(db, clock, { ...options.backoff });
  const assets = options.assets ?? fsAssets({ root: assetsDir!, clock });
  return {
    name: 'sqlite',
    capabilities: { fullTextSearch: true, multiProcess: true },
    tenants: sqliteTenants(ctx),
    users: sqliteUsers(ctx),
    apiKeys: sqliteApiKeys(ctx),
    releases: sqliteReleases(ctx),
    assets,
    targets: sqliteTargets(ctx),
    deliveries: sqliteDeliveries(ctx),
    queue: sqliteQueue(ctx),
    audit: sqliteAudit(ctx),
    getInstance: () => db,
    async optimize() {
      if (ctx.closed) return;
      // a bulk import leaves FTS5 many small index segments, each searched per query: merge them into one
      // (about 2 s of one-off work at 100,000 releases; search then reads a quarter of the pages)
      db.prepare("INSERT INTO releases_fts (releases_fts) VALUES ('optimize')").run();
      db.pragma('optimize');
    },
    async close() {
      if (ctx.closed) return;
      ctx.closed = true;
      db.close();
      await assets.close?.();
    },
  };
}
