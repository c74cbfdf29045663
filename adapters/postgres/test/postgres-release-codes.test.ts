import { memoryAssets } from '@ddex/catalog-store';
import { makeRelease, makeTenant } from '@ddex/catalog-store/testing';
import { describe, expect, it } from 'vitest';
import { openPostgresStore, SCHEMA_VERSION } from '../src/index';
import { indexParams } from '../src/pg-write-many';
import { PG_URL } from './helpers/live';
import { useLiveStore } from './helpers/live-store';

// release_codes (migration 6): code search under row-level security, kept in step with every write, and the
// upgrade of a schema-5 database that already holds releases.
describe.skipIf(!PG_URL)('postgres store: release codes (live)', () => {
  const live = useLiveStore(['c-a', 'c-b']);
  const { asApp } = live;
  const codesOf = async (tenant: string, id: string, schema = 'ddex') =>
    (
      await live.admin.query(
        `SELECT c.code FROM ${schema}.release_codes c JOIN ${schema}.releases r ON r.seq = c.seq
         WHERE c.tenant_id = $1 AND r.id = $2 ORDER BY c.code`,
        [tenant, id],
      )
    ).rows.map((r) => r.code as string);
  const ids = (records: { id: string }[]) => records.map((r) => r.id);

  it('create, update, writeMany and delete keep the code rows in step', async () => {
    const a = makeRelease(1, { isrcs: ['QZAAA2600001', 'QZAAA2600002'], catalogNumber: 'LBL-77', title: 'Mix 2k' });
    await live.store.releases.create('c-a', a);
    expect(await codesOf('c-a', a.id)).toEqual(
      ['1', '2', '2k', a.metadata.barcode!, '77', 'lbl77', 'qzaaa2600001', 'qzaaa2600002'].sort(),
    );
    await live.store.releases.update('c-a', a.id, { ...a, tracks: a.tracks.slice(0, 1) });
    expect(await codesOf('c-a', a.id)).not.toContain('qzaaa2600002');
    const b = makeRelease(2, { isrcs: ['QZBBB2600001'] });
    const results = await live.store.releases.writeMany!('c-a', [b, { ...a, tracks: a.tracks.slice(1) }], {
      mode: 'upsert',
    });
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    expect(await codesOf('c-a', b.id)).toContain('qzbbb2600001');
    expect(await codesOf('c-a', a.id)).toContain('qzaaa2600002');
    expect(await codesOf('c-a', a.id)).not.toContain('qzaaa2600001');
    await live.store.releases.delete('c-a', b.id);
    const left = await live.admin.query(
      `SELECT count(*)::int AS n FROM ddex.release_codes WHERE code = 'qzbbb2600001'`,
    );
    expect(left.rows[0].n).toBe(0);
  });

  it('search and ISRC lookup find codes by prefix, every word still has to match, tenants stay apart', async () => {
    await live.store.releases.create('c-a', makeRelease(3, { isrcs: ['QZCCC2600003'], title: 'Glass River' }));
    await live.store.releases.create('c-b', makeRelease(3, { isrcs: ['QZCCC2600099'], title: 'Glass River' }));
    expect(ids(await live.store.releases.search('c-a', 'QZCCC26'))).toEqual(['rel-00003']);
    expect(ids(await live.store.releases.search('c-a', 'qzccc2600003'))).toEqual(['rel-00003']);
    expect(ids(await live.store.releases.search('c-a', 'glass QZCCC'))).toEqual(['rel-00003']);
    expect(ids(await live.store.releases.search('c-a', 'river qzccc2600003'))).toEqual(['rel-00003']);
    expect(ids(await live.store.releases.search('c-a', 'velvet qzccc2600003'))).toEqual([]);
    expect(ids(await live.store.releases.search('c-a', 'QZCCC2600099'))).toEqual([]);
    expect(ids(await live.store.releases.search('c-a', 'CAT-00003'))).toEqual(['rel-00003']);
    expect(ids((await live.store.releases.list('c-a', { text: 'QZCCC' })).items)).toEqual(['rel-00003']);
    expect(ids(await live.store.releases.findByCode('c-a', 'isrc', 'QZ-CCC-26-00003'))).toEqual(['rel-00003']);
    expect(ids(await live.store.releases.findByCode('c-b', 'isrc', 'QZCCC2600003'))).toEqual([]);
    // the policy hides the other tenant's code rows from the store's role
    const rows = await asApp('c-b', `SELECT DISTINCT tenant_id FROM release_codes`);
    expect(rows.rows).toEqual([{ tenant_id: 'c-b' }]);
  });

  it('under row-level security the planner can use the codes index (and never needs the GIN index)', async () => {
    const plan = await asApp(
      'c-a',
      `SET LOCAL enable_seqscan = off;
       EXPLAIN SELECT seq FROM release_codes WHERE tenant_id = 'c-a' AND code >= 'qz' AND code < 'qz\u{10FFFF}'`,
    );
    const text = (Array.isArray(plan) ? plan.at(-1)! : plan).rows.map((r: Record<string, string>) =>
      Object.values(r).join(''),
    );
    expect(text.join('\n')).toMatch(/Index (Only )?Scan using release_codes_pkey/);
    expect((await live.admin.query(`SELECT to_regclass('ddex.releases_search') AS i`)).rows[0].i).toBeNull();
  });

  it('migration 6 upgrades a schema-5 database with releases in place: codes backfilled per tenant', async () => {
    // a schema at version 5, built by the store's role exactly as migrate() would
    await live.schemaAtVersion(5);
    const at = new Date().toISOString();
    for (const [tenant, n, isrc] of [
      ['o-a', 1, 'QZOLD2600001'],
      ['o-b', 2, 'QZOLD2600002'],
    ] as const) {
      await live.admin.query(
        `INSERT INTO old.tenants (id, doc, version, created_at, updated_at) VALUES ($1, $2, 1, $3, $3)`,
        [tenant, JSON.stringify(makeTenant(tenant)), at],
      );
      const release = { ...makeRelease(n, { isrcs: [isrc] }), tenantId: tenant };
      // the columns a schema-5 store wrote
      await asApp(
        tenant,
        `INSERT INTO releases (tenant_id, id, doc, version, created_at, updated_at,
           status, type, label_key, release_date, text_words, code_words, barcode, grid)
         VALUES ($1, $2, $3::jsonb, 1, $4, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [tenant, release.id, JSON.stringify(release), at, ...indexParams(release)],
        'old',
      );
    }
    const upgraded = await openPostgresStore({ pool: live.app, schema: 'old', assets: memoryAssets() });
    try {
      const versions = await live.admin.query('SELECT max(version) AS v FROM old.ddex_migrations');
      expect(versions.rows[0].v).toBe(SCHEMA_VERSION);
      expect(await codesOf('o-a', 'rel-00001', 'old')).toContain('qzold2600001');
      expect(ids(await upgraded.releases.search('o-a', 'QZOLD26'))).toEqual(['rel-00001']);
      expect(ids(await upgraded.releases.search('o-b', 'QZOLD26'))).toEqual(['rel-00002']);
      expect(ids(await upgraded.releases.findByCode('o-b', 'isrc', 'QZOLD2600001'))).toEqual([]);
      // FORCE is back on both tables after the backfill
      const forced = await live.admin.query(
        `SELECT relname, relforcerowsecurity FROM pg_class
         WHERE relnamespace = 'old'::regnamespace AND relname IN ('releases', 'release_codes') ORDER BY relname`,
      );
      expect(forced.rows).toEqual([
        { relname: 'release_codes', relforcerowsecurity: true },
        { relname: 'releases', relforcerowsecurity: true },
      ]);
      await upgraded.releases.update('o-a', 'rel-00001', makeRelease(1, { isrcs: ['QZNEW2600001'] }));
      expect(ids(await upgraded.releases.search('o-a', 'QZOLD26'))).toEqual([]);
      expect(ids(await upgraded.releases.search('o-a', 'QZNEW26'))).toEqual(['rel-00001']);
    } finally {
      await upgraded.close();
    }
  });
});
