import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sqliteStore } from '@ddex/adapter-sqlite';
import { describe, expect, it } from 'vitest';
import { CSV_HEADER } from '../src/catalog/csv-catalog';
import { canonicalAlbum, cli, tempDir } from './support';

/** The canonical album and a second release with its own codes. */
function catalog() {
  const album = canonicalAlbum();
  const single = canonicalAlbum();
  single.id = 'rel-single';
  single.metadata.title = 'Second Light';
  single.metadata.barcode = '5012345678917';
  delete single.metadata.grid;
  single.tracks.forEach((t: { isrc: string }, i: number) => {
    t.isrc = `QZES7271${String(i).padStart(4, '0')}`;
  });
  return { album, single };
}

async function stored(dataDir: string, tenant = 'default') {
  const store = sqliteStore({ dataDir });
  try {
    const page = await store.releases.list(tenant, { order: 'asc', limit: 500 });
    return page.items;
  } finally {
    await store.close();
  }
}

describe('ddex-distro import into a store, and export', () => {
  it('imports a JSON catalog: a bad record is rejected whole, named by position and field; a rerun changes nothing', async () => {
    const dir = tempDir();
    const data = join(dir, 'data');
    const { album, single } = catalog();
    const bad = structuredClone(single);
    bad.id = 'rel-bad';
    bad.metadata.barcode = '5012345678924';
    bad.tracks[1].isrc = 'XX';
    const file = join(dir, 'catalog.json');
    writeFileSync(file, JSON.stringify([album, bad, single], null, 2));

    const first = await cli(['import', file, '--data', data]);
    expect(first.code, first.stderr).toBe(1);
    expect(first.stderr).toContain('Created tenant "default". Admin API key');
    expect(first.stderr).toMatch(/catalog\.json: release 2 \(release rel-bad\): tracks\.1\.isrc: isrc_length: /);
    expect(first.stderr).toMatch(/progress: 100% of \d+ bytes; 3 read, 2 created, 0 updated, 0 unchanged, 1 failed/);
    expect(first.stderr).toMatch(
      /imported .*catalog\.json into sqlite .* \(tenant default\) in [\d.]+ s: 3 read, 2 created/,
    );
    // all or nothing: none of the bad release's tracks or fields were written
    const rows = await stored(data);
    expect(rows.map((r) => r.id)).toEqual([album.id, 'rel-single']);
    expect(rows[0]!.release.tracks).toHaveLength(album.tracks.length);

    const again = await cli(['import', file, '--data', data]);
    expect(again.code).toBe(1);
    expect(again.stderr).not.toContain('Admin API key');
    expect(again.stderr).toMatch(/3 read, 0 created, 0 updated, 2 unchanged, 1 failed/);
    expect((await stored(data)).map((r) => r.version)).toEqual([1, 1]);
  });

  it('matches a record to the stored release by UPC, then GRid, keeping the stored id', async () => {
    const dir = tempDir();
    const data = join(dir, 'data');
    const { album, single } = catalog();
    writeFileSync(join(dir, 'a.jsonl'), `${JSON.stringify(album)}\n${JSON.stringify(single)}\n`);
    expect((await cli(['import', join(dir, 'a.jsonl'), '--data', data])).code).toBe(0);
    // the other distributor's ids differ; the codes are the same releases
    const byUpc = { ...structuredClone(single), id: 'theirs-1' };
    byUpc.metadata.title = 'Second Light (Remastered)';
    const byGrid = structuredClone(album);
    byGrid.id = 'theirs-2';
    delete byGrid.metadata.barcode;
    byGrid.metadata.title = 'Northern Lights (Deluxe)';
    writeFileSync(join(dir, 'b.jsonl'), `\n${JSON.stringify(byUpc)}\n${JSON.stringify(byGrid)}\n`);
    const r = await cli(['import', join(dir, 'b.jsonl'), '--data', data]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/2 read, 0 created, 2 updated, 0 unchanged, 0 failed/);
    const rows = await stored(data);
    expect(rows.map((x) => [x.id, x.version, x.release.metadata.title])).toEqual([
      [album.id, 2, 'Northern Lights (Deluxe)'],
      ['rel-single', 2, 'Second Light (Remastered)'],
    ]);
  });

  it('exports JSON, JSONL and CSV that import back unchanged; CSV errors name the row and column', async () => {
    const dir = tempDir();
    const data = join(dir, 'data');
    const { album, single } = catalog();
    writeFileSync(join(dir, 'in.json'), JSON.stringify([album, single]));
    expect((await cli(['import', join(dir, 'in.json'), '--data', data])).code).toBe(0);

    const json = await cli(['export', '--data', data]);
    expect(json.code, json.stderr).toBe(0);
    const exported = JSON.parse(json.stdout);
    expect(exported.map((x: { id: string }) => x.id)).toEqual([album.id, 'rel-single']);
    expect(exported[0].tenantId).toBeUndefined();
    expect(exported[0].deals ?? null).toEqual(album.deals ?? null);

    for (const format of ['jsonl', 'csv', 'json']) {
      const file = join(dir, `out.${format}`);
      const r = await cli(['export', '--data', data, '-o', file]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain(`exported 2 release(s) of tenant default from sqlite ${data} as ${format} to ${file}`);
      // into the same store: nothing changes; into a new one: the same documents
      expect((await cli(['import', file, '--data', data])).stderr).toMatch(/2 read, 0 created, 0 updated, 2 unchanged/);
      const fresh = join(dir, `fresh-${format}`);
      expect((await cli(['import', file, '--data', fresh])).code).toBe(0);
      if (format !== 'csv') {
        expect((await stored(fresh)).map((x) => x.release)).toEqual((await stored(data)).map((x) => x.release));
      }
    }

    const csv = readFileSync(join(dir, 'out.csv'), 'utf8').split('\r\n');
    expect(csv[0]).toBe(CSV_HEADER.join(','));
    expect(csv).toHaveLength(1 + album.tracks.length + single.tracks.length + 1);
    // an edit in a spreadsheet: a new title and a broken ISRC on the third data row
    const cells = csv.map((line) => line.split(','));
    const isrc = CSV_HEADER.indexOf('isrc');
    cells[3]![isrc] = 'BROKEN';
    writeFileSync(join(dir, 'edit.csv'), cells.map((c) => c.join(',')).join('\r\n'));
    const edit = await cli(['import', join(dir, 'edit.csv'), '--data', data]);
    expect(edit.code).toBe(1);
    expect(edit.stderr).toMatch(new RegExp(`edit\\.csv:4 \\(release ${album.id}\\): isrc: `));
    expect(edit.stderr).toMatch(/2 read, 0 created, 0 updated, 1 unchanged, 1 failed/);
  });

  it('CSV import keeps what CSV has no column for, and rejects releases whose rows are apart', async () => {
    const dir = tempDir();
    const data = join(dir, 'data');
    const { album } = catalog();
    album.metadata.proprietaryIds = [{ namespace: 'PolarDB', value: 'P-42' }];
    writeFileSync(join(dir, 'in.json'), JSON.stringify([album]));
    expect((await cli(['import', join(dir, 'in.json'), '--data', data])).code).toBe(0);
    await cli(['export', '--data', data, '-o', join(dir, 'out.csv')]);
    const lines = readFileSync(join(dir, 'out.csv'), 'utf8').trimEnd().split('\r\n');
    const title = CSV_HEADER.indexOf('title');
    const edited = lines.map((l, i) => (i === 0 ? l : l.split(',').with(title, 'Northern Lights II').join(',')));
    writeFileSync(join(dir, 'edit.csv'), edited.join('\n'));
    const r = await cli(['import', join(dir, 'edit.csv'), '--data', data]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/1 read, 0 created, 1 updated, 0 unchanged, 0 failed/);
    const [row] = await stored(data);
    expect(row!.release.metadata).toMatchObject({ title: 'Northern Lights II', proprietaryIds: [{ value: 'P-42' }] });
    expect(row!.release.tracks).toEqual(album.tracks);

    // a row of another release between rows of the album: every row of the album is rejected, the other kept
    const upc = CSV_HEADER.indexOf('upc');
    const grid = CSV_HEADER.indexOf('grid');
    const warning = CSV_HEADER.indexOf('parental_warning');
    const other = lines[1]!.split(',').with(0, 'rel-other').with(upc, '').with(grid, '').with(warning, '').join(',');
    const apart = lines.map((l, i) => (i === 0 ? l : l.split(',').with(title, 'Never Written').join(',')));
    writeFileSync(join(dir, 'apart.csv'), [...apart.slice(0, 2), other, ...apart.slice(2)].join('\n'));
    const bad = await cli(['import', join(dir, 'apart.csv'), '--data', data]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/apart\.csv:2 \(release rel-polar-042\): release_id: not_together: /);
    expect(bad.stderr).toMatch(/apart\.csv:4-\d+ \(release rel-polar-042\): release_id: not_together: /);
    expect(bad.stderr).toMatch(/3 read, 1 created, 0 updated, 0 unchanged, 2 failed/);
    const after = await stored(data);
    expect(after.map((x) => [x.id, x.release.metadata.title, x.release.tracks.length])).toEqual([
      ['rel-polar-042', 'Northern Lights II', album.tracks.length],
      ['rel-other', 'Northern Lights', 1],
    ]);
  });

  it('exits 2 on an unknown format, a missing catalog, or both --data and --postgres', async () => {
    const dir = tempDir();
    expect((await cli(['export', '--data', join(dir, 'none')])).stderr).toMatch(/no catalog in .*none/);
    writeFileSync(join(dir, 'x.txt'), 'x');
    const r = await cli(['import', join(dir, 'x.txt'), '--data', join(dir, 'd')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot tell the format/);
    expect((await cli(['export', '--format', 'xml', '--data', dir])).code).toBe(2);
    expect((await cli(['export', '--data', dir, '--postgres', 'postgres://x@y/z'])).stderr).toMatch(/not both/);
  });
});

// the same commands on PostgreSQL (a throwaway database); CI always has DDEX_TEST_PG_URL, so this never skips there
const PG_URL = process.env.DDEX_TEST_PG_URL;
describe.skipIf(!PG_URL && process.env.CI !== 'true')('ddex-distro import/export with --postgres', () => {
  it('imports, re-imports without duplicates, and exports', async () => {
    if (!PG_URL) throw new Error('DDEX_TEST_PG_URL is not set (CI must run the PostgreSQL tests)');
    const { createTestDatabase } = await import('../../../adapters/postgres/test/helpers/pg-database');
    const db = await createTestDatabase(PG_URL);
    try {
      const dir = tempDir();
      const { album, single } = catalog();
      writeFileSync(join(dir, 'in.jsonl'), `${JSON.stringify(album)}\n${JSON.stringify(single)}\n`);
      const first = await cli(['import', join(dir, 'in.jsonl'), '--postgres', db.appUrl, '--tenant', 'polar']);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stderr).toMatch(/into postgres postgres:\/\/ddex_test_\w+:\*\*\*@/);
      expect(first.stderr).toMatch(/2 read, 2 created, 0 updated, 0 unchanged, 0 failed/);
      const again = await cli(['import', join(dir, 'in.jsonl'), '--postgres', db.appUrl, '--tenant', 'polar']);
      expect(again.stderr).toMatch(/2 read, 0 created, 0 updated, 2 unchanged, 0 failed/);
      const out = await cli(['export', '--postgres', db.appUrl, '--tenant', 'polar', '--format', 'jsonl']);
      expect(out.code, out.stderr).toBe(0);
      const rows = out.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(rows.map((r) => [r.id, r.tenantId, r.metadata.barcode, r.tracks.length])).toEqual(
        [album, single].map((r) => [r.id, undefined, r.metadata.barcode, r.tracks.length]),
      );
    } finally {
      await db.drop();
    }
  });
});
