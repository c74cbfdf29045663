// The deal-splitting rule every writer follows (ERN 4.x and 3.8.2 alike).

/** One side of a split deal: its commercial models, use types and price code. */
export interface DealSide {
  readonly commercialModels: readonly string[];
  readonly useTypes: readonly string[];
  readonly priceCode: string | undefined;
}

/** Commercial models whose consumers buy downloads; their use types are the download ones. */
const PURCHASE_MODELS: ReadonlySet<string> = new Set(['PayAsYouGoModel']);
/** Use types that are downloads (paired with purchase models when a deal is split). */
const DOWNLOAD_USE_TYPES: ReadonlySet<string> = new Set([
  'PermanentDownload',
  'ConditionalDownload',
  'Download',
  'TetheredDownload',
  'KioskDownload',
]);

/**
 * Splits one model deal into DDEX deals the way DSPs expect them: streaming models (subscription, ad-supported…)
 * with the non-download use types and no price, then purchase models (pay-as-you-go) with the download use types
 * and the price code. A deal that does not split cleanly (a side would have no model or no use type) stays one deal.
 */
export function splitDealByModel(
  models: readonly string[],
  uses: readonly string[],
  priceCode: string | undefined,
): DealSide[] {
  const purchase: string[] = [];
  const other: string[] = [];
  for (const m of models) (PURCHASE_MODELS.has(m) ? purchase : other).push(m);
  const downloads: string[] = [];
  const streams: string[] = [];
  for (const u of uses) (DOWNLOAD_USE_TYPES.has(u) ? downloads : streams).push(u);
  if (purchase.length === 0 || other.length === 0 || downloads.length === 0 || streams.length === 0) {
    return [{ commercialModels: models, useTypes: uses, priceCode }];
  }
  return [
    { commercialModels: other, useTypes: streams, priceCode: undefined },
    { commercialModels: purchase, useTypes: downloads, priceCode },
  ];
}
