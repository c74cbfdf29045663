import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BenchFigure, peakRssMb } from '../../../bench/harness';
import { readErn } from '../src';
import { bigMessage } from '../test/support/big-message';
import { SAMPLES_DIR } from '../test/support/paths';

function medianMs(runs: number, fn: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)] as number);
}

/** Median CPU time (user + system) of `runs` calls, in ms: steadier than wall time on a shared machine. */
function medianCpuMs(runs: number, fn: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const before = process.cpuUsage();
    fn();
    const used = process.cpuUsage(before);
    times.push((used.user + used.system) / 1000);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)] as number);
}

/** The largest official sample message (all three versions). */
function largestSample(): { path: string; bytes: number } {
  const files = ['ern-382', 'ern-42', 'ern-43'].flatMap((folder) =>
    readdirSync(join(SAMPLES_DIR, folder))
      .filter((f) => f.endsWith('.xml'))
      .map((f) => join(SAMPLES_DIR, folder, f)),
  );
  return files.map((path) => ({ path, bytes: statSync(path).size })).sort((a, b) => b.bytes - a.bytes)[0] as {
    path: string;
    bytes: number;
  };
}

/** The message as a user's process holds it: read from a file (one flat string, not the generator's concatenation). */
function asReadFromFile(xml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ern-reader-bench-'));
  try {
    writeFileSync(join(dir, 'message.xml'), xml);
    return readFileSync(join(dir, 'message.xml'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** MB/s of `fn` over `bytes`, timed over repeated calls for at least `minMs` (one call is too short to time). */
function megabytesPerSecond(bytes: number, fn: () => unknown, minMs = 500): number {
  for (let i = 0; i < 5; i++) fn();
  let calls = 0;
  const started = performance.now();
  let elapsed = 0;
  do {
    fn();
    calls++;
    elapsed = performance.now() - started;
  } while (elapsed < minMs);
  return Math.round(((bytes * calls) / 1024 / 1024 / (elapsed / 1000)) * 10) / 10;
}

/**
 * `readErn` on a generated 20 MB ERN 4.3 message (about 8,000 tracks, every one mapped and checked), median of 5
 * runs in ms, wall time and CPU time (the CPU figure holds steadier when the machine is busy); throughput on the
 * largest official sample in MB/s, over repeated reads; and the peak RSS of the process.
 */
export async function runErnReaderBench(): Promise<BenchFigure[]> {
  const generated = bigMessage(20);
  const { tracks } = generated;
  const xml = asReadFromFile(generated.xml);
  const check = readErn(xml, { trackReleases: false });
  if (check.releases[0]?.tracks.length !== tracks) throw new Error('the 20 MB message did not read completely');
  readErn(xml, { trackReleases: false }); // warm-up
  const big = medianMs(5, () => readErn(xml, { trackReleases: false }));
  const bigCpu = medianCpuMs(5, () => readErn(xml, { trackReleases: false }));
  const sample = largestSample();
  const sampleXml = readFileSync(sample.path, 'utf8');
  const mbPerSecond = megabytesPerSecond(sample.bytes, () => readErn(sampleXml));
  return [
    { bench: 'ern-read-20mb', unit: 'ms', value: big, tracks },
    { bench: 'ern-read-20mb-cpu', unit: 'ms', value: bigCpu, tracks },
    {
      bench: 'ern-read-largest-sample',
      unit: 'MB/s',
      value: mbPerSecond,
      sample: sample.path.split('/').slice(-2).join('/'),
    },
    { bench: 'ern-read-peak-rss', unit: 'MB', value: peakRssMb() },
  ];
}
