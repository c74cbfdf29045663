import type { z } from 'zod';
import type {
  AudioAssetSchema,
  DocumentAssetSchema,
  ImageAssetSchema,
  ReleaseAssetsSchema,
  VideoAssetSchema,
} from './schemas/assets';
import type { DealSchema, RightsSchema, TerritoriesSchema } from './schemas/deal';
import type { LocalizedNameSchema, LocalizedTitleSchema, RelatedReleaseSchema } from './schemas/localized';
import type {
  ArtistSchema,
  ContributorSchema,
  CopyrightLineSchema,
  PartyIdsSchema,
  PublisherSchema,
  WriterSchema,
} from './schemas/party';
import type { ERN_VERSION_IDS, ReleaseDdexSchema, ReleaseMetadataSchema, ReleaseSchema } from './schemas/release';
import type { DeliveryAttemptSchema, DeliverySchema, DeliveryTargetSchema, TenantSchema } from './schemas/service';
import type {
  PreviewSchema,
  TrackAudioSchema,
  TrackMetadataSchema,
  TrackSchema,
  TrackVideoSchema,
} from './schemas/track';

/** A release after parsing: identifiers normalised, defaults filled in. */
export type Release = z.output<typeof ReleaseSchema>;
/** A release as written in the JSON import format (before defaults). */
export type ReleaseInput = z.input<typeof ReleaseSchema>;
/** Release metadata. */
export type ReleaseMetadata = z.output<typeof ReleaseMetadataSchema>;
/** DDEX settings of a release. */
export type ReleaseDdex = z.output<typeof ReleaseDdexSchema>;
/** A track. */
export type Track = z.output<typeof TrackSchema>;
/** Track metadata. */
export type TrackMetadata = z.output<typeof TrackMetadataSchema>;
/** A track's audio reference. */
export type TrackAudio = z.output<typeof TrackAudioSchema>;
/** A track's video reference. */
export type TrackVideo = z.output<typeof TrackVideoSchema>;
/** A preview clip. */
export type Preview = z.output<typeof PreviewSchema>;
/** The files of a release. */
export type ReleaseAssets = z.output<typeof ReleaseAssetsSchema>;
/** An audio file. */
export type AudioAsset = z.output<typeof AudioAssetSchema>;
/** An image file. */
export type ImageAsset = z.output<typeof ImageAssetSchema>;
/** A video file. */
export type VideoAsset = z.output<typeof VideoAssetSchema>;
/** A document file. */
export type DocumentAsset = z.output<typeof DocumentAssetSchema>;
/** Territories of a release. */
export type Territories = z.output<typeof TerritoriesSchema>;
/** Rights of a release. */
export type Rights = z.output<typeof RightsSchema>;
/** An explicit deal. */
export type Deal = z.output<typeof DealSchema>;
/** A title in another language or script, or for one territory. */
export type LocalizedTitle = z.output<typeof LocalizedTitleSchema>;
/** A display artist name in another language or script, or for one territory. */
export type LocalizedName = z.output<typeof LocalizedNameSchema>;
/** A release this one relates to. */
export type RelatedRelease = z.output<typeof RelatedReleaseSchema>;
/** A display artist. */
export type Artist = z.output<typeof ArtistSchema>;
/** A contributor. */
export type Contributor = z.output<typeof ContributorSchema>;
/** A writer of the musical work. */
export type Writer = z.output<typeof WriterSchema>;
/** A publisher. */
export type Publisher = z.output<typeof PublisherSchema>;
/** Party identifiers. */
export type PartyIds = z.output<typeof PartyIdsSchema>;
/** A P or C line. */
export type CopyrightLine = z.output<typeof CopyrightLineSchema>;
/** An ERN version id: '3.8.2', '4.2' or '4.3'. */
export type ErnVersionId = (typeof ERN_VERSION_IDS)[number];
/** A tenant. */
export type Tenant = z.output<typeof TenantSchema>;
/** A delivery target. */
export type DeliveryTarget = z.output<typeof DeliveryTargetSchema>;
/** A delivery. */
export type Delivery = z.output<typeof DeliverySchema>;
/** A delivery attempt. */
export type DeliveryAttempt = z.output<typeof DeliveryAttemptSchema>;
