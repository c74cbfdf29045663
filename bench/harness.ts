import { readFileSync } from 'node:fs';
import { Bench } from 'tinybench';

/** One benchmark figure, printed as one JSON line by `npm run bench`. */
export interface BenchFigure {
  bench: string;
  unit: string;
  value: number;
  peer?: string;
  peerValue?: number;
  [extra: string]: unknown;
}

/** Operations per second of `fn`, measured by tinybench over `time` ms after warm-up. */
export async function opsPerSecond(name: string, fn: () => unknown, time = 1500): Promise<number> {
  const bench = new Bench({ time, warmupTime: 300 });
  bench.add(name, fn);
  await bench.run();
  const result = bench.tasks[0]?.result as { throughput?: { mean: number }; hz?: number } | undefined;
  const hz = result?.throughput?.mean ?? result?.hz;
  if (hz === undefined || !Number.isFinite(hz)) throw new Error(`benchmark ${name} produced no result`);
  return Math.round(hz);
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  return Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;
}

/**
 * This process's resident memory now, in MB, split the way Linux counts it (/proc/self/status): `anon` is the
 * process's own memory (heap, buffers); `file` is file pages mapped in, such as a memory-mapped SQLite database,
 * which the kernel can drop and re-read at will. On systems without /proc only `rss` is known.
 */
export function residentMb(): { rss: number; anon?: number; file?: number } {
  const rss = Math.round((process.memoryUsage().rss / 1024 / 1024) * 10) / 10;
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    const anon = kb('RssAnon');
    const file = kb('RssFile');
    if (Number.isNaN(anon) || Number.isNaN(file)) return { rss };
    return { rss, anon: Math.round((anon / 1024) * 10) / 10, file: Math.round((file / 1024) * 10) / 10 };
  } catch {
    return { rss };
  }
}
