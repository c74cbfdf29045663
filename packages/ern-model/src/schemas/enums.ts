import { z } from 'zod';
import { avsUnion } from '../avs';
import { oneOf } from '../primitives';

/** The blueprint's release types; the writers map them to DDEX ReleaseType values. */
export const BASIC_RELEASE_TYPES = ['Album', 'Single', 'EP', 'Video', 'Mixed'] as const;

/** Every release type the model accepts: the blueprint's five plus every DDEX ReleaseType of ERN 3.8.2, 4.2, 4.3. */
export const RELEASE_TYPES: readonly string[] = [...new Set([...BASIC_RELEASE_TYPES, ...avsUnion(['ReleaseType'])])];

/** DDEX ParentalWarningType values. */
export const PARENTAL_WARNINGS = [
  'Explicit',
  'ExplicitContentEdited',
  'NotExplicit',
  'NoAdviceAvailable',
  'Unknown',
] as const;

/** Roles of an artist shown on a release or track (DDEX DisplayArtistRole and ERN 3.8.2 ArtistRole). */
export const ARTIST_ROLES: readonly string[] = avsUnion(['DisplayArtistRole', 'ArtistRole']);

/** Roles of a contributor to a recording (DDEX DisplayArtistRole, ContributorRole, ResourceContributorRole, ArtistRole). */
export const CONTRIBUTOR_ROLES: readonly string[] = avsUnion([
  'DisplayArtistRole',
  'ContributorRole',
  'ResourceContributorRole',
  'ArtistRole',
]);

/** Roles of a writer of the underlying musical work (DDEX MusicalWorkContributorRole). */
export const WRITER_ROLES: readonly string[] = avsUnion(['MusicalWorkContributorRole']);

/** DDEX CommercialModelType values. */
export const COMMERCIAL_MODELS: readonly string[] = avsUnion(['CommercialModelType']);

/** DDEX UseType values. */
export const USE_TYPES: readonly string[] = avsUnion(['UseType']);

/** DDEX ImageType values. */
export const IMAGE_TYPES: readonly string[] = avsUnion(['ImageType']);

/** Audio file formats the model knows. */
export const AUDIO_FORMATS = ['WAV', 'FLAC', 'MP3', 'AAC', 'ALAC', 'AIFF', 'OGG', 'OPUS', 'WMA', 'MQA'] as const;

/** Image file formats the model knows. */
export const IMAGE_FORMATS = ['JPEG', 'PNG', 'GIF', 'TIFF', 'BMP', 'WEBP'] as const;

/** Video file formats the model knows. */
export const VIDEO_FORMATS = ['MP4', 'MOV', 'MPEG', 'AVI', 'MKV', 'WEBM', 'MXF', 'PRORES'] as const;

const upper = (v: unknown) => (typeof v === 'string' ? v.toUpperCase() : v);

/** @internal */
export const ReleaseTypeSchema = oneOf(
  RELEASE_TYPES,
  'release type (Album, Single, EP, Video, Mixed or a DDEX ReleaseType)',
);
/** @internal */
export const ParentalWarningSchema = z.enum(PARENTAL_WARNINGS);
/** @internal */
export const ArtistRoleSchema = oneOf(ARTIST_ROLES, 'DDEX artist role (e.g. MainArtist, FeaturedArtist)');
/** @internal */
export const ContributorRoleSchema = oneOf(CONTRIBUTOR_ROLES, 'DDEX contributor role (e.g. Producer, MixingEngineer)');
/** @internal */
export const WriterRoleSchema = oneOf(WRITER_ROLES, 'DDEX musical work contributor role (e.g. Composer, Lyricist)');
/** @internal */
export const CommercialModelSchema = oneOf(COMMERCIAL_MODELS, 'DDEX commercial model (e.g. SubscriptionModel)');
/** @internal */
export const UseTypeSchema = oneOf(USE_TYPES, 'DDEX use type (e.g. Stream, PermanentDownload)');
/** @internal */
export const ImageTypeSchema = oneOf(IMAGE_TYPES, 'DDEX image type (e.g. FrontCoverImage)');
/** @internal */
export const AudioFormatSchema = z.preprocess(upper, z.enum(AUDIO_FORMATS));
/** @internal */
export const ImageFormatSchema = z.preprocess((v) => (upper(v) === 'JPG' ? 'JPEG' : upper(v)), z.enum(IMAGE_FORMATS));
/** @internal */
export const VideoFormatSchema = z.preprocess(upper, z.enum(VIDEO_FORMATS));
