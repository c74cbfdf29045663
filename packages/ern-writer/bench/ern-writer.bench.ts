// ERN writer throughput: the peer album (../shared/bench/peer-album-fixture.json, 12 tracks + artwork) written as
// ERN 4.3, 4.2 and 3.8.2 by our writers, beside ddex-builder 0.4.5 building the same album in the same run
// (its only path that emits tracks, per shared/research/peers.md §2). Single thread; one album per operation.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRelease, type Release, type ReleaseInput } from '@ddex/ern-model';
import { opsPerSecond, peakRssMb } from '../../../bench/harness';
import { requirePeer } from '../../../bench/peers';
import type { ErnVersion, WriteErnOptions } from '../src/types';
import { writeErn } from '../src/write-ern';

/** One benchmark figure. */
export interface ErnWriterBenchFigure {
  bench: string;
  unit: string;
  value: number;
  peer?: string;
  peerValue?: number;
  [extra: string]: unknown;
}

interface PeerFixture {
  messageSender: { name: string; dpid: string };
  messageRecipient: { name: string; dpid: string };
  releaseId: string;
  upc: string;
  catalogNumber: string;
  title: string;
  artist: string;
  label: string;
  releaseDate: string;
  genre: string;
  parentalWarning: boolean;
  pLine: { year: number; text: string };
  cLine: { year: number; text: string };
  tracks: {
    resourceId: string;
    trackNumber: number;
    volumeNumber: number;
    isrc: string;
    title: string;
    artist: string;
    durationSec: number;
    file: string;
  }[];
  artwork: { resourceId: string; file: string; width: number; height: number; mime: string };
}

const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;
/** RSS when this module loaded (node + tsx + the packages), to read the RSS figure against. */
const RSS_AT_LOAD = mb(process.memoryUsage().rss);

const FIXTURE_PATH = join(import.meta.dirname, '../../../../shared/bench/peer-album-fixture.json');

/** The peer fixture in our release model (the same album, tracks, artwork and parties). */
export function peerFixtureRelease(fixture: PeerFixture): Release {
  const input: ReleaseInput = {
    id: fixture.releaseId,
    type: 'Album',
    metadata: {
      title: fixture.title,
      displayArtist: fixture.artist,
      releaseDate: fixture.releaseDate,
      label: fixture.label,
      catalogNumber: fixture.catalogNumber,
      barcode: fixture.upc,
      genre: [fixture.genre],
      parentalWarning: fixture.parentalWarning ? 'Explicit' : 'NotExplicit',
      pLine: fixture.pLine,
      cLine: fixture.cLine,
    },
    tracks: fixture.tracks.map((t) => ({
      id: t.resourceId,
      sequenceNumber: t.trackNumber,
      discNumber: t.volumeNumber,
      isrc: t.isrc,
      metadata: { title: t.title, displayArtist: t.artist, duration: t.durationSec, parentalWarning: 'NotExplicit' },
      audio: { fileId: `audio-${t.resourceId}` },
    })),
    assets: {
      audio: fixture.tracks.map((t) => ({ id: `audio-${t.resourceId}`, fileName: t.file, format: 'FLAC' })),
      images: [
        {
          id: fixture.artwork.resourceId,
          fileName: fixture.artwork.file,
          format: fixture.artwork.mime === 'image/png' ? 'PNG' : 'JPEG',
          width: fixture.artwork.width,
          height: fixture.artwork.height,
        },
      ],
    },
    territories: { included: ['Worldwide'] },
    rights: { startDate: fixture.releaseDate },
  };
  const parsed = parseRelease(input);
  if (!parsed.success)
    throw new Error(`peer fixture does not convert to a valid release: ${JSON.stringify(parsed.issues)}`);
  return parsed.data;
}

interface DdexBuilderLike {
  addResource(resource: Record<string, unknown>): void;
  addRelease(release: Record<string, unknown>): void;
  build(): Promise<string>;
}

/** ddex-builder building the same album through its track-emitting path (ERN 4.3). */
function peerBuild(fixture: PeerFixture): () => Promise<string> {
  const { DdexBuilder } = requirePeer<{ DdexBuilder: new () => DdexBuilderLike }>('ddex-builder', '0.4.5');
  const duration = (s: number) => `PT${Math.floor(s / 60)}M${String(s % 60).padStart(2, '0')}S`;
  return async () => {
    const b = new DdexBuilder();
    for (const t of fixture.tracks) {
      b.addResource({
        resourceId: t.resourceId,
        resourceType: 'SoundRecording',
        title: t.title,
        artist: t.artist,
        isrc: t.isrc,
        duration: duration(t.durationSec),
        trackNumber: t.trackNumber,
        volumeNumber: t.volumeNumber,
      });
    }
    b.addResource({
      resourceId: fixture.artwork.resourceId,
      resourceType: 'Image',
      title: 'Front Cover',
      artist: fixture.artist,
    });
    b.addRelease({
      releaseId: fixture.releaseId,
      releaseType: 'Album',
      title: fixture.title,
      artist: fixture.artist,
      label: fixture.label,
      catalogNumber: fixture.catalogNumber,
      upc: fixture.upc,
      releaseDate: fixture.releaseDate,
      genre: fixture.genre,
      parentalWarning: fixture.parentalWarning,
      trackIds: [...fixture.tracks.map((t) => t.resourceId), fixture.artwork.resourceId],
    });
    return b.build();
  };
}

