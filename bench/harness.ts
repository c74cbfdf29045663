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
