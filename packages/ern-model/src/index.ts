/**
 * @module
 * The DDEX Distro release model: types and zod schemas for releases, tracks, assets, territories, rights, tenants,
 * delivery targets and deliveries; identifier validators; DDEX allowed-value sets; and `parseRelease`, which
 * checks a release in the JSON import format and returns issues with stable codes and paths.
 *
 * @example
 * import { parseRelease } from '@ddex/ern-model';
 * const result = parseRelease(input);
 * if (result.success) use(result.data); else report(result.issues);
 */
export { formatPath, fromZodIssue, type ModelIssue, type ParseResult } from './issues';
export { parseDelivery, parseDeliveryTarget, parseRelease, parseTenant } from './parse';
export * from './rules/release-rules';
export {
  AudioAssetSchema,
  DocumentAssetSchema,
  ImageAssetSchema,
  ReleaseAssetsSchema,
  VideoAssetSchema,
} from './schemas/assets';
export {
  DEFAULT_COMMERCIAL_MODELS,
  DEFAULT_USE_TYPES,
  DealSchema,
  RightsSchema,
  TerritoriesSchema,
} from './schemas/deal';
export {
  ARTIST_ROLES,
  AUDIO_FORMATS,
  BASIC_RELEASE_TYPES,
  COMMERCIAL_MODELS,
  CONTRIBUTOR_ROLES,
  IMAGE_FORMATS,
  IMAGE_TYPES,
  PARENTAL_WARNINGS,
  RELEASE_TYPES,
  USE_TYPES,
  VIDEO_FORMATS,
  WRITER_ROLES,
} from './schemas/enums';
export {
  DpidSchema,
  GridSchema,
  GtinSchema,
  IsniSchema,
  IsrcSchema,
  IswcSchema,
  ProprietaryIdSchema,
} from './schemas/identifier-schemas';
export { LocalizedNameSchema, LocalizedTitleSchema, RelatedReleaseSchema } from './schemas/localized';
export {
  ArtistSchema,
  ContributorSchema,
  CopyrightLineSchema,
  PartyIdsSchema,
  PublisherSchema,
  WriterSchema,
} from './schemas/party';
export {
  ERN_VERSION_IDS,
  RELEASE_STATUSES,
  ReleaseDdexSchema,
  ReleaseMetadataSchema,
  ReleaseSchema,
} from './schemas/release';
export {
  DELIVERY_PROTOCOLS,
  DELIVERY_STATUSES,
  DeliveryAttemptSchema,
  DeliverySchema,
  DeliveryTargetSchema,
  TenantSchema,
} from './schemas/service';
export {
  PreviewSchema,
  TrackAudioSchema,
  TrackMetadataSchema,
  TrackSchema,
  TrackVideoSchema,
} from './schemas/track';
export type * from './types';
export { findUnknownKeys } from './unknown-keys';
// the zod-free part (identifiers, allowed values, date and code checks), also published as @ddex/ern-model/values
export * from './values';
