import { isCatalogStoreError, memoryAssets, prepareRelease, type ReleaseRecord } from '@ddex/catalog-store';
import { makeRelease, makeTenant } from '@ddex/catalog-store/testing';
import type { Release } from '@ddex/ern-model';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, openPostgresStore, SCHEMA_VERSION } from '../src/index';
import { insertCodesCte, releaseCodes } from '../src/pg-release-codes';
import { insertWordsCte, releaseWords } from '../src/pg-release-words';
import { indexParams } from '../src/pg-write-many';
import { PG_URL } from './helpers/live';
import { useLiveStore } from './helpers/live-store';

/** Strings jsonb and json must both keep exactly: non-ASCII, escapes, a literal `\u0000` (six characters). */
const ODD = {
  title: 'Ágætis byrjun — 東京 🎧 שלום',
  artist: 'Sigur Rós',
  // a combining accent (NFD): neither type normalises it
  subtitle: 'Cafe\u0301 "quoted" \\ back\nline\ttab \u2028 \\u0000',
};

/** A rich document: non-ASCII text, three tracks with contributors, nested optional fields. */
function richRelease(n: number, f: Parameters<typeof makeRelease>[1] = {}): Release {
  const base = makeRelease(n, {
    isrcs: [`QZJS${String(n).padStart(2, '0')}2600001`, `QZJS${String(n).padStart(2, '0')}2600002`, 'QZJS00000003'],
    trackTitles: ['Svefn-g-englar', 'Staralfur ✨', 'Ný batterí'],
    ...f,
  });
  base.tracks = base.tracks.map((t, i) => ({
    ...t,
    isrc: i === 2 ? `QZJS${String(n).padStart(2, '0')}2600003` : t.isrc,
    metadata: {
      ...t.metadata,
      contributors: [
        { name: 'Jónsi Birgisson', role: 'Composer' },
        { name: 'Ки́ра Ø', role: 'Producer', sortName: 'Ø, Ки́ра' },
      ],
    },
  })) as Release['tracks'];
  base.metadata = {
    ...base.metadata,
    subtitle: ODD.subtitle,
    keywords: ['post-rock', 'ísland', '日本語'],
    localizedTitles: [{ title: 'アゲイティス・ビリュン', language: 'ja-Jpan' }],
  };
  return base;
}

const ids = (records: { id: string }[]) => records.map((r) => r.id);

