import { memoryAssets, type ReleaseRecord } from '@ddex/catalog-store';
import { makeRelease } from '@ddex/catalog-store/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgDb } from '../src/db';
import { type PostgresStore, postgresStore } from '../src/index';
import { JSON_AS_TEXT } from '../src/json-as-text';
import type { PgClientLike, PgPoolLike, PgResult } from '../src/pg-types';
import { PG_URL } from './helpers/live';
import { useLiveStore } from './helpers/live-store';

const A = 'sc-a';
const B = 'sc-b';

/** What a connection carries between calls: it must be none of a store call's scope. */
interface ConnectionState {
  pid: number;
  /** `T` or `E` when a transaction was left open */
  txStatus: string | null;
  tenant: string | null;
  searchPath: string;
  /** false when the statement ran inside a transaction opened earlier */
  ownTransaction: boolean;
  /** releases visible without a tenant setting (row-level security: none) */
  visible: number;
}

/** Reads the state of the pool's connection with a raw query, as the next user of that connection would. */
async function connectionState(pool: pg.Pool): Promise<ConnectionState> {
  const c = await pool.connect();
  try {
    const res = await c.query(
      `SELECT pg_backend_pid() AS pid, current_setting('ddex.tenant_id', true) AS tenant,
         current_setting('search_path') AS search_path, now() = statement_timestamp() AS own,
         (SELECT count(*) FROM ddex.releases)::int AS visible`,
    );
    const row = res.rows[0];
    return {
      pid: row.pid,
      txStatus: (c as unknown as { getTransactionStatus(): string | null }).getTransactionStatus(),
      // a custom setting set transaction-locally reads as '' after the transaction, null if never set
      tenant: row.tenant === '' ? null : row.tenant,
      searchPath: row.search_path,
      ownTransaction: row.own,
      visible: row.visible,
    };
  } finally {
    c.release();
  }
}

/** The rejection of `promise` (fails if it resolves). */
async function rejectionOf(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: Error & { code?: string }) => error,
  );
}

