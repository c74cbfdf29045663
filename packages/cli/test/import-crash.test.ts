import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sqliteStore } from '@ddex/adapter-sqlite';
import { makeRelease } from '@ddex/catalog-store/testing';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from './support';

const REPO = join(import.meta.dirname, '../../..');

describe('ddex-distro import killed with SIGKILL', () => {
  it('leaves whole releases only, and a rerun finishes the import without duplicates', async () => {
    const dir = tempDir();
    const data = join(dir, 'data');
    const releases = Array.from({ length: 3000 }, (_, i) =>
      makeRelease(i + 1, { isrcs: [`QZES7${String(i).padStart(7, '0')}`] }),
    );
    writeFileSync(join(dir, 'big.jsonl'), releases.map((r) => JSON.stringify(r)).join('\n'));
    const child = spawn(
      process.execPath,
      [
        '--conditions=@ddex/source',
        '--import',
        'tsx',
        join(REPO, 'packages/cli/src/bin.ts'),
        'import',
        join(dir, 'big.jsonl'),
        '--data',
        data,
        '--batch-size',
        '50',
      ],
      { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    // kill it right after the second batch committed, while later batches are being written
    await new Promise<void>((done) => {
      let seen = 0;
      child.stderr.on('data', (chunk: Buffer) => {
        seen += (chunk.toString().match(/^progress:/gm) ?? []).length;
        if (seen >= 2 && child.exitCode === null) child.kill('SIGKILL');
      });
      child.on('exit', () => done());
    });
    const store = sqliteStore({ dataDir: data });
    let stored: Awaited<ReturnType<typeof store.releases.list>>['items'] = [];
    try {
      for (let cursor: string | null = null; ; ) {
        const page = await store.releases.list('default', { order: 'asc', limit: 500, cursor });
        stored = stored.concat(page.items);
        cursor = page.nextCursor;
        if (!cursor) break;
      }
    } finally {
      await store.close();
    }
    expect(stored.length).toBeGreaterThanOrEqual(100);
    expect(stored.length).toBeLessThan(releases.length);
    expect(stored.length % 50).toBe(0); // whole batches
    for (const r of stored)
      expect({ ...r.release, tenantId: undefined }).toEqual({
        ...releases[Number(r.id.slice(4)) - 1],
        tenantId: undefined,
      });

    const rerun = await cli(['import', join(dir, 'big.jsonl'), '--data', data, '--batch-size', '500']);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toContain(
      `3000 read, ${3000 - stored.length} created, 0 updated, ${stored.length} unchanged, 0 failed`,
    );
  }, 60_000);
});
