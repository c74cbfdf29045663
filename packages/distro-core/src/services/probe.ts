import type { Readable } from 'node:stream';
import { DistroError } from '../errors';

/** What probing an audio file found. */
export interface AudioProbe {
  /** model format (`FLAC`, `WAV`, …) */
  format: 'WAV' | 'FLAC' | 'MP3' | 'AAC' | 'ALAC' | 'AIFF' | 'OGG' | 'OPUS';
  /** codec as the parser names it */
  codec?: string;
  /** Hz */
  sampleRate: number;
  /** bits per sample (lossless formats) */
  bitDepth?: number;
  /** channel count */
  channels: number;
  /** seconds */
  duration?: number;
  /** kbit/s */
  bitrate?: number;
}

/** What probing an image found. */
export interface ImageProbe {
  /** model format (`JPEG`, `PNG`, …) */
  format: 'JPEG' | 'PNG' | 'GIF' | 'TIFF' | 'WEBP';
  /** pixels */
  width: number;
  /** pixels */
  height: number;
  /** colour space as libvips names it (`srgb`, `cmyk`, `b-w`…) */
  colorSpace: string;
}

const CONTAINERS: Record<string, AudioProbe['format']> = {
  WAVE: 'WAV',
  FLAC: 'FLAC',
  MPEG: 'MP3',
  AIFF: 'AIFF',
  'AIFF-C': 'AIFF',
  OGG: 'OGG',
};

const rejected = (fileName: string, reason: string) =>
  new DistroError('VALIDATION', `"${fileName}" was rejected: ${reason}`, {
    issues: [{ code: 'unsupported_file', path: 'file', message: `"${fileName}" ${reason}` }],
  });

/**
 * Probes audio with music-metadata from its content alone (never its name): a text file named `.flac` is
 * rejected with a reason naming the file, and so is a file without an audio stream.
 */
export async function probeAudio(stream: Readable, fileName: string, size: number): Promise<AudioProbe> {
  const { parseStream } = await import('music-metadata');
  let meta: Awaited<ReturnType<typeof parseStream>>;
  try {
    meta = await parseStream(stream, { size }, { duration: true, skipCovers: true });
  } catch (error) {
    throw rejected(fileName, `is not a supported audio file (${(error as Error).message})`);
  } finally {
    stream.destroy();
  }
  const f = meta.format;
  const container = (f.container ?? '').toUpperCase();
  let format = CONTAINERS[container];
  if (container === 'OGG' && /opus/i.test(f.codec ?? '')) format = 'OPUS';
  if (!format && /^(M4A|MP4|ISOM|M4B)/.test(container)) format = /alac/i.test(f.codec ?? '') ? 'ALAC' : 'AAC';
  if (!format) throw rejected(fileName, `is ${f.container ?? 'an unknown format'}, not a supported audio format`);
  if (!f.sampleRate || !f.numberOfChannels) throw rejected(fileName, 'has no audio stream');
  return {
    format,
    codec: f.codec,
    sampleRate: f.sampleRate,
    bitDepth: f.bitsPerSample,
    channels: f.numberOfChannels,
    duration: f.duration === undefined ? undefined : Math.round(f.duration * 1000) / 1000,
    bitrate: f.lossless || !f.bitrate ? undefined : Math.round(f.bitrate / 1000),
  };
}

const IMAGE_FORMATS: Record<string, ImageProbe['format']> = {
  jpeg: 'JPEG',
  png: 'PNG',
  gif: 'GIF',
  tiff: 'TIFF',
  webp: 'WEBP',
};

/** Probes an image with sharp: dimensions, format and colour space; anything sharp cannot read is rejected. */
export async function probeImage(stream: Readable, fileName: string): Promise<ImageProbe> {
  const { default: sharp } = await import('sharp');
  const image = sharp({ failOn: 'error' });
  stream.on('error', (error) => image.destroy(error));
  stream.pipe(image);
  let meta: Awaited<ReturnType<typeof image.metadata>>;
  try {
    meta = await image.metadata();
  } catch (error) {
    throw rejected(fileName, `is not a readable image (${(error as Error).message})`);
  } finally {
    stream.destroy();
  }
  const format = IMAGE_FORMATS[meta.format ?? ''];
  if (!format || !meta.width || !meta.height) {
    throw rejected(fileName, `is ${meta.format ?? 'an unknown format'}, not a supported image format`);
  }
  return { format, width: meta.width, height: meta.height, colorSpace: meta.space ?? 'unknown' };
}
