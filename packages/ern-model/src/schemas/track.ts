import { z } from 'zod';
import { durationSeconds, isoPartialDate, languageTag } from '../primitives';
import { AudioFormatSchema, ParentalWarningSchema, VideoFormatSchema } from './enums';
import { IsrcSchema, IswcSchema, ProprietaryIdSchema } from './identifier-schemas';
import { LocalizedNameSchema, LocalizedTitleSchema } from './localized';
import { ArtistSchema, ContributorSchema, CopyrightLineSchema, PublisherSchema, WriterSchema } from './party';

const positiveInt = z.number().int().positive();

/** Descriptive metadata of a track. */
export const TrackMetadataSchema = z.object({
  title: z.string().min(1),
  /** version or subtitle, e.g. "Radio Edit", "Live" */
  subtitle: z.string().min(1).optional(),
  displayArtist: z.string().min(1),
  /** display artists with roles; when absent, contributors with artist roles are used */
  artists: z.array(ArtistSchema).optional(),
  /** the title in other languages or scripts, or for single territories */
  localizedTitles: z.array(LocalizedTitleSchema).optional(),
  /** the display artist in other languages or scripts, or for single territories */
  localizedDisplayArtists: z.array(LocalizedNameSchema).optional(),
  /** seconds (an ISO 8601 duration is accepted) */
  duration: durationSeconds,
  parentalWarning: ParentalWarningSchema.optional(),
  contributors: z.array(ContributorSchema).default([]),
  writers: z.array(WriterSchema).default([]),
  publishers: z.array(PublisherSchema).default([]),
  pLine: CopyrightLineSchema.optional(),
  genre: z.array(z.string().min(1)).optional(),
  /** language of the performance (BCP 47) */
  language: languageTag.optional(),
  /** the musical work */
  iswc: IswcSchema.optional(),
  workTitle: z.string().min(1).optional(),
  proprietaryIds: z.array(ProprietaryIdSchema).optional(),
  /** true when the recording has no vocals */
  isInstrumental: z.boolean().optional(),
  /** when the recording was made (DDEX CreationDate): YYYY-MM-DD, YYYY-MM or YYYY */
  recordingDate: isoPartialDate.optional(),
});

/** Which audio file is the track, as delivered. */
export const TrackAudioSchema = z.object({
  fileId: z.string().min(1),
  format: AudioFormatSchema.optional(),
  bitrate: positiveInt.optional(),
  sampleRate: positiveInt.optional(),
  bitDepth: positiveInt.optional(),
  channels: positiveInt.optional(),
});

/** Which video file is the track, for video releases. */
export const TrackVideoSchema = z.object({
  fileId: z.string().min(1),
  format: VideoFormatSchema.optional(),
});

/** The preview clip DSPs play before purchase (seconds from the start, and length). */
export const PreviewSchema = z.object({
  startTime: z.number().nonnegative(),
  duration: z.number().positive(),
});

/** A track: one recording (audio, or video for video releases) at a position on a disc. */
export const TrackSchema = z.object({
  id: z.string().min(1),
  sequenceNumber: positiveInt,
  discNumber: positiveInt.default(1),
  isrc: IsrcSchema,
  metadata: TrackMetadataSchema,
  audio: TrackAudioSchema.optional(),
  video: TrackVideoSchema.optional(),
  preview: PreviewSchema.optional(),
});
