// Benchmark of the PostgreSQL catalog store (`npm run bench postgres`): import, list, search, get and code lookups
// on a throwaway database of the server at DDEX_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres),
// with the seeded catalog the SQLite bench uses. DDEX_BENCH_RELEASES sets its size (default 100,000 × 12 tracks).
// DDEX_BENCH_PG_KEEP=<name> (a plain lower-case identifier) uses the database and role <name> instead, created on
// first use and kept afterwards: the import runs only while the catalog's last release is missing, so later runs
// time the queries on the loaded catalog and leave the import figures out. To profile queries without importing
// again; drop it with `DROP DATABASE <name> WITH (FORCE); DROP ROLE <name>` as the admin.
import { ALL_TENANTS, isCatalogStoreError, memoryAssets } from '@ddex/catalog-store';
import { ean13, makeTenant } from '@ddex/catalog-store/testing';
import pg from 'pg';
import { type BenchFigure, peakRssMb, residentMb } from '../../../bench/harness';
import { addRareWords, growth, importCatalog, p95 } from '../../../bench/store-bench';
import { openPostgresStore, type PostgresStore } from '../src/index';
import { createTestDatabase, type TestDatabase } from '../test/helpers/pg-database';

const SAMPLES = 200;

/** The database of DDEX_BENCH_PG_KEEP: created (with its plain role, password = name) when missing, never dropped. */
async function keptDatabase(adminUrl: string, name: string): Promise<Pick<TestDatabase, 'appUrl' | 'drop'>> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`DDEX_BENCH_PG_KEEP: invalid name ${name}`);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const role = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name]);
    if (role.rowCount === 0)
      await admin.query(`CREATE ROLE ${name} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD '${name}'`);
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      await admin.query(`CREATE DATABASE ${name} OWNER ${name}`);
      await admin.query(`ALTER DATABASE ${name} SET synchronous_commit = off`);
    }
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  url.username = name;
  url.password = name;
  return { appUrl: url.toString(), drop: async () => {} };
}

/** Creates a tenant unless a kept database has it already. */
async function ensureTenant(store: PostgresStore, id: string): Promise<void> {
  try {
    await store.tenants.create(makeTenant(id));
  } catch (error) {
    if (!isCatalogStoreError(error, 'ALREADY_EXISTS')) throw error;
  }
}

/**
 * The PostgreSQL store on the seeded catalog: import time (batches of 500 through `writeMany`, as `ddex-distro
 * import` writes), p95 of the first list page, a filtered page, word, rare-word and code search, get and UPC
 * lookup, queue throughput with 8 workers, and peak RSS.
 */
