// Benchmark of the PostgreSQL catalog store (`npm run bench postgres`): import, list, search and get on a throwaway
// database of the server at DDEX_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres).
// DDEX_BENCH_RELEASES sets the catalog size (default 10,000 releases of 12 tracks; the full run is 100,000).
import { ALL_TENANTS, memoryAssets } from '@ddex/catalog-store';
import { makeRelease, makeTenant } from '@ddex/catalog-store/testing';
import type { Release } from '@ddex/ern-model';
import pg from 'pg';
import { peakRssMb } from '../../../bench/harness';
import { openPostgresStore, type PostgresStore } from '../src/index';
import { createTestDatabase } from '../test/helpers/pg-database';

/** One benchmark figure. */
export interface PostgresBenchFigure {
  /** what was measured */
  bench: string;
  /** unit of `value` */
  unit: string;
  /** the measurement */
  value: number;
}

// ~8,000 pseudo-words from syllables: a word matches a few dozen releases of 10,000, like real titles do
const SYLLABLES = 'ka lo mi ra ve no su te li da po ne ri sa to mu el an or is'.split(' ');
const WORDS = SYLLABLES.flatMap((a) => SYLLABLES.flatMap((b) => SYLLABLES.map((c) => `${a}${b}${c}`)));
const ARTISTS = ['Aurora Fields', 'Björk Dahl', 'The Glaciers', 'Neon Harbour', 'Velvet Static', 'Cinder Prism'];
const LABELS = ['Polar Records', 'Tundra Music', 'Meridian', 'Copper Hollow'];
const STATUSES = ['draft', 'ready', 'delivered'] as const;

/** A small seeded PRNG (mulberry32), so every run builds the same catalog. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Release `i` of the seeded catalog: 12 tracks, varied titles, artists, labels, statuses and dates. */
function benchRelease(i: number, rnd: () => number): Release {
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const num = String(i).padStart(7, '0');
  const title = `${pick(WORDS)} ${pick(WORDS)}`;
  return makeRelease(i, {
    id: `rel-${num}`,
    title: title[0]!.toUpperCase() + title.slice(1),
    artist: pick(ARTISTS),
    label: pick(LABELS),
    status: pick(STATUSES),
    type: rnd() < 0.7 ? 'Album' : 'Single',
    releaseDate: `20${20 + Math.floor(rnd() * 8)}-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}`,
    barcodeBase: `5${num}${String(Math.floor(rnd() * 10_000)).padStart(4, '0')}`,
    catalogNumber: `CAT-${num}`,
    isrcs: Array.from({ length: 12 }, (_, t) => `QZ${num}${String(t).padStart(3, '0')}`),
    trackTitles: Array.from({ length: 12 }, () => `${pick(WORDS)} ${pick(WORDS)}`),
  });
}

const p95 = (samples: number[]): number => {
  const sorted = [...samples].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]! * 100) / 100;
};

/** Times `n` runs of `fn` one after another and returns the p95 in ms. */
async function timeP95(n: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    samples.push(performance.now() - t);
  }
  return p95(samples);
}

/** Runs the PostgreSQL store benchmark and returns its figures. */
export async function runPostgresStoreBench(): Promise<PostgresBenchFigure[]> {
  const total = Number(process.env.DDEX_BENCH_RELEASES ?? 10_000);
  const db = await createTestDatabase(process.env.DDEX_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const pool = new pg.Pool({ connectionString: db.appUrl, max: 12 });
  let store: PostgresStore | undefined;
  try {
    store = await openPostgresStore({ pool, assets: memoryAssets() });
    const s = store;
    const tenant = 'bench-label';
    await s.tenants.create(makeTenant(tenant));
    await s.tenants.create(makeTenant('bench-other'));

    // import: 8 concurrent writers (as the CLI import or several API processes would)
    const rnd = prng(42);
    const releases = Array.from({ length: total }, (_, i) => benchRelease(i + 1, rnd));
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < releases.length) await s.releases.create(tenant, releases[next++]!);
      }),
    );
    const importSeconds = (performance.now() - started) / 1000;
    await pool.query('ANALYZE');

    const q = prng(7);
    const word = () => WORDS[Math.floor(q() * WORDS.length)]!;
    const listP95 = await timeP95(100, () => s.releases.list(tenant, { limit: 50 }));
    const filteredP95 = await timeP95(100, () =>
      s.releases.list(tenant, { limit: 50, status: 'ready', label: LABELS[Math.floor(q() * LABELS.length)]! }),
    );
    const searchP95 = await timeP95(100, (i) =>
      s.releases.search(tenant, i % 4 === 0 ? `${word()} ${word()}` : i % 4 === 1 ? word().slice(0, 4) : word()),
    );
    const codeP95 = await timeP95(100, () => {
      const n = String(1 + Math.floor(q() * total)).padStart(7, '0');
      return s.releases.search(tenant, q() < 0.5 ? `QZ${n}005` : `CAT-${n}`);
    });
    const getP95 = await timeP95(200, () =>
      s.releases.get(tenant, `rel-${String(1 + Math.floor(q() * total)).padStart(7, '0')}`),
    );

    // queue: enqueue then drain with 8 workers
    const jobs = 1000;
    for (let i = 0; i < jobs; i++) await s.queue.enqueue(tenant, { kind: 'deliver', payload: { i } });
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

    return [
      {
        bench: `postgres: import ${total} releases (12 tracks each, 8 writers)`,
        unit: 's',
        value: round(importSeconds),
      },
      { bench: 'postgres: import throughput', unit: 'releases/s', value: Math.round(total / importSeconds) },
      { bench: 'postgres: list first page (50) p95', unit: 'ms', value: listP95 },
      { bench: 'postgres: list filtered by status + label p95', unit: 'ms', value: filteredP95 },
      { bench: 'postgres: search words p95', unit: 'ms', value: searchP95 },
      { bench: 'postgres: search ISRC / catalog number p95', unit: 'ms', value: codeP95 },
      { bench: 'postgres: get p95', unit: 'ms', value: getP95 },
      { bench: 'postgres: queue claim + complete (8 workers)', unit: 'jobs/s', value: jobsPerSecond },
      { bench: 'postgres: peak RSS', unit: 'MB', value: peakRssMb() },
    ];
  } finally {
    await store?.close();
    await pool.end();
    await db.drop();
  }
}

const round = (n: number) => Math.round(n * 100) / 100;
