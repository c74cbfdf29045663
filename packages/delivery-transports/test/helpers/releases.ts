import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRelease, type Release } from '@ddex/ern-model';
import { validateErn, writeErn } from '@ddex/ern-writer';
import { expect } from 'vitest';
import { type DeliveryResource, GENERIC_BATCH, type ReleaseDelivery, resourceFileNames } from '../../src';

/** Deterministic bytes. */
export function bytes(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 13 + seed * 101 + (i >> 9)) & 0xff;
  return b;
}

export const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');

/** A release with `tracks` FLAC files and a cover, its asset records filled in (size + MD5). */
export function release(upc: string, tracks: number, seed = 1, trackSize = 20_000): ReleaseDelivery {
  const audio = Array.from({ length: tracks }, (_, i) => bytes(trackSize + i, seed * 10 + i));
  const cover = bytes(5_000, seed * 10 + 9);
  const resources: DeliveryResource[] = [
    ...audio.map((data, i) => ({
      kind: 'audio' as const,
      ext: 'flac',
      disc: 1,
      track: i + 1,
      source: { data },
      size: data.length,
      md5: md5(data),
      format: 'FLAC',
      sampleRate: 44100,
      bitDepth: 16,
      channels: 2,
    })),
    {
      kind: 'image' as const,
      ext: 'jpg',
      source: { data: cover },
      size: cover.length,
      md5: md5(cover),
      format: 'JPEG',
      width: 3000,
      height: 3000,
    },
  ];
  return { upc, ern: { data: ernFor(upc, resources), messageId: `MSG-${upc}` }, resources };
}

const SHARED = process.env.DDEX_SHARED_DIR ?? join(import.meta.dirname, '../../../../../shared');
let canonical: Release | undefined;

/**
 * A real ERN 4.3 NewReleaseMessage for a test release: the canonical album cut to its tracks, with the ICPN and the
 * files as the generic profiles name them (size and MD5 in the message), so a delivered batch can be XSD-checked.
 */
export function ernFor(upc: string, resources: DeliveryResource[]): string {
  if (!canonical) {
    const parsed = parseRelease(JSON.parse(readFileSync(join(SHARED, 'examples/release-album.json'), 'utf8')));
    if (!parsed.success) throw new Error('the canonical album does not parse');
    canonical = parsed.data;
  }
  const r = structuredClone(canonical);
  const audio = resources.filter((x) => x.kind === 'audio');
  r.id = `rel-${upc}`;
  r.metadata.barcode = upc;
  r.tracks = r.tracks.slice(0, audio.length);
  r.assets.audio = r.assets.audio.slice(0, audio.length);
  const names = resourceFileNames(GENERIC_BATCH, { upc, ern: { data: '', messageId: '' }, resources });
  const files = [...r.assets.audio, ...r.assets.images];
  files.forEach((f, i) => {
    f.fileName = names[i]!;
    f.size = resources[i]!.size;
    f.md5 = resources[i]!.md5;
  });
  const party = (dpid: string, name: string) => ({ dpid, name });
  return writeErn(r, {
    version: '4.3',
    sender: party('PADPIDA2014120301B', 'Test Label'),
    recipient: party('PADPIDA20270101024', 'Test DSP'),
    messageId: `MSG-${upc}`,
    createdAt: '2025-01-14T09:30:15Z',
  }).xml;
}

/** Each delivered ERN is valid against the ERN 4.3 XSD and names the files delivered beside it. */
export async function expectValidErns(delivered: Map<string, string | Uint8Array>): Promise<void> {
  const erns = [...delivered.keys()].filter((p) => /\/\d{13}\.xml$/.test(p));
  expect(erns.length).toBeGreaterThan(0);
  for (const path of erns) {
    const xml = Buffer.from(delivered.get(path)!).toString('utf8');
    const result = await validateErn(xml);
    expect(result.errors, path).toEqual([]);
    expect(result.version).toBe('4.3');
    const folder = path.slice(0, path.lastIndexOf('/'));
    const beside = [...delivered.keys()].filter((p) => p.startsWith(`${folder}/resources/`));
    expect(beside.length, path).toBeGreaterThan(0);
    for (const file of beside) expect(xml, path).toContain(`<URI>${file.slice(folder.length + 11)}</URI>`);
  }
}
