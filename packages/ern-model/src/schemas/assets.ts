import { z } from 'zod';
import { durationSeconds } from '../primitives';
import { AudioFormatSchema, ImageFormatSchema, ImageTypeSchema, VideoFormatSchema } from './enums';

const md5 = z.string().regex(/^[0-9a-fA-F]{32}$/, 'must be an MD5 hash: 32 hexadecimal characters');
const sha256 = z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be a SHA-256 hash: 64 hexadecimal characters');
const positiveInt = z.number().int().positive();

/** Fields every stored file has. */
const fileFields = {
  id: z.string().min(1),
  fileName: z.string().min(1),
  /** bytes */
  size: z.number().int().nonnegative().optional(),
  md5: md5.optional(),
  sha256: sha256.optional(),
  /** where the file lives in the asset store (set by the service) */
  storageKey: z.string().min(1).optional(),
};

/** An audio file: the master of a track. */
export const AudioAssetSchema = z.object({
  ...fileFields,
  format: AudioFormatSchema,
  sampleRate: positiveInt.optional(),
  bitDepth: positiveInt.optional(),
  channels: positiveInt.optional(),
  /** seconds */
  duration: durationSeconds.optional(),
  /** kbit/s, for lossy formats */
  bitrate: positiveInt.optional(),
  codec: z.string().min(1).optional(),
});

/** An image: front cover artwork and other images. */
export const ImageAssetSchema = z.object({
  ...fileFields,
  type: ImageTypeSchema.default('FrontCoverImage'),
  format: ImageFormatSchema,
  width: positiveInt.optional(),
  height: positiveInt.optional(),
});

/** A video file, for video releases. */
export const VideoAssetSchema = z.object({
  ...fileFields,
  format: VideoFormatSchema,
  width: positiveInt.optional(),
  height: positiveInt.optional(),
  duration: durationSeconds.optional(),
  codec: z.string().min(1).optional(),
  frameRate: z.number().positive().optional(),
});

/** Any other document (liner notes, lyric sheets…). */
export const DocumentAssetSchema = z.object({
  ...fileFields,
  type: z.string().min(1).optional(),
  format: z.string().min(1).optional(),
});

/** The files of a release. */
export const ReleaseAssetsSchema = z.object({
  audio: z.array(AudioAssetSchema).default([]),
  images: z.array(ImageAssetSchema).default([]),
  videos: z.array(VideoAssetSchema).default([]),
  documents: z.array(DocumentAssetSchema).default([]),
});
