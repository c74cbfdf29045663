import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqliteStore } from '@ddex/adapter-sqlite';
import { makeTenant } from '@ddex/catalog-store/testing';
import { type BenchFigure, peakRssMb, residentMb } from '../../../bench/harness';
import { addRareWords, growth, importCatalog, p95 } from '../../../bench/store-bench';

const SAMPLES = 300;

/**
 * The SQLite store on a seeded catalog (`DDEX_BENCH_RELEASES`, default 100,000 releases × 12 tracks): import time
 * (batches of 500 through `writeMany`), p95 of the first list page, search (common word, rare
 * word, code) and get, and peak RSS.
 */
export async function runSqliteStoreBench(): Promise<BenchFigure[]> {
  const releases = Number(process.env.DDEX_BENCH_RELEASES ?? 100_000);
  const dir = mkdtempSync(join(tmpdir(), 'ddex-sqlite-bench-'));
  const store = sqliteStore({ dataDir: dir });
  try {
    await store.tenants.create(makeTenant('bench'));
    const rssBefore = peakRssMb();
    // resident memory after each quarter of the import: flat means the process does not grow with the catalog
    const quarters: { releases: number; rss: number; anon?: number; file?: number }[] = [];
    const importSeconds = await importCatalog(store.releases, 'bench', releases, 500, (written) =>
      quarters.push({ releases: written, ...residentMb() }),
    );
    const rssAfterImport = peakRssMb();
    // as `ddex-distro import` ends
    const optimizeStarted = performance.now();
    await store.optimize();
    const optimizeSeconds = Math.round((performance.now() - optimizeStarted) / 100) / 10;

    const words = ['aurora', 'night', 'glass', 'ember', 'neon signal', 'quiet river'];
    const id = (i: number) => `rel-${String(1 + ((i * 7919) % releases)).padStart(7, '0')}`;
    const listP95 = await p95(SAMPLES, () => store.releases.list('bench', { limit: 50 }));
    const listFilteredP95 = await p95(SAMPLES, (i) =>
      store.releases.list('bench', { limit: 50, status: i % 2 ? 'ready' : 'draft', label: `Label ${i % 200}` }),
    );
    const searchP95 = await p95(SAMPLES, (i) => store.releases.search('bench', words[i % words.length]!));
    const searchCodeP95 = await p95(SAMPLES, (i) =>
      store.releases.search('bench', i % 2 ? `QZ${id(i).slice(4)}005` : `CAT-${id(i).slice(4)}`),
    );
    const rare = await addRareWords(store.releases, 'bench', releases);
    const searchRareP95 = await p95(SAMPLES, async (i) => {
      const { word, id } = rare[i % rare.length]!;
      const found = await store.releases.search('bench', word);
      if (found.length !== 1 || found[0]!.id !== id)
        throw new Error(`rare word ${word} found ${found.length} releases`);
    });
    const getP95 = await p95(SAMPLES, (i) => store.releases.get('bench', id(i)));
    const tracks = releases * 12;
    return [
      { bench: 'sqlite-import', unit: 's', value: importSeconds, releases, tracks, target: 60 },
      { bench: 'sqlite-optimize', unit: 's', value: optimizeSeconds, releases },
      { bench: 'sqlite-list-first-page-p95', unit: 'ms', value: listP95, releases, target: 20 },
      { bench: 'sqlite-list-filtered-p95', unit: 'ms', value: listFilteredP95, releases, target: 20 },
      { bench: 'sqlite-search-word-p95', unit: 'ms', value: searchP95, releases, target: 20 },
      { bench: 'sqlite-search-code-p95', unit: 'ms', value: searchCodeP95, releases, target: 20 },
      { bench: 'sqlite-search-rare-word-p95', unit: 'ms', value: searchRareP95, releases, target: 20 },
      { bench: 'sqlite-get-p95', unit: 'ms', value: getP95, releases, target: 20 },
      { bench: 'sqlite-peak-rss', unit: 'MB', value: peakRssMb(), before: rssBefore, afterImport: rssAfterImport },
      {
        bench: 'sqlite-resident-growth',
        unit: 'MB',
        // the process's own memory (anonymous pages) from the first to the last quarter of the import; file pages
        // (a memory-mapped database) are listed apart: the kernel drops them under pressure
        value: growth(quarters),
        quarters,
      },
    ];
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
