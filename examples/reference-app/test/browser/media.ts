// Real media files made in code for the browser test (the CI image has no sox/ffmpeg): a FLAC stream with a
// STREAMINFO block and verbatim-coded frames of a sine tone, and a PNG of any size. The server probes both with
// music-metadata and sharp, so they must be well-formed.
import { crc32, deflateSync } from 'node:zlib';

function crc8(bytes: Uint8Array): number {
  let crc = 0;
  for (const b of bytes) {
    crc ^= b;
    for (let i = 0; i < 8; i++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
  }
  return crc;
}
function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const b of bytes) {
    crc ^= b << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x8005) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

const BLOCK = 4096;

/** A 44.1 kHz, 16-bit stereo FLAC of `frames` × 4096 samples (about 93 ms each) of a tone at `hz`. */
export function flacTone(frames: number, hz = 440): Buffer {
  const rate = 44_100;
  const total = BigInt(frames * BLOCK);
  const info = Buffer.alloc(34);
  info.writeUInt16BE(BLOCK, 0);
  info.writeUInt16BE(BLOCK, 2);
  // bytes 4-9: min/max frame size unknown (0); then rate(20) channels-1(3) bps-1(5) total samples(36); MD5 left 0
  const packed = (BigInt(rate) << 44n) | (1n << 41n) | (15n << 36n) | total;
  info.writeBigUInt64BE(packed, 10);
  const parts: Buffer[] = [Buffer.from('fLaC'), Buffer.from([0x80, 0, 0, 34]), info];
  for (let n = 0; n < frames; n++) {
    // sync 0xFFF8 (fixed block size), 4096 samples (0b1100) at 44.1 kHz (0b1001), stereo (0b0001) 16-bit (0b100)
    const header = Buffer.from([0xff, 0xf8, 0xc9, 0x18, n]);
    const body = Buffer.alloc(2 * (1 + BLOCK * 2));
    let at = 0;
    for (let ch = 0; ch < 2; ch++) {
      body[at++] = 0x02; // subframe header: zero pad bit, type 000001 (VERBATIM), no wasted bits
      for (let i = 0; i < BLOCK; i++) {
        const t = (n * BLOCK + i) / rate;
        body.writeInt16BE(Math.round(8000 * Math.sin(2 * Math.PI * hz * t)), at);
        at += 2;
      }
    }
    const frame = Buffer.concat([header, Buffer.from([crc8(header)]), body.subarray(0, at)]);
    const footer = Buffer.alloc(2);
    footer.writeUInt16BE(crc16(frame));
    parts.push(frame, footer);
  }
  return Buffer.concat(parts);
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
  return Buffer.concat([head, data, crc]);
}

/** An 8-bit RGB PNG of `width` × `height` with a simple gradient (rows filtered with "none"). */
export function png(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.alloc(1 + width * 3);
  const raw = Buffer.alloc(row.length * height);
  for (let y = 0; y < height; y++) {
    const shade = Math.floor((255 * y) / height);
    for (let x = 0; x < width; x++) row.set([shade, 80, 255 - shade], 1 + x * 3);
    row.copy(raw, y * row.length);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 1 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
