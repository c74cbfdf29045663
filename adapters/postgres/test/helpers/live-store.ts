import { memoryAssets } from '@ddex/catalog-store';
import { makeTenant } from '@ddex/catalog-store/testing';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { MIGRATIONS, openPostgresStore, type PostgresStore } from '../../src/index';
import { PG_URL } from './live';
import { createTestDatabase, type TestDatabase } from './pg-database';

/** A live suite's database: the store's own pool, a superuser pool to look under row-level security, the store. */
export interface LiveStore {
  db: TestDatabase;
  /** the store's role (row-level security applies) */
  app: pg.Pool;
  /** a superuser on the same database (sees every tenant's rows) */
  admin: pg.Pool;
  store: PostgresStore;
  /** Runs `sql` as the store's role in a transaction of `tenant` on `schema`. */
  asApp(tenant: string, sql: string, values?: unknown[], schema?: string): Promise<pg.QueryResult>;
  /** Builds schema `old` at migration `version` as the store's role, exactly as migrate() would (upgrade tests). */
  schemaAtVersion(version: number): Promise<void>;
}

/**
 * Registers beforeAll/afterAll hooks that create a throwaway database with a store on it and the given tenants,
 * and drop it after the suite; the fields of the returned object are set once beforeAll has run. Call it inside a
 * `describe.skipIf(!PG_URL)`.
 */
export function useLiveStore(tenants: string[]): LiveStore {
  const live = {} as LiveStore;
  beforeAll(async () => {
    live.db = await createTestDatabase(PG_URL!);
    live.app = new pg.Pool({ connectionString: live.db.appUrl, max: 4 });
    live.admin = new pg.Pool({ connectionString: live.db.adminUrl, max: 2 });
    live.store = await openPostgresStore({ pool: live.app, assets: memoryAssets() });
    for (const t of tenants) await live.store.tenants.create(makeTenant(t));
  });
  afterAll(async () => {
    await live.store?.close();
    await live.app?.end();
    await live.admin?.end();
    await live.db?.drop();
  });
  live.asApp = async (tenant, sql, values = [], schema = 'ddex') => {
    const c = await live.app.connect();
    try {
      await c.query(`BEGIN; SELECT set_config('search_path', '${schema}', true)`);
      await c.query(`SELECT set_config('ddex.tenant_id', $1, true)`, [tenant]);
      const res = await c.query(sql, values);
      await c.query('COMMIT');
      return res;
    } catch (error) {
      await c.query('ROLLBACK');
      throw error;
    } finally {
      c.release();
    }
  };
  live.schemaAtVersion = async (version) => {
    const c = await live.app.connect();
    try {
      await c.query(`CREATE SCHEMA old; SET search_path = old;
        CREATE TABLE ddex_migrations (version integer PRIMARY KEY, name text NOT NULL,
          applied_at timestamptz NOT NULL DEFAULT now())`);
      for (const m of MIGRATIONS.filter((m) => m.version <= version)) {
        await c.query('BEGIN');
        await c.query(m.sql);
        await c.query('INSERT INTO ddex_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
        await c.query('COMMIT');
      }
    } finally {
      c.release(true); // its search_path is old's
    }
  };
  return live;
}
