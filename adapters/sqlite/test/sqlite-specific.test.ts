import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqliteStore } from '@ddex/adapter-sqlite';
import { makeRelease, makeTenant } from '@ddex/catalog-store/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteContext } from '../src/context';
import { joinedSummaryPage } from '../src/summary-page';
import { startChild } from './fixtures/spawn';

const base = mkdtempSync(join(tmpdir(), 'ddex-sqlite-specific-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let n = 0;
const open = () => sqliteStore({ dataDir: join(base, `s${n++}`), synchronous: 'NORMAL' });

describe('sqlite FTS5 search', () => {
  it('search runs on the FTS5 index', async () => {
    const store = open();
    const plan = store
      .getInstance()
      .prepare(
        `EXPLAIN QUERY PLAN SELECT r.* FROM releases_fts f JOIN releases r ON r.seq = f.rowid
         WHERE releases_fts MATCH ? AND r.tenant_id = ?`,
      )
      .all('"x"*', 't') as { detail: string }[];
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/SCAN f VIRTUAL TABLE INDEX \d+:M/);
    await store.close();
  });

  it('prefixes of every length match, on both sides of the longest prefix index (10)', async () => {
    const store = open();
    await store.tenants.create(makeTenant('t1'));
    await store.releases.create('t1', makeRelease(1, { title: 'Electroencephalographic Dreams' }));
    await store.releases.create('t1', makeRelease(2, { title: 'Electric Avenue' }));
    const ids = async (text: string) => (await store.releases.list('t1', { text })).items.map((r) => r.id).sort();
    expect(await ids('el')).toEqual(['rel-00001', 'rel-00002']);
    expect(await ids('electr')).toEqual(['rel-00001', 'rel-00002']);
    expect(await ids('electroenc')).toEqual(['rel-00001']);
    expect(await ids('electroencephalo')).toEqual(['rel-00001']);
    expect(await ids('electroencephalographic')).toEqual(['rel-00001']);
    expect(await ids('electrica')).toEqual([]);
    expect((await store.releases.search('t1', 'electri')).map((r) => r.id)).toEqual(['rel-00002']);
    await store.close();
  });

  it('FTS query syntax in user input is treated as words, never as operators', async () => {
    const store = open();
    await store.tenants.create(makeTenant('t1'));
    await store.releases.create('t1', makeRelease(1, { title: 'Love AND Hate (Live) - Remastered' }));
    for (const q of [
      'AND',
      'OR',
      'NOT',
      'NEAR(love hate)',
      '"love',
      'love*',
      '-hate',
      'title:love',
      '^love',
      '{text}: x',
      "l'amour",
      '((',
    ]) {
      await expect(store.releases.search('t1', q)).resolves.toBeInstanceOf(Array);
      await expect(store.releases.list('t1', { text: q })).resolves.toBeDefined();
    }
    expect((await store.releases.search('t1', 'love AND hate')).map((r) => r.id)).toEqual(['rel-00001']);
    expect(await store.releases.search('t1', 'NOT love')).toEqual([]);
    expect((await store.releases.search('t1', 'live remaster')).map((r) => r.id)).toEqual(['rel-00001']);
    await store.close();
  });

  it('ranks a code match above a word in a title, and stays consistent with the table after writes', async () => {
    const store = open();
    await store.tenants.create(makeTenant('t1'));
    await store.releases.create('t1', makeRelease(1, { title: 'Songs about POLAR-042', catalogNumber: 'X-1' }));
    await store.releases.create('t1', makeRelease(2, { title: 'Tundra', catalogNumber: 'POLAR-042' }));
    expect((await store.releases.search('t1', 'POLAR-042')).map((r) => r.id)).toEqual(['rel-00002', 'rel-00001']);
    for (let i = 3; i <= 40; i++) await store.releases.create('t1', makeRelease(i));
    for (let i = 3; i <= 40; i += 3) await store.releases.delete('t1', makeRelease(i).id);
    for (let i = 4; i <= 40; i += 3)
      await store.releases.update('t1', makeRelease(i).id, makeRelease(i, { title: 'Renamed' }));
    const db = store.getInstance();
    db.exec("INSERT INTO releases_fts (releases_fts) VALUES ('integrity-check')");
    const counts = db
      .prepare('SELECT (SELECT count(*) FROM releases) AS r, (SELECT count(*) FROM releases_fts) AS f')
      .get();
    expect(counts).toEqual({ r: 40 - 13, f: 40 - 13 });
    expect(await store.releases.search('t1', 'renamed', { limit: 100 })).toHaveLength(13);
    await store.close();
  });
});

describe('sqlite bulk writes', () => {
  it('optimize() after batches merges the search index into one segment; results stay the same', async () => {
    const store = open();
    await store.tenants.create(makeTenant('t1'));
    for (let b = 0; b < 8; b++) {
      await store.releases.writeMany!(
        't1',
        [1, 2, 3].map((i) => makeRelease(b * 3 + i, { title: `Aurora ${b}` })),
      );
    }
    const db = store.getInstance();
    // FTS5's structure record lists the segments: many after separate batches, one after optimize
    const segments = () => (db.prepare('SELECT count(*) AS n FROM releases_fts_idx').get() as { n: number }).n;
    const before = await store.releases.search('t1', 'aurora', { limit: 50 });
    const segmentsBefore = segments();
    await store.optimize();
    expect(segments()).toBeLessThan(segmentsBefore);
    expect(await store.releases.search('t1', 'aurora', { limit: 50 })).toEqual(before);
    expect(before).toHaveLength(24);
    await store.close();
    await store.optimize(); // a closed store: nothing to do, no error
  });

  it('writeMany commits a batch at once; a release failing mid-write rolls back alone', async () => {
    const store = open();
    await store.tenants.create(makeTenant('t1'));
    const db = store.getInstance();
    db.exec(`CREATE TRIGGER boom BEFORE INSERT ON release_isrcs WHEN NEW.isrc = 'QZBOOM000001'
             BEGIN SELECT RAISE(ABORT, 'boom'); END`);
    const results = await store.releases.writeMany!('t1', [
      makeRelease(1),
      makeRelease(2, { isrcs: ['QZES70000002', 'QZBOOM000001'], title: 'Exploding' }),
      makeRelease(3),
      makeRelease(1),
    ]);
    expect(results.map((r) => [r.id, r.ok])).toEqual([
      ['rel-00001', true],
      ['rel-00002', false],
      ['rel-00003', true],
      ['rel-00001', false],
    ]);
    expect(results[1]!.ok === false && results[1]!.error.message).toMatch(/boom/);
    expect(await store.releases.find('t1', 'rel-00002')).toBeNull();
    expect(await store.releases.search('t1', 'exploding')).toEqual([]);
    expect(db.prepare("SELECT count(*) AS n FROM release_isrcs WHERE isrc = 'QZES70000002'").get()).toEqual({ n: 0 });
    const counts = db
      .prepare('SELECT (SELECT count(*) FROM releases) AS r, (SELECT count(*) FROM releases_fts) AS f')
      .get();
    expect(counts).toEqual({ r: 2, f: 2 });
    await store.close();
  });
});

describe('sqlite integrity', () => {
  it('the audit log is append-only in the database itself', async () => {
    const store = open();
    await store.tenants.create(makeTenant('t1'));
    await store.audit.append('t1', { actor: 'u', action: 'x' });
    const db = store.getInstance();
    expect(() => db.prepare("UPDATE audit_log SET actor = 'forged'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect((await store.audit.list('t1')).items[0]?.actor).toBe('u');
    await store.close();
  });

  it('only hashes of API key secrets reach the database', async () => {
    const store = open();
    await store.tenants.create(makeTenant('t1'));
    const { secret } = await store.apiKeys.create('t1', { name: 'k' });
    const dump = JSON.stringify(store.getInstance().prepare('SELECT * FROM api_keys').all());
    expect(dump).not.toContain(secret.slice(12));
    await store.close();
  });
});

describe('sqlite API key authentication', () => {
  it('is a read: last_used_at is written at most once a minute, and revocation applies at once', async () => {
    let now = Date.parse('2027-01-01T00:00:00Z');
    const store = sqliteStore({ dataDir: join(base, `s${n++}`), synchronous: 'NORMAL', clock: () => now });
    await store.tenants.create(makeTenant('t1'));
    const { key, secret } = await store.apiKeys.create('t1', { name: 'k' });
    const db = store.getInstance();
    const stored = () => (db.prepare('SELECT last_used_at FROM api_keys WHERE id = ?').get(key.id) as any).last_used_at;
    const changes = () => (db.prepare('SELECT total_changes() AS n').get() as any).n as number;

    expect((await store.apiKeys.authenticate(secret))?.lastUsedAt).toBe('2027-01-01T00:00:00.000Z');
    expect(stored()).toBe('2027-01-01T00:00:00.000Z');
    const before = changes();
    now += 59_000;
    expect((await store.apiKeys.authenticate(secret))?.lastUsedAt).toBe('2027-01-01T00:00:59.000Z');
    expect(changes()).toBe(before);
    expect(stored()).toBe('2027-01-01T00:00:00.000Z');
    now += 1_000;
    await store.apiKeys.authenticate(secret);
    expect(stored()).toBe('2027-01-01T00:01:00.000Z');
    await store.apiKeys.revoke('t1', key.id);
    expect(await store.apiKeys.authenticate(secret)).toBeNull();
    await store.close();
  });
});

describe('sqlite across processes', () => {
  it('three processes claiming from one database file run every job exactly once', async () => {
    const dataDir = join(base, 'multi');
    const store = sqliteStore({ dataDir });
    await store.tenants.create(makeTenant('t1'));
    const ids = new Set<string>();
    for (let i = 0; i < 90; i++) ids.add((await store.queue.enqueue('t1', { kind: 'deliver', payload: i })).id);
    const children = [1, 2, 3].map(() => startChild('claim', dataDir));
    const results = await Promise.all(children.map((c) => c.exited));
    expect(
      results.map((r) => r.code),
      children.map((c) => c.stderr()).join('\n'),
    ).toEqual([0, 0, 0]);
    const claimed = children.flatMap((c) => c.lines.filter((l) => l.startsWith('claimed ')).map((l) => l.slice(8)));
    expect(claimed).toHaveLength(90);
    expect(new Set(claimed)).toEqual(ids);
    expect((await store.queue.list('t1', { status: 'completed', limit: 500 })).items).toHaveLength(90);
    await store.close();
  });
});

describe('sqlite catalog pages', () => {
  /** The plan of a summary page as listSummariesJson reads it. */
  const plan = (store: ReturnType<typeof open>, where: string, ...args: unknown[]) =>
    (
      store
        .getInstance()
        .prepare(
          `EXPLAIN QUERY PLAN SELECT r.seq, coalesce(r.summary, json_object('id', r.id)) FROM releases r
           WHERE r.tenant_id = ? ${where} ORDER BY r.seq DESC LIMIT +?`,
        )
        .all('t1', ...args, 51) as { detail: string }[]
    )
      .map((p) => p.detail)
      .join('\n');

  it('the catalog view pages read their summaries from an index', async () => {
    const store = open();
    expect(plan(store, '')).toContain('releases_tenant_seq_summary');
    expect(plan(store, 'AND r.status IN (?)', 'ready')).toContain('releases_tenant_status_summary');
    expect(plan(store, 'AND r.label_key = ?', 'label 1')).toContain('releases_tenant_label_summary');
    expect(plan(store, 'AND r.seq < ?', 40)).toContain('releases_tenant_seq_summary');
    await store.close();
  });

  it('a page read as one joined row is the page read row by row, whatever the summary column holds', async () => {
    const store = open();
    await store.tenants.create(makeTenant('t1'));
    await store.tenants.create(makeTenant('t2'));
    for (let i = 1; i <= 7; i++) {
      const title = `Tide ${i} "q" \\ ü 🎵`;
      await store.releases.create('t1', makeRelease(i, { title, status: i % 2 ? 'ready' : 'draft' }));
      await store.releases.create('t2', makeRelease(i, { title: `Tide ${i}` }));
    }
    // a row written without its summary (by another tool): built from the columns, as migration 8 did
    store.getInstance().prepare("UPDATE releases SET summary = NULL WHERE tenant_id = 't1' AND id = 'rel-00004'").run();
    const queries = [
      {},
      { limit: 3 },
      { limit: 7 },
      { limit: 6, order: 'asc' as const },
      { limit: 2, status: ['ready'] },
      { limit: 2, text: 'tide' },
      { limit: 50, text: 'tide', order: 'asc' as const },
      { text: 'nothing' },
    ];
    for (const query of queries) {
      let q: typeof query & { cursor?: string } = query;
      for (let pages = 0; pages < 10; pages++) {
        const rows = await store.releases.listSummaries!('t1', q);
        const joined = await store.releases.listSummariesJson!('t1', q);
        expect(JSON.parse(joined.itemsJson)).toStrictEqual(rows.items.map(({ tenantId: _t, ...summary }) => summary));
        expect(joined.nextCursor).toBe(rows.nextCursor);
        if (!joined.nextCursor) break;
        q = { ...query, cursor: joined.nextCursor };
      }
    }
    await store.close();
  });

  it('a joined page whose order SQLite did not keep is refused, and read row by row instead', async () => {
    const store = open();
    await store.tenants.create(makeTenant('t1'));
    for (let i = 1; i <= 3; i++) await store.releases.create('t1', makeRelease(i));
    const ctx = new SqliteContext(store.getInstance(), Date.now, {});
    const page = (dir: string) =>
      `SELECT seq, summary FROM releases WHERE tenant_id = 't1' ORDER BY seq ${dir} LIMIT +?`;
    expect(joinedSummaryPage(ctx, page('DESC'), [3], 2, true)?.itemsJson).toMatch(
      /^\[\{"id":"rel-00003".*"rel-00002".*\]$/,
    );
    expect(joinedSummaryPage(ctx, page('ASC'), [3], 2, true)).toBeNull();
    expect(joinedSummaryPage(ctx, page('DESC'), [3], 2, false)).toBeNull();
    await store.close();
  });
});