/**
 * Peak RSS of a bare Node process that loads only the built @ddex/ern-writer and writes the album 50,000 times in
 * each version (rss-child.mjs): the figure a user's process sees, without this harness, tsx or the peer loaded.
 * Needs `npm run build` (the package's dist); without it the figure says so instead of measuring the wrong thing.
 */
function writerProcessRss(release: Release, options: WriteErnOptions[]): { value: number; [k: string]: unknown } {
  const dir = mkdtempSync(join(tmpdir(), 'ern-writer-rss-'));
  try {
    const input = join(dir, 'input.json');
    writeFileSync(input, JSON.stringify({ release, options, albums: 50_000 }));
    const run = spawnSync(process.execPath, [join(import.meta.dirname, 'rss-child.mjs'), input], {
      encoding: 'utf8',
      cwd: import.meta.dirname,
    });
    if (run.status !== 0)
      return {
        value: Number.NaN,
        skipped: `the writer process failed (build first?): ${run.stderr.trim().split('\n')[0]}`,
      };
    const out = JSON.parse(run.stdout) as { maxRssMb: number; rssMb: number; heapUsedMb: number; albums: number };
    return {
      value: out.maxRssMb,
      rssAtEnd: out.rssMb,
      heapUsed: out.heapUsedMb,
      albums: out.albums,
      process: 'node + built @ddex/ern-writer only',
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether our output for the version is valid against the official XSD (validateErn), when it can be checked. */
async function schemaValid(xml: string): Promise<boolean | undefined> {
  try {
    const { validateErn } = await import('../src/validate');
    return (await validateErn(xml)).valid;
  } catch {
    return undefined;
  }
}

/** Albums per second by CPU time (user + system) over `n` writes: steadier than wall time on a shared machine. */
function cpuAlbumsPerSecond(write: () => unknown, n = 5000): number {
  for (let i = 0; i < 500; i++) write();
  const start = process.cpuUsage();
  for (let i = 0; i < n; i++) write();
  const used = process.cpuUsage(start);
  return Math.round(n / ((used.user + used.system) / 1e6));
}

/**
 * Albums per second (tinybench, wall time) for ERN 4.3 beside ddex-builder building the same album in the same run,
 * then 4.2 and 3.8.2; each figure also carries the rate by CPU time (`cpuValue`), the message size, and whether the
 * measured output is schema-valid (`schemaValid`, when the schemas are found through DDEX_SCHEMA_DIR). Last, the
 * process's resident set size after our writers ran (before the peer and the validator load).
 */
export async function runErnWriterBench(): Promise<ErnWriterBenchFigure[]> {
  const fixture = JSON.parse(readFileSync(FIXTURE_PATH, 'utf8')) as PeerFixture;
  const release = peerFixtureRelease(fixture);
  const options = (version: ErnVersion): WriteErnOptions => ({
    version,
    sender: fixture.messageSender,
    recipient: fixture.messageRecipient,
    messageId: 'BENCH-0001',
    createdAt: '2025-03-01T10:00:00Z',
  });
  const figures: ErnWriterBenchFigure[] = [];
  // warm every writer up first: the three share the serializer, and the first measured would otherwise pay for
  // the JIT compiling it (4.3 measured ~2x slower than 4.2 for that reason alone)
  for (const version of ['4.3', '4.2', '3.8.2'] as const) {
    const o = options(version);
    for (let i = 0; i < 3000; i++) writeErn(release, o);
  }
  for (const version of ['4.3', '4.2', '3.8.2'] as const) {
    const o = options(version);
    const write = () => writeErn(release, o);
    const value = await opsPerSecond(`ern${version} album`, write);
    figures.push({
      bench: `ern${version.replace(/\./g, '')}-album`,
      unit: 'albums/s',
      value,
      cpuValue: cpuAlbumsPerSecond(write),
      bytes: write().xml.length,
    });
  }
  const rss = mb(process.memoryUsage().rss);
  const heapUsed = mb(process.memoryUsage().heapUsed);
  const peer = peerBuild(fixture);
  const ern43 = figures[0] as ErnWriterBenchFigure;
  Object.assign(ern43, {
    peer: 'ddex-builder',
    peerValue: await opsPerSecond('ddex-builder ern43 album', peer),
    peerBytes: (await peer()).length,
  });
  for (const [i, version] of (['4.3', '4.2', '3.8.2'] as const).entries()) {
    const valid = await schemaValid(writeErn(release, options(version)).xml);
    if (valid !== undefined) (figures[i] as ErnWriterBenchFigure).schemaValid = valid;
  }
  figures.push({
    bench: 'ern-writer-rss',
    unit: 'MB',
    ...writerProcessRss(release, [options('4.3'), options('4.2'), options('3.8.2')]),
    target: 100,
    benchProcessRss: rss,
    benchProcessRssAtLoad: RSS_AT_LOAD,
    benchProcessHeapUsed: heapUsed,
    benchProcessPeakRss: peakRssMb(),
  });
  return figures;
}
