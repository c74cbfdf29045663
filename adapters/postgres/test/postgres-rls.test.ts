import { ALL_TENANTS, isCatalogStoreError, memoryAssets } from '@ddex/catalog-store';
import { makeRelease, makeTenant } from '@ddex/catalog-store/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MIGRATIONS,
  migrate,
  openPostgresStore,
  type PostgresStore,
  postgresStore,
  SCHEMA_VERSION,
} from '../src/index';
import { PG_URL } from './helpers/live';
import { createTestDatabase, type TestDatabase } from './helpers/pg-database';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return isCatalogStoreError(error) ? error.code : `pg:${(error as { code?: string }).code ?? String(error)}`;
  }
  return 'resolved';
}

// Tenant isolation below the queries: row-level security on a plain role, migrations under concurrency, and the
// queue shared by several pools (processes) at once.
describe.skipIf(!PG_URL)('postgres store: RLS, migrations, many processes (live)', () => {
  let db: TestDatabase;
  let app: pg.Pool;
  let admin: pg.Pool;
  let store: PostgresStore;

  beforeAll(async () => {
    db = await createTestDatabase(PG_URL!);
    app = new pg.Pool({ connectionString: db.appUrl, max: 6 });
    admin = new pg.Pool({ connectionString: db.adminUrl, max: 2 });
    store = await openPostgresStore({ pool: app, assets: memoryAssets() });
    for (const t of ['rls-a', 'rls-b']) await store.tenants.create(makeTenant(t));
    await store.releases.create('rls-a', makeRelease(1, { title: 'Alpha Secret' }));
    await store.releases.create('rls-a', makeRelease(2));
    await store.releases.create('rls-b', makeRelease(1, { title: 'Beta' }));
    await store.audit.append('rls-a', { actor: 'u1', action: 'release.create' });
  });

  afterAll(async () => {
    await store?.close();
    await app?.end();
    await admin?.end();
    await db?.drop();
  });

  /** Runs `sql` as the store's own role inside a transaction scoped to `tenant` (or to none). */
  const asApp = async (tenant: string | null, sql: string, values: unknown[] = []) => {
    const c = await app.connect();
    try {
      await c.query('BEGIN');
      await c.query(`SELECT set_config('search_path', 'ddex', true)`);
      if (tenant !== null) await c.query(`SELECT set_config('ddex.tenant_id', $1, true)`, [tenant]);
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

  it('a query that forgets its tenant filter still sees only the transaction tenant’s rows', async () => {
    expect((await admin.query('SELECT count(*)::int AS n FROM ddex.releases')).rows[0].n).toBe(3);
    expect((await asApp(null, 'SELECT * FROM releases')).rows).toEqual([]);
    expect((await asApp(null, 'SELECT * FROM tenants')).rows).toEqual([]);
    const b = await asApp('rls-b', 'SELECT tenant_id, id FROM releases');
    expect(b.rows).toEqual([{ tenant_id: 'rls-b', id: 'rel-00001' }]);
    expect((await asApp('rls-b', 'SELECT * FROM audit_log')).rows).toEqual([]);
    expect(
      (await asApp('rls-b', `SELECT * FROM releases WHERE search @@ to_tsquery('simple', 'secret')`)).rows,
    ).toEqual([]);
  });

  it('writes are checked too: no inserting into, updating or deleting another tenant’s rows', async () => {
    const insert = asApp(
      'rls-b',
      `INSERT INTO audit_log (tenant_id, at, actor, action) VALUES ('rls-a', now(), 'x', 'forged')`,
    );
    expect(await codeOf(insert)).toBe('pg:42501');
    const update = await asApp('rls-b', `UPDATE releases SET version = 99 WHERE tenant_id = 'rls-a'`);
    expect(update.rowCount).toBe(0);
    const del = await asApp('rls-b', `DELETE FROM releases WHERE tenant_id = 'rls-a'`);
    expect(del.rowCount).toBe(0);
    const moved = asApp('rls-b', `UPDATE releases SET tenant_id = 'rls-a' WHERE tenant_id = 'rls-b'`);
    expect(await codeOf(moved)).toBe('pg:42501');
    expect((await store.releases.get('rls-a', 'rel-00001')).version).toBe(1);
    expect((await store.releases.list('rls-a')).items).toHaveLength(2);
  });

  it('the audit log refuses UPDATE and DELETE even for its owner', async () => {
    expect(await codeOf(asApp('rls-a', `UPDATE audit_log SET action = 'x'`))).toBe('pg:42501');
    expect(await codeOf(asApp('rls-a', 'DELETE FROM audit_log'))).toBe('pg:42501');
    expect((await store.audit.list('rls-a')).items.map((e) => e.action)).toEqual(['release.create']);
  });

  it('the store refuses a role that bypasses RLS unless allowed', async () => {
    const superuser = postgresStore({ connectionString: db.adminUrl, schema: 'su', assets: memoryAssets() });
    expect(await codeOf(superuser.ready())).toBe('INVALID_ARGUMENT');
    // refused before migrating: it created nothing
    expect((await admin.query(`SELECT to_regnamespace('su') AS s`)).rows[0].s).toBeNull();
    expect(await codeOf(superuser.releases.list('rls-a'))).toBe('INVALID_ARGUMENT');
    await superuser.close();
    const allowed = await openPostgresStore({
      connectionString: db.adminUrl,
      assets: memoryAssets(),
      allowRlsBypass: true,
    });
    expect((await allowed.releases.list('rls-a')).items).toHaveLength(2);
    await allowed.close();
    const role = await app.query('SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user');
    expect(role.rows[0]).toEqual({ rolsuper: false, rolbypassrls: false });
  });

  it('concurrent opens migrate a fresh schema exactly once; the version is recorded', async () => {
    const pools = Array.from({ length: 4 }, () => new pg.Pool({ connectionString: db.appUrl, max: 2 }));
    try {
      const results = await Promise.all(pools.map((pool) => migrate(pool, 'race')));
      expect(results.filter((r) => r.applied.length > 0)).toHaveLength(1);
      expect(results.every((r) => r.version === SCHEMA_VERSION)).toBe(true);
      const rows = await admin.query('SELECT version FROM race.ddex_migrations ORDER BY version');
      expect(rows.rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
      const stores = await Promise.all(
        pools.map((pool) => openPostgresStore({ pool, schema: 'race', assets: memoryAssets() })),
      );
      await stores[0]!.tenants.create(makeTenant('race-t'));
      expect((await stores[3]!.tenants.get('race-t')).id).toBe('race-t');
      await Promise.all(stores.map((s) => s.close()));
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  it('migrate: false only checks; a newer database is INCOMPATIBLE_SCHEMA', async () => {
    const unmigrated = postgresStore({ pool: app, schema: 'never', migrate: false, assets: memoryAssets() });
    expect(await codeOf(unmigrated.ready())).toBe('INCOMPATIBLE_SCHEMA');
    await admin.query('CREATE SCHEMA future; CREATE TABLE future.ddex_migrations (version int, name text)');
    await admin.query(`INSERT INTO future.ddex_migrations VALUES (${SCHEMA_VERSION + 1}, 'from the future')`);
    await admin.query(
      `ALTER SCHEMA future OWNER TO ${db.name}; ALTER TABLE future.ddex_migrations OWNER TO ${db.name}`,
    );
    const newer = postgresStore({ pool: app, schema: 'future', assets: memoryAssets() });
    expect(await codeOf(newer.ready())).toBe('INCOMPATIBLE_SCHEMA');
    expect(() => postgresStore({ pool: app, schema: 'Bad-Name', assets: memoryAssets() })).toThrow(/schema name/);
  });

  it('several processes (separate pools) share one queue: every job runs exactly once', async () => {
    const total = 120;
    for (let i = 0; i < total; i++) await store.queue.enqueue(i % 2 ? 'rls-a' : 'rls-b', { kind: 'mp', payload: i });
    const pools = Array.from({ length: 3 }, () => new pg.Pool({ connectionString: db.appUrl, max: 3 }));
    const stores = pools.map((pool) => postgresStore({ pool, assets: memoryAssets() }));
    const seen = new Map<string, number>();
    try {
      await Promise.all(
        stores.flatMap((s, p) =>
          [0, 1, 2].map(async (w) => {
            for (;;) {
              const jobs = await s.queue.claim(ALL_TENANTS, {
                workerId: `p${p}w${w}`,
                leaseMs: 60_000,
                limit: 4,
                kinds: ['mp'],
              });
              if (jobs.length === 0) return;
              for (const job of jobs) {
                seen.set(job.id, (seen.get(job.id) ?? 0) + 1);
                await s.queue.complete(job.tenantId, job.id, job.leaseToken);
              }
            }
          }),
        ),
      );
    } finally {
      await Promise.all(stores.map((s) => s.close()));
      await Promise.all(pools.map((p) => p.end()));
    }
    expect(seen.size).toBe(total);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    const done = await admin.query(
      `SELECT count(*)::int AS n FROM ddex.jobs WHERE kind = 'mp' AND status = 'completed'`,
    );
    expect(done.rows[0].n).toBe(total);
  });
});
