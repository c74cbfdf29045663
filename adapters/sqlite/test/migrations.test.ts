import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS, migrate, sqliteStore } from '@ddex/adapter-sqlite';
import { isCatalogStoreError, releaseIndex } from '@ddex/catalog-store';
import { makeRelease, makeTenant } from '@ddex/catalog-store/testing';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

const base = mkdtempSync(join(tmpdir(), 'ddex-sqlite-migrations-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const latest = MIGRATIONS.at(-1)!.version;

describe('sqlite migrations', () => {
  it('a new database is migrated to the latest version on open, in WAL mode with foreign keys on', async () => {
    const store = sqliteStore({ dataDir: join(base, 'fresh') });
    const db = store.getInstance();
    expect(db.pragma('user_version', { simple: true })).toBe(latest);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    const applied = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(applied).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    await store.close();
    // opening again applies nothing
    const again = sqliteStore({ dataDir: join(base, 'fresh') });
    expect(again.getInstance().prepare('SELECT count(*) AS n FROM schema_migrations').get()).toEqual({
      n: MIGRATIONS.length,
    });
    await again.close();
  });

  it('an older database is upgraded in place and keeps its data', async () => {
    const dataDir = join(base, 'old');
    const old = sqliteStore({ dataDir, migrations: MIGRATIONS.slice(0, 1) });
    expect(old.getInstance().pragma('user_version', { simple: true })).toBe(1);
    await old.tenants.create(makeTenant('t1'));
    // written as a store at schema 1 wrote it: today's code writes columns that schema lacks
    const release = { ...makeRelease(1, { title: 'Before Upgrade' }), tenantId: 't1' };
    const ix = releaseIndex(release);
    const at = new Date().toISOString();
    const { lastInsertRowid: seq } = old
      .getInstance()
      .prepare(
        `INSERT INTO releases (tenant_id, id, version, status, type, title, display_artist, label, label_key,
         release_date, barcode, catalog_number, grid, created_at, updated_at, body)
         VALUES ('t1', ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        release.id,
        ix.status,
        ix.type,
        ix.title,
        ix.displayArtist,
        ix.label,
        ix.labelKey,
        ix.releaseDate,
        ix.barcode,
        ix.catalogNumber,
        ix.grid,
        at,
        at,
        JSON.stringify(release),
      );
    old
      .getInstance()
      .prepare('INSERT INTO releases_fts (rowid, headline, tracks, codes, tenant_id) VALUES (?, ?, ?, ?, ?)')
      .run(seq, ix.headline, ix.trackText, ix.codes, 't1');
    await old.close();

    const upgraded = sqliteStore({ dataDir });
    const db = upgraded.getInstance();
    expect(db.pragma('user_version', { simple: true })).toBe(latest);
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").all() as { name: string }[];
    expect(indexes.map((i) => i.name)).toContain('releases_tenant_barcode');
    // migration 11 put the summary in the list indexes, replacing the narrower ones
    expect(indexes.map((i) => i.name)).toEqual(
      expect.arrayContaining([
        'releases_tenant_seq_summary',
        'releases_tenant_status_summary',
        'releases_tenant_label_summary',
      ]),
    );
    expect(indexes.map((i) => i.name)).not.toContain('releases_tenant_seq');
    expect((await upgraded.releases.get('t1', 'rel-00001')).release.metadata.title).toBe('Before Upgrade');
    expect((await upgraded.releases.search('t1', 'upgrade')).map((r) => r.id)).toEqual(['rel-00001']);
    // migration 5 rebuilt the search index with longer prefix indexes, keeping every row
    const fts = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'releases_fts'").get() as { sql: string };
    expect(fts.sql).toContain("prefix = '2 3 4 5 6 7 8 9 10'");
    expect((await upgraded.releases.list('t1', { text: 'upgr' })).items.map((r) => r.id)).toEqual(['rel-00001']);
    // migration 6 counted the tracks of stored releases for the summaries
    expect(release.tracks.length).toBeGreaterThan(0);
    const summaries = await upgraded.releases.listSummaries!('t1');
    expect(summaries.items).toEqual([
      expect.objectContaining({ id: 'rel-00001', title: 'Before Upgrade', trackCount: release.tracks.length }),
    ]);
    // migration 8 stored each summary as JSON, the text a write stores; later writes keep it current
    const { tenantId: _tenant, ...summary } = summaries.items[0]!;
    expect(db.prepare('SELECT summary FROM releases').pluck().get()).toBe(JSON.stringify(summary));
    expect(JSON.parse((await upgraded.releases.listSummariesJson!('t1')).itemsJson)).toStrictEqual([summary]);
    await upgraded.releases.update('t1', 'rel-00001', makeRelease(1, { title: 'After Upgrade' }));
    expect(JSON.parse((await upgraded.releases.listSummariesJson!('t1')).itemsJson)).toEqual([
      expect.objectContaining({ title: 'After Upgrade', version: 2 }),
    ]);
    await upgraded.close();
  });

  it('a failing migration is rolled back whole and the error surfaces', () => {
    const db = new Database(join(base, 'failing.db'));
    const broken = [
      ...MIGRATIONS,
      { version: latest + 1, name: 'broken', sql: 'CREATE TABLE half (x); SELECT * FROM nope;' },
    ];
    expect(() => migrate(db, broken)).toThrow(/nope/);
    expect(db.pragma('user_version', { simple: true })).toBe(latest);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    db.close();
  });

  it('a database newer than the code is refused with INCOMPATIBLE_SCHEMA', () => {
    const dataDir = join(base, 'future');
    sqliteStore({ dataDir })
      .getInstance()
      .pragma(`user_version = ${latest + 5}`);
    let caught: unknown;
    try {
      sqliteStore({ dataDir });
    } catch (error) {
      caught = error;
    }
    expect(isCatalogStoreError(caught, 'INCOMPATIBLE_SCHEMA')).toBe(true);
  });

  it('two stores opening the same new file at once migrate it once', async () => {
    const dataDir = join(base, 'race');
    const [a, b] = [sqliteStore({ dataDir }), sqliteStore({ dataDir })];
    expect(a.getInstance().prepare('SELECT count(*) AS n FROM schema_migrations').get()).toEqual({
      n: MIGRATIONS.length,
    });
    await a.tenants.create(makeTenant('t1'));
    expect((await b.tenants.get('t1')).id).toBe('t1');
    await Promise.all([a.close(), b.close()]);
  });
});
