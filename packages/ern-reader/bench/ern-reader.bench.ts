import { spawnSync } from 'node:child_process';
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
 * What one read adds to the peak RSS of a process of its own, in MB: `readErn` on the text of `megabytes` MB
 * (`string`, the text read first), or `readErnFile` streaming the file (`file`). The bench's own peak RSS also
 * holds the generated messages and the garbage of every read before it.
 */
function readOnceRssMb(megabytes: number, how: 'string' | 'file'): { added: number; peak: number; tracks: number } {
  const dir = mkdtempSync(join(tmpdir(), 'ern-reader-rss-'));
  try {
    const path = join(dir, 'message.xml');
    writeFileSync(path, bigMessage(megabytes).xml);
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, join(import.meta.dirname, 'read-once.ts'), path, how],
      { encoding: 'utf8', maxBuffer: 1 << 20 },
    );
    if (child.status !== 0) throw new Error(`read-once.ts failed: ${child.stderr}`);
    const { before, after, tracks } = JSON.parse(child.stdout) as { before: number; after: number; tracks: number };
    const round = (mb: number) => Math.round(mb * 10) / 10;
    return { added: round(after - before), peak: round(after), tracks };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `readErn` on a generated 20 MB ERN 4.3 message (about 8,000 tracks, every one mapped and checked), median of 5
 * runs in ms, wall time and CPU time (the CPU figure holds steadier when the machine is busy); throughput on the
 * largest official sample in MB/s, over repeated reads; the peak RSS of the bench process (the generated
 * message, the copy read from a file and the garbage of all these reads); and, each in a process of its own, what
 * one read adds to the peak RSS: `readErn` on the 20 MB message, `readErnFile` on a 50 MB one.
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
  const peakRss = peakRssMb();
  const string20 = readOnceRssMb(20, 'string');
  const file50 = readOnceRssMb(50, 'file');
  return [
    { bench: 'ern-read-20mb', unit: 'ms', value: big, tracks },
    { bench: 'ern-read-20mb-cpu', unit: 'ms', value: bigCpu, tracks },
    {
      bench: 'ern-read-largest-sample',
      unit: 'MB/s',
      value: mbPerSecond,
      sample: sample.path.split('/').slice(-2).join('/'),
    },
    { bench: 'ern-read-peak-rss', unit: 'MB', value: peakRss },
    { bench: 'ern-read-20mb-rss', unit: 'MB', value: string20.added, peak: string20.peak, tracks: string20.tracks },
    { bench: 'ern-read-file-50mb-rss', unit: 'MB', value: file50.added, peak: file50.peak, tracks: file50.tracks },
  ];
}
