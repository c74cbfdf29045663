import { createHash } from 'node:crypto';
import type { ReleaseDelivery } from '../../src';

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
  return {
    upc,
    ern: { data: `<ern:NewReleaseMessage><!-- ${upc} --></ern:NewReleaseMessage>`, messageId: `MSG-${upc}` },
    resources: [
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
    ],
  };
}
