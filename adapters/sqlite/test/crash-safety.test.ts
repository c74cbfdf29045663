import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fsAssets, sqliteStore } from '@ddex/adapter-sqlite';
import { releaseIndex } from '@ddex/catalog-store';
import type { Release } from '@ddex/ern-model';
import { afterAll, describe, expect, it } from 'vitest';
import { startChild } from './fixtures/spawn';

const base = mkdtempSync(join(tmpdir(), 'ddex-sqlite-crash-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe('crash safety (kill -9)', () => {
  it('a process killed while streaming an asset leaves no file under the final name', async () => {
    const root = join(base, 'assets-new');
    const child = startChild('asset-forever', root, 'audio/master.wav');
    await child.waitFor(/streaming/);
    child.proc.kill('SIGKILL');
    expect((await child.exited).signal).toBe('SIGKILL');
    const temp = filesUnder(root);
    expect(temp.length).toBeGreaterThan(0);
    expect(temp.every((f) => f.includes(`${join(root, '.tmp')}`))).toBe(true);
    const assets = fsAssets({ root });
    expect(await assets.stat('t1', 'audio/master.wav')).toBeNull();
    expect((await assets.list('t1')).items).toEqual([]);
  });

  it('a process killed while replacing an asset leaves the old content intact; stale temp files are swept', async () => {
    const root = join(base, 'assets-replace');
    const before = fsAssets({ root });
    const old = await before.put('t1', 'cover.jpg', 'old cover');
    const child = startChild('asset-forever', root, 'cover.jpg');
    await child.waitFor(/streaming/);
    child.proc.kill('SIGKILL');
    await child.exited;
    let now = Date.now();
    const after = fsAssets({ root, clock: () => now });
    expect(await after.stat('t1', 'cover.jpg')).toEqual(old);
    const chunks: Buffer[] = [];
    for await (const c of await after.get('t1', 'cover.jpg')) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('old cover');
    // an hour later the first write sweeps the killed process's temp file
    now += 3_600_001;
    await after.put('t1', 'other', 'x');
    expect(readdirSync(join(root, '.tmp'))).toEqual([]);
  });

  it('a process killed mid-stream of release writes leaves a consistent database', async () => {
    const dataDir = join(base, 'db');
    const child = startChild('releases-forever', dataDir);
    await child.waitFor(/written 100/);
    child.proc.kill('SIGKILL');
    await child.exited;
    const reported = Math.max(...child.lines.map((l) => Number(/written (\d+)/.exec(l)?.[1] ?? 0)));

    const store = sqliteStore({ dataDir });
    const db = store.getInstance();
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.exec("INSERT INTO releases_fts (releases_fts) VALUES ('integrity-check')");
    const rows = db.prepare('SELECT seq, version, status, title, body FROM releases ORDER BY seq').all() as {
      seq: number;
      version: number;
      status: string;
      title: string;
      body: string;
    }[];
    expect(rows.length).toBeGreaterThanOrEqual(reported);
    // every release is whole: body parses, index columns and FTS row agree with it, ISRC rows are present
    for (const r of rows) {
      const release = JSON.parse(r.body) as Release;
      expect(releaseIndex(release).title).toBe(r.title);
      expect(r.status).toBe(r.version === 2 ? 'ready' : 'draft');
    }
    const fts = db.prepare('SELECT count(*) AS n FROM releases_fts').get() as { n: number };
    expect(fts.n).toBe(rows.length);
    const isrcs = db.prepare('SELECT count(*) AS n FROM release_isrcs').get() as { n: number };
    expect(isrcs.n).toBe(rows.length);
    // and the store keeps working
    const last = rows.at(-1)!;
    const hit = await store.releases.search('t1', `crash test ${JSON.parse(last.body).metadata.title.split(' ')[2]}`);
    expect(hit.map((h) => h.id)).toContain(JSON.parse(last.body).id);
    await store.close();
  });
});
