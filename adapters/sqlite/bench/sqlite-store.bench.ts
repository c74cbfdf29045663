import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqliteStore } from '@ddex/adapter-sqlite';
import { writeReleases } from '@ddex/catalog-store';
import { makeTenant } from '@ddex/catalog-store/testing';
import type { Release } from '@ddex/ern-model';
import { generateCatalog } from '../../../bench/catalog-generator';
import { type BenchFigure, peakRssMb } from '../../../bench/harness';

const SAMPLES = 300;

async function p95(fn: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 20; i++) await fn(i);
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const start = performance.now();
    await fn(i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(SAMPLES * 0.95)]! * 100) / 100;
}

/**
 * The SQLite store on a seeded catalog (`DDEX_BENCH_RELEASES`, default 100,000 releases × 12 tracks): import time
 * (batches of 500 through `writeMany`), p95 of the first list page, search and get, and peak RSS.
 */
export async function runSqliteStoreBench(): Promise<BenchFigure[]> {
  const releases = Number(process.env.DDEX_BENCH_RELEASES ?? 100_000);
  const dir = mkdtempSync(join(tmpdir(), 'ddex-sqlite-bench-'));
  const store = sqliteStore({ dataDir: dir });
  try {
    await store.tenants.create(makeTenant('bench'));
    const rssBefore = peakRssMb();
    const start = performance.now();
    let batch: Release[] = [];
    const flush = async () => {
      const results = await writeReleases(store.releases, 'bench', batch);
      const failed = results.find((r) => !r.ok);
      if (failed && !failed.ok) throw failed.error;
      batch = [];
    };
    for (const release of generateCatalog({ releases })) {
      batch.push(release);
      if (batch.length === 500) await flush();
    }
    if (batch.length > 0) await flush();
    const importSeconds = Math.round((performance.now() - start) / 100) / 10;
    const rssAfterImport = peakRssMb();

    const words = ['aurora', 'night', 'glass', 'ember', 'neon signal', 'quiet river'];
    const id = (i: number) => `rel-${String(1 + ((i * 7919) % releases)).padStart(7, '0')}`;
    const listP95 = await p95(() => store.releases.list('bench', { limit: 50 }));
    const listFilteredP95 = await p95((i) =>
      store.releases.list('bench', { limit: 50, status: i % 2 ? 'ready' : 'draft', label: `Label ${i % 200}` }),
    );
    const searchP95 = await p95((i) => store.releases.search('bench', words[i % words.length]!));
    const searchCodeP95 = await p95((i) =>
      store.releases.search('bench', i % 2 ? `QZ${id(i).slice(4)}005` : `CAT-${id(i).slice(4)}`),
    );
    const getP95 = await p95((i) => store.releases.get('bench', id(i)));
    const tracks = releases * 12;
    return [
      { bench: 'sqlite-import', unit: 's', value: importSeconds, releases, tracks, target: 60 },
      { bench: 'sqlite-list-first-page-p95', unit: 'ms', value: listP95, releases, target: 20 },
      { bench: 'sqlite-list-filtered-p95', unit: 'ms', value: listFilteredP95, releases, target: 20 },
      { bench: 'sqlite-search-word-p95', unit: 'ms', value: searchP95, releases, target: 20 },
      { bench: 'sqlite-search-code-p95', unit: 'ms', value: searchCodeP95, releases, target: 20 },
      { bench: 'sqlite-get-p95', unit: 'ms', value: getP95, releases, target: 20 },
      { bench: 'sqlite-peak-rss', unit: 'MB', value: peakRssMb(), before: rssBefore, afterImport: rssAfterImport },
    ];
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
