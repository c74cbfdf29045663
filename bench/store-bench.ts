// Shared by the catalog store benchmarks (SQLite, PostgreSQL): the seeded import loop and latency percentiles.
import { type ReleaseRepository, writeReleases } from '@ddex/catalog-store';
import type { Release } from '@ddex/ern-model';
import { generateCatalog } from './catalog-generator';

/**
 * Imports the seeded catalog of `releases` releases into `tenantId`, in batches of `batchSize` through
 * `writeReleases` (as `ddex-distro import` writes: each batch one `writeMany`). Throws on the first failed release.
 * `onQuarter` is called after each quarter of the catalog is written (to sample memory as the catalog grows).
 * @returns the elapsed time in seconds, to one decimal
 */
export async function importCatalog(
  repo: ReleaseRepository,
  tenantId: string,
  releases: number,
  batchSize = 500,
  onQuarter?: (written: number) => void,
): Promise<number> {
  const start = performance.now();
  let batch: Release[] = [];
  let written = 0;
  let nextQuarter = 1;
  const flush = async () => {
    const results = await writeReleases(repo, tenantId, batch);
    const failed = results.find((r) => !r.ok);
    if (failed && !failed.ok) throw failed.error;
    written += batch.length;
    batch = [];
    while (onQuarter && nextQuarter <= 4 && written >= (releases * nextQuarter) / 4) {
      onQuarter(written);
      nextQuarter++;
    }
  };
  for (const release of generateCatalog({ releases })) {
    batch.push(release);
    if (batch.length === batchSize) await flush();
  }
  if (batch.length > 0) await flush();
  return Math.round((performance.now() - start) / 100) / 10;
}

/** `n` as three letters (`aaa`, `aab`, ...): words without digits that never prefix one another. */
const letters = (n: number): string =>
  [26 * 26, 26, 1].map((d) => String.fromCharCode(97 + (Math.floor(n / d) % 26))).join('');

/**
 * Gives `count` releases spread over the imported catalog (`rel-0000001`...) a word no other release has: a title
 * word for even ones, an artist name for odd ones (the seeded catalog draws every word from 50). The words have no
 * digit, so code indexes cannot find them: a search must read a word index or scan the tenant's releases.
 * @returns the rare words with the id of the one release each is in
 */
export async function addRareWords(
  repo: ReleaseRepository,
  tenantId: string,
  releases: number,
  count = 50,
): Promise<{ word: string; id: string }[]> {
  const rare: { word: string; id: string }[] = [];
  for (let k = 0; k < count; k++) {
    const id = `rel-${String(1 + Math.floor(((k + 0.5) * releases) / count)).padStart(7, '0')}`;
    const word = `quill${letters(k)}`;
    const { release } = await repo.get(tenantId, id);
    const m = release.metadata;
    const metadata =
      k % 2
        ? { ...m, displayArtist: `${word[0]!.toUpperCase()}${word.slice(1)} Trio` }
        : { ...m, title: `${m.title} ${word}` };
    await repo.update(tenantId, id, { ...release, metadata });
    rare.push({ word, id });
  }
  return rare;
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

/** Growth of anonymous (else total) resident memory from the first to the last sample, in MB. */
export function growth(samples: { rss: number; anon?: number }[]): number {
  const first = samples[0];
  const last = samples.at(-1);
  if (!first || !last) return Number.NaN;
  const of = (s: { rss: number; anon?: number }) => s.anon ?? s.rss;
  return Math.round((of(last) - of(first)) * 10) / 10;
}