// Migrations 11 (releases.doc jsonb -> json) and 12 (label/status index) on a schema-10 database that holds
// releases: every read and write of the new code returns what the old rows held.
describe.skipIf(!PG_URL)('postgres store: json documents upgrade (live)', () => {
  const live = useLiveStore([]);

  it('a schema-10 database with jsonb documents upgrades in place; every call returns the same releases', async () => {
    await live.schemaAtVersion(10);
    const tenants = ['j-a', 'j-b'];
    const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
    for (const t of tenants) {
      await live.admin.query(
        `INSERT INTO old.tenants (id, doc, version, created_at, updated_at) VALUES ($1, $2, 1, $3, $3)`,
        [t, JSON.stringify(makeTenant(t)), at(0)],
      );
    }
    const releases: [string, Release][] = [
      ['j-a', richRelease(1, { title: ODD.title, artist: ODD.artist, label: 'Smekkleysa' })],
      ['j-a', richRelease(2, { status: 'ready', label: 'Smekkleysa', title: 'Takk… Hoppípolla' })],
      ['j-a', richRelease(3, { status: 'ready', label: 'Other Label', type: 'Single' })],
      ['j-a', richRelease(4, { title: 'Brennisteinn' })],
      ['j-b', richRelease(1, { title: 'Björk Homogenic', artist: 'Björk', label: 'Smekkleysa' })],
    ];
    // as a schema-10 store wrote them: jsonb documents, indexed columns, release_codes and release_words rows
    const expected = new Map<string, ReleaseRecord>();
    for (const [i, [tenant, release]] of releases.entries()) {
      const doc = prepareRelease(tenant, release);
      const ix = indexParams(doc);
      await live.asApp(
        tenant,
        `WITH s AS (SELECT $2::text AS id, $13::text[] AS codes, $14::text[] AS words),
           w AS (INSERT INTO releases (tenant_id, id, doc, version, created_at, updated_at,
             status, type, label_key, release_date, text_words, code_words, barcode, grid)
           VALUES ($1, $2, $3::jsonb, 1, $4, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING seq, id),
         ${insertCodesCte('$1', 'w', 's')},
         ${insertWordsCte('$1', 'w', 's')}
         SELECT seq FROM w`,
        [
          tenant,
          doc.id,
          JSON.stringify(doc),
          at(i + 1),
          ...ix,
          releaseCodes(ix[4]!, ix[5]!),
          releaseWords(ix[4]!, ix[5]!),
        ],
        'old',
      );
      expected.set(`${tenant}/${doc.id}`, {
        tenantId: tenant,
        id: doc.id,
        version: 1,
        createdAt: at(i + 1),
        updatedAt: at(i + 1),
        release: doc,
      });
    }
    const rec = (tenant: string, id: string) => expected.get(`${tenant}/${id}`)!;
    const docColumn = async () =>
      (
        await live.admin.query(
          `SELECT format_type(atttypid, atttypmod) AS type, attcompression AS compression FROM pg_attribute
           WHERE attrelid = 'old.releases'::regclass AND attname = 'doc'`,
        )
      ).rows[0] as { type: string; compression: string };
    const before = await docColumn();
    expect(before.type).toBe('jsonb');
    // jsonb held the documents faithfully (the baseline the upgraded store must return)
    const stored = await live.admin.query(`SELECT tenant_id, id, doc FROM old.releases ORDER BY seq`);
    expect(stored.rows.map((r) => r.doc)).toEqual(releases.map(([t, r]) => rec(t, r.id).release));

    const upgraded = await openPostgresStore({ pool: live.app, schema: 'old', assets: memoryAssets() });
    try {
      const applied = await live.admin.query('SELECT version, name FROM old.ddex_migrations WHERE version > 10');
      expect(applied.rows).toEqual(
        MIGRATIONS.filter((m) => m.version > 10).map(({ version, name }) => ({ version, name })),
      );
      expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(12);
      // json now; the column keeps its compression (lz4 since migration 6 where the server has it)
      expect(await docColumn()).toEqual({ type: 'json', compression: before.compression });
      const index = await live.admin.query(
        `SELECT indexdef FROM pg_indexes WHERE schemaname = 'old' AND indexname = 'releases_tenant_label_status_seq'`,
      );
      expect(index.rows).toHaveLength(1);
      expect(index.rows[0].indexdef).toContain('(tenant_id, label_key, status, seq)');
      expect(index.rows[0].indexdef).toContain('WHERE (label_key IS NOT NULL)');

      const r = upgraded.releases;
      // get and find: deep-equal to what was written, non-ASCII and escapes intact
      for (const [tenant, release] of releases)
        expect(await r.get(tenant, release.id)).toEqual(rec(tenant, release.id));
      expect((await r.get('j-a', 'rel-00001')).release.metadata.subtitle).toBe(ODD.subtitle);
      expect(await r.find('j-b', 'rel-00002')).toBeNull();
      // list: newest first, oldest first, pages of two, filters (the label+status one reads migration 12's index)
      const aNewestFirst = ['rel-00004', 'rel-00003', 'rel-00002', 'rel-00001'].map((id) => rec('j-a', id));
      expect((await r.list('j-a')).items).toEqual(aNewestFirst);
      expect((await r.list('j-a', { order: 'asc' })).items).toEqual([...aNewestFirst].reverse());
      const first = await r.list('j-a', { limit: 2 });
      expect(first.items).toEqual(aNewestFirst.slice(0, 2));
      expect((await r.list('j-a', { limit: 2, cursor: first.nextCursor! })).items).toEqual(aNewestFirst.slice(2));
      expect((await r.list('j-a', { label: 'smekkleysa', status: 'ready' })).items).toEqual([rec('j-a', 'rel-00002')]);
      expect((await r.list('j-a', { label: 'Smekkleysa' })).items).toEqual([
        rec('j-a', 'rel-00002'),
        rec('j-a', 'rel-00001'),
      ]);
      expect((await r.list('j-a', { type: 'Single' })).items).toEqual([rec('j-a', 'rel-00003')]);
      expect((await r.list('j-b')).items).toEqual([rec('j-b', 'rel-00001')]);
      // search: rare words (one statement with the word probe), diacritics folded, codes, tenants apart
      expect(await r.search('j-a', 'sigur ros')).toEqual([rec('j-a', 'rel-00001')]);
      expect(await r.search('j-a', 'agaetis')).toEqual([]);
      expect(await r.search('j-a', 'ágætis')).toEqual([rec('j-a', 'rel-00001')]);
      expect(await r.search('j-a', 'hoppipolla')).toEqual([rec('j-a', 'rel-00002')]);
      expect(await r.search('j-b', 'bjork')).toEqual([rec('j-b', 'rel-00001')]);
      expect(await r.search('j-b', 'sigur')).toEqual([]);
      expect((await r.list('j-a', { text: 'brenni' })).items).toEqual([rec('j-a', 'rel-00004')]);
      expect(ids(await r.search('j-a', 'qzjs0226'))).toEqual(['rel-00002']);
      // code lookups: the ISRC one walks the migrated json documents (json_array_elements)
      expect(await r.findByCode('j-a', 'isrc', 'QZ-JS0-12-600003')).toEqual([rec('j-a', 'rel-00001')]);
      expect(await r.findByCode('j-b', 'isrc', 'QZJS012600002')).toEqual([rec('j-b', 'rel-00001')]);
      expect(await r.findByCode('j-a', 'upc', rec('j-a', 'rel-00003').release.metadata.barcode!)).toEqual([
        rec('j-a', 'rel-00003'),
      ]);

      // archive rewrites the migrated document through jsonb: only the status changes
      const archived = await r.archive('j-a', 'rel-00003');
      expect(archived.version).toBe(2);
      expect(archived.release).toEqual({ ...rec('j-a', 'rel-00003').release, status: 'archived' });
      expect(await r.get('j-a', 'rel-00003')).toEqual(archived);
      expect((await r.list('j-a', { status: 'archived' })).items).toEqual([archived]);

      // update replaces a migrated document with the store's own text
      const changed = richRelease(2, { status: 'ready', label: 'Smekkleysa', title: 'Með suð í eyrum' });
      const updated = await r.update('j-a', 'rel-00002', changed);
      expect(updated.version).toBe(2);
      expect(updated.release).toEqual(prepareRelease('j-a', changed));
      expect(await r.get('j-a', 'rel-00002')).toEqual(updated);
      expect(await r.search('j-a', 'hoppipolla')).toEqual([]);
      expect(await r.search('j-a', 'eyrum')).toEqual([updated]);

      // writeMany (upsert) over a migrated document, and a new one next to it
      const upserted = richRelease(4, { title: 'Brennisteinn Kveikur' });
      const results = await r.writeMany!('j-a', [upserted, richRelease(5, { title: 'Valtari' })], { mode: 'upsert' });
      expect(results.map((x) => [x.ok, x.ok && x.created])).toEqual([
        [true, false],
        [true, true],
      ]);
      expect((await r.get('j-a', 'rel-00004')).release).toEqual(prepareRelease('j-a', upserted));
      expect(ids(await r.search('j-a', 'kveikur'))).toEqual(['rel-00004']);

      // delete a migrated release: gone, with its code and word rows
      const seq = (await live.admin.query(`SELECT seq FROM old.releases WHERE tenant_id = 'j-a' AND id = 'rel-00001'`))
        .rows[0].seq;
      await r.delete('j-a', 'rel-00001');
      await expect(r.get('j-a', 'rel-00001')).rejects.toSatisfy((e) => isCatalogStoreError(e, 'NOT_FOUND'));
      expect(await r.search('j-a', 'sigur')).toEqual([]);
      const left = await live.admin.query(
        `SELECT (SELECT count(*) FROM old.release_codes WHERE seq = $1)::int AS codes,
                (SELECT count(*) FROM old.release_words WHERE seq = $1)::int AS words`,
        [seq],
      );
      expect(left.rows[0]).toEqual({ codes: 0, words: 0 });
      // the other tenant's release of the same id is untouched
      expect(await r.get('j-b', 'rel-00001')).toEqual(rec('j-b', 'rel-00001'));
    } finally {
      await upgraded.close();
    }
  });
});
