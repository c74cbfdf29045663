import { memoryAssets } from '@ddex/catalog-store';
import { makeRelease, makeTenant } from '@ddex/catalog-store/testing';
import { describe, expect, it } from 'vitest';
import { openPostgresStore, SCHEMA_VERSION } from '../src/index';
import { COMMON_WORD_ROWS } from '../src/pg-release-words';
import { indexParams } from '../src/pg-write-many';
import { PG_URL } from './helpers/live';
import { useLiveStore } from './helpers/live-store';

// release_words (migration 9): search for rare words without a digit under row-level security, kept in step with
// every write, and the upgrade of a schema-8 database that already holds releases.
describe.skipIf(!PG_URL)('postgres store: release words (live)', () => {
  const live = useLiveStore(['w-a', 'w-b']);
  const { asApp } = live;
  const wordsOf = async (tenant: string, id: string, schema = 'ddex') =>
    (
      await live.admin.query(
        `SELECT w.word FROM ${schema}.release_words w JOIN ${schema}.releases r ON r.seq = w.seq
         WHERE w.tenant_id = $1 AND r.id = $2 ORDER BY w.word`,
        [tenant, id],
      )
    ).rows.map((r) => r.word as string);
  const rowsWithWord = async (word: string) =>
    (await live.admin.query(`SELECT count(*)::int AS n FROM ddex.release_words WHERE word = $1`, [word])).rows[0].n;
  const ids = (records: { id: string }[]) => records.map((r) => r.id);

  it('create, update, writeMany and delete keep the word rows in step', async () => {
    const a = makeRelease(1, { title: 'Mix 2k Ümlaut', artist: 'Quokka', trackTitles: ['Kelp Forest'] });
    await live.store.releases.create('w-a', a);
    // distinct words without a digit, but not `cat` (CAT-00001): the code word `cat00001` starts with it
    expect(await wordsOf('w-a', a.id)).toEqual(['forest', 'kelp', 'label', 'mix', 'quokka', 'test', 'umlaut']);
    expect(ids(await live.store.releases.search('w-a', 'cat'))).toEqual([a.id]);
    await live.store.releases.update('w-a', a.id, { ...a, metadata: { ...a.metadata, title: 'Mix Tape' } });
    expect(await wordsOf('w-a', a.id)).toEqual(['forest', 'kelp', 'label', 'mix', 'quokka', 'tape', 'test']);
    const b = makeRelease(2, { artist: 'Narwhal' });
    const results = await live.store.releases.writeMany!(
      'w-a',
      [b, { ...a, metadata: { ...a.metadata, displayArtist: 'Axolotl' } }],
      { mode: 'upsert' },
    );
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    expect(await wordsOf('w-a', b.id)).toContain('narwhal');
    expect(await wordsOf('w-a', a.id)).toContain('axolotl');
    // the track artist is still Quokka
    expect(await wordsOf('w-a', a.id)).toContain('quokka');
    await live.store.releases.delete('w-a', b.id);
    expect(await rowsWithWord('narwhal')).toBe(0);
    await live.store.releases.archive('w-a', a.id);
    expect(await wordsOf('w-a', a.id)).toContain('axolotl');
  });

  it('search finds rare words by prefix, every word still has to match, tenants stay apart', async () => {
    await live.store.releases.create(
      'w-a',
      makeRelease(3, { title: 'Glass Zeppelin', artist: 'Ohm', isrcs: ['QZWRD2600003'] }),
    );
    await live.store.releases.create('w-b', makeRelease(3, { title: 'Glass Zeppelin', isrcs: ['QZWRD2600099'] }));
    expect(ids(await live.store.releases.search('w-a', 'zeppelin'))).toEqual(['rel-00003']);
    expect(ids(await live.store.releases.search('w-a', 'ZEPP'))).toEqual(['rel-00003']);
    expect(ids(await live.store.releases.search('w-a', 'zeppelins'))).toEqual([]);
    expect(ids(await live.store.releases.search('w-a', 'glass zeppelin ohm'))).toEqual(['rel-00003']);
    expect(ids(await live.store.releases.search('w-a', 'zeppelin velvet'))).toEqual([]);
    // a prefix without a digit of a code word (in release_codes, not release_words)
    expect(ids(await live.store.releases.search('w-a', 'qzwrd'))).toEqual(['rel-00003']);
    expect(ids((await live.store.releases.list('w-a', { text: 'zeppelin' })).items)).toEqual(['rel-00003']);
    expect(ids(await live.store.releases.search('w-b', 'ohm'))).toEqual([]);
    // the policy hides the other tenant's word rows from the store's role
    const rows = await asApp('w-b', `SELECT DISTINCT tenant_id FROM release_words`);
    expect(rows.rows).toEqual([{ tenant_id: 'w-b' }]);
  });

  it('a search without a digit takes its candidates from the word rows, not from a scan', async () => {
    await live.store.releases.create('w-a', makeRelease(4, { title: 'Marzipan' }));
    expect(ids(await live.store.releases.search('w-a', 'marzipan'))).toEqual(['rel-00004']);
    await live.admin.query(`DELETE FROM ddex.release_words WHERE word = 'marzipan'`);
    expect(ids(await live.store.releases.search('w-a', 'marzipan'))).toEqual([]);
    await live.store.releases.update('w-a', 'rel-00004', makeRelease(4, { title: 'Marzipan' }));
    expect(ids(await live.store.releases.search('w-a', 'marzipan'))).toEqual(['rel-00004']);
  });

  it('a common word (more rows than COMMON_WORD_ROWS) is searched by the newest-first scan, same results', async () => {
    const n = COMMON_WORD_ROWS + 5;
    const many = Array.from({ length: n }, (_, i) =>
      makeRelease(1000 + i, { title: i === 7 ? 'Plenty Walrus' : 'Plenty' }),
    );
    expect((await live.store.releases.writeMany!('w-a', many)).every((r) => r.ok)).toBe(true);
    const newest = many
      .slice(-5)
      .map((r) => r.id)
      .reverse();
    expect(ids(await live.store.releases.search('w-a', 'plenty', { limit: 5 }))).toEqual(newest);
    expect(ids(await live.store.releases.search('w-a', 'plen walrus'))).toEqual(['rel-01007']);
    // the scan does not read the word rows: without the newest release's row it is still found
    await live.admin.query(
      `DELETE FROM ddex.release_words w USING ddex.releases r
      WHERE w.seq = r.seq AND r.tenant_id = 'w-a' AND r.id = $1`,
      [newest[0]],
    );
    expect(ids(await live.store.releases.search('w-a', 'plenty', { limit: 5 }))).toEqual(newest);
    expect(ids((await live.store.releases.list('w-a', { text: 'plenty', limit: 5 })).items)).toEqual(newest);
  });

  it('under row-level security the planner can use the words index', async () => {
    const plan = await asApp(
      'w-a',
      `SET LOCAL enable_seqscan = off;
       EXPLAIN SELECT seq FROM release_words WHERE tenant_id = 'w-a' AND word >= 'zep' AND word < 'zep\u{10FFFF}'`,
    );
    const text = (Array.isArray(plan) ? plan.at(-1)! : plan).rows.map((r: Record<string, string>) =>
      Object.values(r).join(''),
    );
    expect(text.join('\n')).toMatch(/Index (Only )?Scan using release_words_pkey/);
  });

  it('optimize() vacuums and analyzes the release and search tables as the store role (after an import)', async () => {
    const stats = async () =>
      (
        await live.admin.query(
          `SELECT relname, vacuum_count + autovacuum_count AS vacuums, analyze_count + autoanalyze_count AS analyzes
             FROM pg_stat_all_tables WHERE schemaname = 'ddex'
              AND relname IN ('releases', 'release_codes', 'release_words') ORDER BY relname`,
        )
      ).rows.map((r: { relname: string; vacuums: string; analyzes: string }) => ({
        name: r.relname,
        vacuums: Number(r.vacuums),
        analyzes: Number(r.analyzes),
      }));
    const before = await stats();
    await live.store.optimize();
    // the statistics collector reports asynchronously
    await expect
      .poll(
        async () =>
          (await stats()).map((t, i) => [t.name, t.vacuums > before[i]!.vacuums, t.analyzes > before[i]!.analyzes]),
        {
          timeout: 10_000,
        },
      )
      .toEqual([
        ['release_codes', true, true],
        ['release_words', true, true],
        ['releases', true, true],
      ]);
  });

  it('migration 9 upgrades a schema-8 database with releases in place: words backfilled per tenant', async () => {
    // a schema at version 8, built by the store's role exactly as migrate() would
    await live.schemaAtVersion(8);
    const at = new Date().toISOString();
    for (const [tenant, n, artist] of [
      ['o-a', 1, 'Oldwave'],
      ['o-b', 2, 'Oldwave Echo'],
    ] as const) {
      await live.admin.query(
        `INSERT INTO old.tenants (id, doc, version, created_at, updated_at) VALUES ($1, $2, 1, $3, $3)`,
        [tenant, JSON.stringify(makeTenant(tenant)), at],
      );
      const release = { ...makeRelease(n, { artist }), tenantId: tenant };
      // the columns a schema-8 store wrote
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
      expect(await wordsOf('o-b', 'rel-00002', 'old')).toEqual([
        'cat',
        'echo',
        'label',
        'oldwave',
        'release',
        'test',
        'track',
      ]);
      expect(ids(await upgraded.releases.search('o-a', 'oldw'))).toEqual(['rel-00001']);
      expect(ids(await upgraded.releases.search('o-b', 'oldw'))).toEqual(['rel-00002']);
      expect(ids(await upgraded.releases.search('o-a', 'echo'))).toEqual([]);
      const forced = await live.admin.query(
        `SELECT relname, relforcerowsecurity FROM pg_class
         WHERE relnamespace = 'old'::regnamespace AND relname IN ('releases', 'release_words') ORDER BY relname`,
      );
      expect(forced.rows).toEqual([
        { relname: 'release_words', relforcerowsecurity: true },
        { relname: 'releases', relforcerowsecurity: true },
      ]);
      await upgraded.releases.update('o-a', 'rel-00001', makeRelease(1, { artist: 'Newwave' }));
      expect(ids(await upgraded.releases.search('o-a', 'oldw'))).toEqual([]);
      expect(ids(await upgraded.releases.search('o-a', 'neww'))).toEqual(['rel-00001']);
    } finally {
      await upgraded.close();
    }
  });
});