// PgDb.one (scoped-query.ts): a read's tenant scope and the statement go out in one pipeline and one implicit
// transaction. Nothing of the scope may outlive the statement on the pooled connection, whatever happened.
describe.skipIf(!PG_URL)('postgres store: scoped one-statement reads (live)', () => {
  const live = useLiveStore([A, B]);
  /** one connection: every call below reuses it */
  let single: pg.Pool;
  let store: PostgresStore;
  let db: PgDb;
  let clean: ConnectionState;

  beforeAll(async () => {
    // both tenants hold the same ids, codes and barcodes; the titles tell them apart
    for (const [tenant, name, word] of [
      [A, 'Alpha', 'Aardvark'],
      [B, 'Bravo', 'Bison'],
    ] as const) {
      const releases = Array.from({ length: 6 }, (_, i) =>
        makeRelease(i + 1, { title: `${name} ${word} Shared ${i + 1}`, label: i % 2 ? 'Odd Label' : 'Even Label' }),
      );
      expect((await live.store.releases.writeMany!(tenant, releases)).every((r) => r.ok)).toBe(true);
    }
    single = new pg.Pool({ connectionString: live.db.appUrl, max: 1, lock_timeout: 300 });
    store = postgresStore({ pool: single, assets: memoryAssets() });
    await store.ready();
    db = new PgDb(single, 'ddex', Date.now, async () => {});
    clean = await connectionState(single);
  });

  afterAll(async () => {
    await store?.close();
    await single?.end();
  });

  const expectClean = async () => {
    const state = await connectionState(single);
    expect(state).toEqual({ ...clean, pid: state.pid });
    return state.pid;
  };

  it('a clean connection: no tenant, its own search_path, no rows through row-level security', () => {
    expect(clean).toMatchObject({ txStatus: 'I', tenant: null, ownTransaction: true, visible: 0 });
    expect(clean.searchPath).not.toContain('ddex');
  });

  it('store reads leave no tenant setting, search_path or open transaction on their pooled connection', async () => {
    const reads: [string, () => Promise<unknown>][] = [
      ['get', () => store.releases.get(A, 'rel-00001')],
      ['find (none)', () => store.releases.find(A, 'rel-09999')],
      ['list', () => store.releases.list(A, { limit: 2 })],
      ['list label+status', () => store.releases.list(A, { label: 'Odd Label', status: 'draft' })],
      ['list text', () => store.releases.list(A, { text: 'aardvark' })],
      ['search (rare word)', () => store.releases.search(A, 'aardvark shared')],
      ['search (code)', () => store.releases.search(A, 'cat00003')],
      ['isrc', () => store.releases.findByCode(A, 'isrc', makeRelease(2).tracks[0]!.isrc!)],
      ['upc', () => store.releases.findByCode(A, 'upc', makeRelease(3).metadata.barcode!)],
    ];
    for (const [name, read] of reads) {
      const result = await read();
      expect(result, name).toBeDefined();
      const pid = await expectClean();
      expect(pid, name).toBe(clean.pid);
    }
    expect(single.totalCount).toBe(1);
  });

  it('PgDb.one: the scope is in force for the statement (search_path at parse, RLS), one round trip', async () => {
    const res = await db.one<{ tenant: string; sp: string; tenants: string[]; j: unknown }>(
      { tenant: B },
      // unqualified table: the search_path set just before applies when this statement is parsed
      `SELECT current_setting('ddex.tenant_id') AS tenant, current_setting('search_path') AS sp,
         (SELECT array_agg(DISTINCT tenant_id) FROM releases) AS tenants, '{"a": [1]}'::json AS j`,
    );
    // the statement's result (not the scope statement's), with node-postgres' parsers
    expect(res.rows).toEqual([{ tenant: B, sp: 'ddex', tenants: [B], j: { a: [1] } }]);
    const text = await db.one<{ j: unknown }>({ tenant: B }, `SELECT '{"a": [1]}'::json AS j`, [], JSON_AS_TEXT);
    expect(text.rows).toEqual([{ j: '{"a": [1]}' }]);
    // a write of one statement: RLS limits it to the tenant without a tenant filter, and it commits
    const write = await db.one({ tenant: A }, `UPDATE releases SET version = version WHERE id = 'rel-00001'`);
    expect(write.rowCount).toBe(1);
    expect((await db.one({ tenant: A }, 'SELECT 1 AS x WHERE false')).rows).toEqual([]);
    // no tenant in the scope: nothing visible
    expect((await db.one({}, 'SELECT count(*)::int AS n FROM releases')).rows).toEqual([{ n: 0 }]);
    expect(await expectClean()).toBe(clean.pid);
  });

  it('an error at any step of a scoped statement leaves the connection idle, unscoped and usable', async () => {
    const failures: [string, string, unknown[]][] = [
      ['42601', 'SELEC 1', []], // at Parse
      ['42P01', 'SELECT * FROM no_such_table', []], // at Parse (analysis)
      ['22P02', 'SELECT $1::int AS n', ['not a number']], // at Bind
      ['22012', 'SELECT 1 / (3 - g) AS n FROM generate_series(1, 5) g', []], // at Execute, after rows were sent
      [
        '42501',
        `INSERT INTO releases (tenant_id, id, doc, version, created_at, updated_at, status, type)
         VALUES ('${B}', 'x', '{}', 1, now(), now(), 'draft', 'Album')`,
        [],
      ], // RLS refuses another tenant's row
    ];
    for (const [code, sql, values] of failures) {
      const error = await rejectionOf(db.one({ tenant: A }, sql, values));
      expect(error.code, sql).toBe(code);
      expect(await expectClean(), sql).toBe(clean.pid);
      // the next scoped read on the same connection works, in its own scope
      const next = await db.one<{ id: string; title: string }>(
        { tenant: B },
        `SELECT id, doc->'metadata'->>'title' AS title FROM releases WHERE id = 'rel-00002'`,
      );
      expect(next.rows, sql).toEqual([{ id: 'rel-00002', title: 'Bravo Bison Shared 2' }]);
    }
    const admin = await live.admin.query(`SELECT state FROM pg_stat_activity WHERE pid = $1`, [clean.pid]);
    expect(admin.rows).toEqual([{ state: 'idle' }]);
  });

  it('a store read that fails on the server (lock timeout) leaves its connection clean', async () => {
    const locker = await live.admin.connect();
    try {
      await locker.query('BEGIN; LOCK TABLE ddex.releases IN ACCESS EXCLUSIVE MODE');
      expect((await rejectionOf(store.releases.get(A, 'rel-00001'))).code).toBe('55P03');
      expect((await rejectionOf(store.releases.search(B, 'bison'))).code).toBe('55P03');
      await locker.query('ROLLBACK');
    } finally {
      locker.release();
    }
    expect(await expectClean()).toBe(clean.pid);
    expect((await store.releases.get(B, 'rel-00001')).release.metadata.title).toBe('Bravo Bison Shared 1');
  });

  it('an error in the process (a type parser that throws) discards the connection', async () => {
    const throwing = {
      getTypeParser: () => () => {
        throw new Error('parser failed');
      },
    };
    const error = await rejectionOf(db.one({ tenant: A }, 'SELECT 1 AS n', [], throwing));
    expect(error.message).toBe('parser failed');
    const state = await connectionState(single);
    expect(state.pid).not.toBe(clean.pid);
    expect(state).toEqual({ ...clean, pid: state.pid });
    clean = state;
  });

  it('interleaved reads of two tenants on a two-connection pool never see each other’s rows', async () => {
    const pool = new pg.Pool({ connectionString: live.db.appUrl, max: 2 });
    const two = postgresStore({ pool, assets: memoryAssets() });
    try {
      const reads = (tenant: string, i: number): (() => Promise<ReleaseRecord[]>) => {
        const id = `rel-0000${(i % 6) + 1}`;
        const word = tenant === A ? 'aardvark' : 'bison';
        switch (i % 6) {
          case 0:
            return async () => [await two.releases.get(tenant, id)];
          case 1:
            return async () => (await two.releases.list(tenant, { limit: 3 })).items;
          case 2:
            return () => two.releases.search(tenant, `shared ${word}`);
          case 3:
            return () => two.releases.findByCode(tenant, 'isrc', makeRelease((i % 6) + 1).tracks[0]!.isrc!);
          case 4:
            return async () => (await two.releases.list(tenant, { label: 'Odd Label', text: 'shared' })).items;
          default:
            return () => two.releases.search(tenant, 'cat0000');
        }
      };
      const ops = Array.from({ length: 200 }, (_, i) => ({
        tenant: i % 2 ? B : A,
        read: reads(i % 2 ? B : A, i >> 1),
      }));
      // what each read returns alone
      const expected: ReleaseRecord[][] = [];
      for (const op of ops) expected.push(await op.read());
      for (const [i, records] of expected.entries()) {
        expect(records.length, `op ${i}`).toBeGreaterThan(0);
        const { tenant } = ops[i]!;
        for (const r of records) {
          expect(r.tenantId).toBe(tenant);
          expect(r.release.metadata.title.startsWith(tenant === A ? 'Alpha' : 'Bravo')).toBe(true);
        }
      }
      // all at once, with raw queries on the same pool in between that must see no scope
      const probes: Promise<{ tenant: string | null; visible: number }>[] = [];
      const results = await Promise.all(
        ops.map(async (op, i) => {
          if (i % 5 === 0) {
            probes.push(
              pool
                .query(
                  `SELECT nullif(current_setting('ddex.tenant_id', true), '') AS tenant,
                     (SELECT count(*) FROM ddex.releases)::int AS visible`,
                )
                .then((r) => r.rows[0]),
            );
          }
          return op.read();
        }),
      );
      expect(results).toEqual(expected);
      expect(await Promise.all(probes)).toEqual(probes.map(() => ({ tenant: null, visible: 0 })));
      expect(pool.totalCount).toBeLessThanOrEqual(2);
    } finally {
      await two.close();
      await pool.end();
    }
  });

  it('a pool whose connections are not node-postgres’ JavaScript client gets the same results (tx)', async () => {
    const wrapped: PgPoolLike = {
      async connect() {
        const c = await single.connect();
        // the same connection without its `connection` (protocol messages): PgDb.one falls back to tx
        const client: PgClientLike = {
          query: async <R>(text: string, values?: unknown[]) => (await c.query(text, values)) as unknown as PgResult<R>,
          release: (e) => c.release(e),
        };
        return client;
      },
      end: async () => {},
    };
    const other = postgresStore({ pool: wrapped, assets: memoryAssets() });
    try {
      for (const tenant of [A, B]) {
        expect(await other.releases.get(tenant, 'rel-00003')).toEqual(await store.releases.get(tenant, 'rel-00003'));
        expect(await other.releases.list(tenant)).toEqual(await store.releases.list(tenant));
        expect(await other.releases.search(tenant, 'shared')).toEqual(await store.releases.search(tenant, 'shared'));
      }
    } finally {
      await other.close();
    }
    await expectClean();
  });
});