export async function runPostgresStoreBench(): Promise<BenchFigure[]> {
  const releases = Number(process.env.DDEX_BENCH_RELEASES ?? 100_000);
  const adminUrl = process.env.DDEX_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const keep = process.env.DDEX_BENCH_PG_KEEP;
  const db = keep ? await keptDatabase(adminUrl, keep) : await createTestDatabase(adminUrl);
  const pool = new pg.Pool({ connectionString: db.appUrl, max: 12 });
  let store: PostgresStore | undefined;
  try {
    store = await openPostgresStore({ pool, assets: memoryAssets() });
    const s = store;
    await ensureTenant(s, 'bench');
    await ensureTenant(s, 'bench-other');
    const loaded = keep !== undefined && (await s.releases.find('bench', `rel-${String(releases).padStart(7, '0')}`));
    const rssBefore = peakRssMb();
    // resident memory after each quarter of the import: flat means the process does not grow with the catalog
    const quarters: { releases: number; rss: number; anon?: number; file?: number }[] = [];
    const importSeconds = loaded
      ? Number.NaN
      : await importCatalog(s.releases, 'bench', releases, 500, (written) =>
          quarters.push({ releases: written, ...residentMb() }),
        );
    const rssAfterImport = peakRssMb();
    // as `ddex-distro import` ends
    const optimizeStarted = performance.now();
    if (!loaded) await s.optimize();
    const optimizeSeconds = Math.round((performance.now() - optimizeStarted) / 100) / 10;

    const words = ['aurora', 'night', 'glass', 'ember', 'neon signal', 'quiet river'];
    const num = (i: number) => String(1 + ((i * 7919) % releases)).padStart(7, '0');
    const listP95 = await p95(SAMPLES, () => s.releases.list('bench', { limit: 50 }));
    const listFilteredP95 = await p95(SAMPLES, (i) =>
      s.releases.list('bench', { limit: 50, status: i % 2 ? 'ready' : 'draft', label: `Label ${i % 200}` }),
    );
    const searchP95 = await p95(SAMPLES, (i) => s.releases.search('bench', words[i % words.length]!));
    const searchCodeP95 = await p95(SAMPLES, (i) =>
      s.releases.search('bench', i % 2 ? `QZ${num(i)}005` : `CAT-${num(i)}`),
    );
    // a word in one release only: no early stop in the newest-first scan, so it needs an index
    const rare = await addRareWords(s.releases, 'bench', releases);
    const searchRareP95 = await p95(SAMPLES, async (i) => {
      const { word, id } = rare[i % rare.length]!;
      const found = await s.releases.search('bench', word);
      if (found.length !== 1 || found[0]!.id !== id)
        throw new Error(`rare word ${word} found ${found.length} releases`);
    });
    const getP95 = await p95(SAMPLES, (i) => s.releases.get('bench', `rel-${num(i)}`));
    const upcP95 = await p95(SAMPLES, async (i) => {
      const found = await s.releases.findByCode('bench', 'upc', ean13(`50${num(i).padStart(10, '0')}`));
      if (found.length !== 1) throw new Error(`UPC lookup found ${found.length} releases`);
    });

    // queue: enqueue then drain with 8 workers
    const jobs = 1000;
    for (let i = 0; i < jobs; i++) await s.queue.enqueue('bench', { kind: 'deliver', payload: { i } });
    const qStart = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        for (;;) {
          const claimed = await s.queue.claim(ALL_TENANTS, { workerId: `w${w}`, leaseMs: 60_000, limit: 10 });
          if (claimed.length === 0) return;
          for (const job of claimed) await s.queue.complete(job.tenantId, job.id, job.leaseToken);
        }
      }),
    );
    const jobsPerSecond = Math.round(jobs / ((performance.now() - qStart) / 1000));
    const tracks = releases * 12;
    const importFigures: BenchFigure[] = loaded
      ? []
      : [
          { bench: 'postgres-import', unit: 's', value: importSeconds, releases, tracks, target: 60 },
          { bench: 'postgres-import-throughput', unit: 'releases/s', value: Math.round(releases / importSeconds) },
          { bench: 'postgres-optimize', unit: 's', value: optimizeSeconds, releases },
        ];
    return [
      ...importFigures,
      { bench: 'postgres-list-first-page-p95', unit: 'ms', value: listP95, releases, target: 20 },
      { bench: 'postgres-list-filtered-p95', unit: 'ms', value: listFilteredP95, releases, target: 20 },
      { bench: 'postgres-search-word-p95', unit: 'ms', value: searchP95, releases, target: 20 },
      { bench: 'postgres-search-code-p95', unit: 'ms', value: searchCodeP95, releases, target: 20 },
      { bench: 'postgres-search-rare-word-p95', unit: 'ms', value: searchRareP95, releases, target: 20 },
      { bench: 'postgres-get-p95', unit: 'ms', value: getP95, releases, target: 20 },
      { bench: 'postgres-find-by-upc-p95', unit: 'ms', value: upcP95, releases, target: 20 },
      { bench: 'postgres-queue-8-workers', unit: 'jobs/s', value: jobsPerSecond },
      { bench: 'postgres-peak-rss', unit: 'MB', value: peakRssMb(), before: rssBefore, afterImport: rssAfterImport },
      ...(loaded
        ? []
        : [
            {
              bench: 'postgres-resident-growth',
              unit: 'MB',
              // the process's own memory (anonymous pages) from the first to the last quarter of the import; file
              // pages (a memory-mapped database) are listed apart: the kernel drops them under pressure
              value: growth(quarters),
              quarters,
            },
          ]),
    ];
  } finally {
    await store?.close();
    await pool.end();
    await db.drop();
  }
}
