import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { canonicalAlbum, tempDir } from './support';

export { startReceiver } from '../../delivery-transports/test/helpers/http-receiver';
export { liveEnv } from '../../delivery-transports/test/helpers/live';

/** Valid DPIDs (check characters included) for message headers. */
export const SENDER = { dpid: 'PADPIDA20270101016', name: 'Polar Records' };
export const RECIPIENT = { dpid: 'PADPIDA20270101024', name: 'Test DSP' };
/** ICPN of the canonical album. */
export const UPC = '5012345678900';

export const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');

/** Deterministic bytes. */
export function bytes(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed * 97 + (i >> 8)) & 0xff;
  return b;
}

/** A release to deliver: the canonical album cut to `tracks` tracks, its files written to an assets folder. */
export interface ReleaseFixture {
  dir: string;
  releasePath: string;
  assetsDir: string;
  release: any;
  /** file bytes by the asset's fileName */
  files: Map<string, Buffer>;
}

/** Writes the canonical album (first `tracks` tracks, small files) and its assets folder, size and MD5 recorded. */
export function releaseFixture(tracks = 3, trackSize = 30_000): ReleaseFixture {
  const dir = tempDir();
  const assetsDir = join(dir, 'assets');
  mkdirSync(assetsDir);
  const release = canonicalAlbum();
  release.tracks = release.tracks.slice(0, tracks);
  release.assets.audio = release.assets.audio.slice(0, tracks);
  const explicit = release.tracks.some((t: any) => t.metadata.parentalWarning === 'Explicit');
  release.metadata.parentalWarning = explicit ? 'Explicit' : 'NotExplicit';
  const files = new Map<string, Buffer>();
  for (const [i, a] of [...release.assets.audio, ...release.assets.images].entries()) {
    const data = bytes(trackSize + i, i + 1);
    writeFileSync(join(assetsDir, a.fileName), data);
    files.set(a.fileName, data);
    a.size = data.length;
    a.md5 = md5(data);
  }
  const releasePath = join(dir, 'release.json');
  writeFileSync(releasePath, JSON.stringify(release, null, 2));
  return { dir, releasePath, assetsDir, release, files };
}

/** Writes a target file beside the fixture and returns its path. */
export function writeTarget(dir: string, target: object, name = 'target.json'): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(target, null, 2));
  return path;
}

/** Every file under `dir`, relative, sorted. */
export function tree(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/** The remote paths a generic batch of the fixture has, under `batch/`. */
export function batchTree(batch: string, fixture: ReleaseFixture): string[] {
  const names = fixture.release.assets.audio.map(
    (_: unknown, i: number) => `${batch}/${UPC}/resources/${UPC}_01_${String(i + 1).padStart(3, '0')}.flac`,
  );
  return [
    ...names,
    `${batch}/${UPC}/resources/${UPC}.jpg`,
    `${batch}/${UPC}/${UPC}.xml`,
    `${batch}/BatchComplete_${batch}.xml`,
  ].sort();
}

/**
 * A TCP proxy on loopback that forwards to `targetPort` until `stallAfterBytes` went from client to server on a
 * connection, then stops forwarding on that one: an upload that hangs, so a test can interrupt the delivery in the
 * middle. Later connections (cleanup after the interruption) pass.
 */
export async function startStallingProxy(targetPort: number, stallAfterBytes: number) {
  const { connect, createServer } = await import('node:net');
  const sockets = new Set<import('node:net').Socket>();
  let stalled = false;
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    let sent = 0;
    let hung = false;
    client.on('data', (chunk: Buffer) => {
      sent += chunk.length;
      if (sent >= stallAfterBytes) hung = stalled = true;
      if (!hung) upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    for (const s of [client, upstream]) s.on('error', () => undefined).on('close', () => sockets.delete(s));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as import('node:net').AddressInfo).port,
    get stalled() {
      return stalled;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
