import { z } from 'zod';
import { isoDate, isoDateOrDateTime, languageTag } from '../primitives';
import { ReleaseAssetsSchema } from './assets';
import { DealSchema, RightsSchema, TerritoriesSchema } from './deal';
import { ParentalWarningSchema, ReleaseTypeSchema } from './enums';
import { GridSchema, GtinSchema, ProprietaryIdSchema } from './identifier-schemas';
import { LocalizedNameSchema, LocalizedTitleSchema, RelatedReleaseSchema } from './localized';
import { ArtistSchema, CopyrightLineSchema, PartyIdsSchema } from './party';
import { TrackSchema } from './track';

/** ERN versions DDEX Distro writes. */
export const ERN_VERSION_IDS = ['3.8.2', '4.2', '4.3'] as const;

/** Lifecycle of a release in the catalog. */
export const RELEASE_STATUSES = ['draft', 'ready', 'delivered', 'archived'] as const;

/** Descriptive metadata of a release. */
export const ReleaseMetadataSchema = z.object({
  title: z.string().min(1),
  /** version or subtitle, e.g. "Deluxe Edition" */
  subtitle: z.string().min(1).optional(),
  displayArtist: z.string().min(1),
  /** display artists with roles; when absent, the display artist is the main artist */
  artists: z.array(ArtistSchema).optional(),
  /** the title in other languages or scripts, or for single territories */
  localizedTitles: z.array(LocalizedTitleSchema).optional(),
  /** the display artist in other languages or scripts, or for single territories */
  localizedDisplayArtists: z.array(LocalizedNameSchema).optional(),
  releaseDate: isoDate,
  originalReleaseDate: isoDate.optional(),
  label: z.string().min(1),
  labelIds: PartyIdsSchema.optional(),
  catalogNumber: z.string().min(1).optional(),
  /** UPC-A, EAN-13 or GTIN-14 (the DDEX ICPN) */
  barcode: GtinSchema.optional(),
  grid: GridSchema.optional(),
  proprietaryIds: z.array(ProprietaryIdSchema).optional(),
  /** main genre first, then sub-genres */
  genre: z.array(z.string().min(1)).min(1),
  /** main language of the release (BCP 47) */
  language: languageTag.optional(),
  parentalWarning: ParentalWarningSchema.optional(),
  pLine: CopyrightLineSchema.optional(),
  cLine: CopyrightLineSchema.optional(),
  keywords: z.array(z.string().min(1)).optional(),
  marketingComment: z.string().min(1).optional(),
  /** other releases this one relates to (the album a single is from, its video version…) */
  relatedReleases: z.array(RelatedReleaseSchema).optional(),
});

/** DDEX settings and the last generation's state. */
export const ReleaseDdexSchema = z.object({
  version: z.enum(ERN_VERSION_IDS).default('4.3'),
  /** release profile, e.g. Audio, SimpleAudioSingle, Video */
  profile: z.string().min(1).optional(),
  messageId: z.string().min(1).optional(),
  lastGenerated: isoDateOrDateTime.optional(),
  validationStatus: z.enum(['valid', 'invalid']).optional(),
  validationErrors: z
    .array(z.object({ code: z.string().optional(), path: z.string().optional(), message: z.string() }))
    .optional(),
});

/** A release: metadata, tracks, files, territories and rights. The shape of the JSON import format. */
export const ReleaseSchema = z.object({
  id: z.string().min(1),
  tenantId: z.string().min(1).optional(),
  type: ReleaseTypeSchema,
  status: z.enum(RELEASE_STATUSES).default('draft'),
  metadata: ReleaseMetadataSchema,
  tracks: z.array(TrackSchema).min(1),
  assets: ReleaseAssetsSchema.default({ audio: [], images: [], videos: [], documents: [] }),
  territories: TerritoriesSchema,
  rights: RightsSchema,
  deals: z.array(DealSchema).optional(),
  ddex: ReleaseDdexSchema.default({ version: '4.3' }),
  created: isoDateOrDateTime.optional(),
  updated: isoDateOrDateTime.optional(),
  createdBy: z.string().optional(),
});
