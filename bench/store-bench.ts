// Shared by the catalog store benchmarks (SQLite, PostgreSQL): the seeded import loop and latency percentiles.
import { type ReleaseRepository, writeReleases } from '@ddex/catalog-store';
import type { Release } from '@ddex/ern-model';
import { generateCatalog } from './catalog-generator';

/**
 * Imports the seeded catalog of `releases` releases into `tenantId`, in batches of `batchSize` through
 * `writeReleases` (as `ddex-distro import` writes: each batch one `writeMany`). Throws on the first failed release.
 * @returns the elapsed time in seconds, to one decimal
 */
export async function importCatalog(
  repo: ReleaseRepository,
  tenantId: string,
  releases: number,
  batchSize = 500,
): Promise<number> {
  const start = performance.now();
  let batch: Release[] = [];
  const flush = async () => {
    const results = await writeReleases(repo, tenantId, batch);
    const failed = results.find((r) => !r.ok);
    if (failed && !failed.ok) throw failed.error;
    batch = [];
  };
  for (const release of generateCatalog({ releases })) {
    batch.push(release);
    if (batch.length === batchSize) await flush();
  }
  if (batch.length > 0) await flush();
  return Math.round((performance.now() - start) / 100) / 10;
}

/** 95th percentile in ms (two decimals) of `samples` sequential calls of `fn(i)`, after 20 warm-up calls. */
export async function p95(samples: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 20; i++) await fn(i);
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    await fn(i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(samples * 0.95)]! * 100) / 100;
}
