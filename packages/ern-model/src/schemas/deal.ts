import { z } from 'zod';
import { isoDateOrDateTime, territoryCode } from '../primitives';
import { CommercialModelSchema, UseTypeSchema } from './enums';

/** Where a release may be sold: included territories (or Worldwide) minus excluded ones. */
export const TerritoriesSchema = z.object({
  included: z.array(territoryCode).min(1),
  excluded: z.array(territoryCode).default([]),
});

/** Commercial models offered when a release names none. */
export const DEFAULT_COMMERCIAL_MODELS = ['SubscriptionModel', 'AdvertisementSupportedModel', 'PayAsYouGoModel'];
/** Use types offered when a release names none. */
export const DEFAULT_USE_TYPES = ['Stream', 'PermanentDownload'];

/** Deal terms beyond territories, period and models; shared by `rights` and explicit deals. */
const DealExtras = {
  /** the only services (DSP names) the deal is for; absent means every service the message goes to */
  distributionChannels: z.array(z.string().min(1)).min(1).optional(),
  /** true for a pre-order deal (DDEX IsPreOrderDeal): the release can be ordered before its release date */
  preOrder: z.boolean().optional(),
  /** from when services may show the release (DDEX ReleaseDisplayStartDate): a date or date-time */
  displayStartDate: isoDateOrDateTime.optional(),
};

/** Rights granted: validity period, price code, commercial models and use types. Deals derive from these. */
export const RightsSchema = z.object({
  /** a date (YYYY-MM-DD) or date-time */
  startDate: isoDateOrDateTime,
  endDate: isoDateOrDateTime.optional(),
  priceCode: z.string().min(1).optional(),
  commercialModels: z.array(CommercialModelSchema).min(1).default(DEFAULT_COMMERCIAL_MODELS),
  useTypes: z.array(UseTypeSchema).min(1).default(DEFAULT_USE_TYPES),
  ...DealExtras,
});

/**
 * An explicit deal, for releases whose terms differ by territory or model. When a release lists deals, they are
 * written as given; otherwise one deal is derived from `territories` and `rights`.
 */
export const DealSchema = z.object({
  territories: TerritoriesSchema,
  startDate: isoDateOrDateTime,
  endDate: isoDateOrDateTime.optional(),
  priceCode: z.string().min(1).optional(),
  commercialModels: z.array(CommercialModelSchema).min(1),
  useTypes: z.array(UseTypeSchema).min(1),
  ...DealExtras,
});
