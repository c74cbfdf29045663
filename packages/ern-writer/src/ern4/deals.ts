import type { Release } from '@ddex/ern-model';
import { toInstant } from '@ddex/ern-model';
import type { MessageKind, TakedownMethod } from '../types';
import { isDateOnly } from './dates';

/** One deal to write: territories, validity, commercial models and use types, price code. Version-agnostic. */
export interface PlannedDeal {
  /** release path the deal comes from (`rights` or `deals.2`), for issues */
  readonly path: string;
  readonly included: readonly string[];
  readonly excluded: readonly string[];
  /** a date (YYYY-MM-DD) or date-time, as in the model */
  readonly start: string;
  readonly end: string | undefined;
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
 * with the non-download use types, and purchase models (pay-as-you-go) with the download use types and the price
 * code. A deal that does not split cleanly (a side would have no use type) stays one deal.
 */
function splitByModel(
  base: DealBase,
  models: readonly string[],
  uses: readonly string[],
  priceCode: string | undefined,
): PlannedDeal[] {
  const purchase: string[] = [];
  const other: string[] = [];
  for (const m of models) (PURCHASE_MODELS.has(m) ? purchase : other).push(m);
  const downloads: string[] = [];
  const streams: string[] = [];
  for (const u of uses) (DOWNLOAD_USE_TYPES.has(u) ? downloads : streams).push(u);
  if (purchase.length === 0 || other.length === 0 || downloads.length === 0 || streams.length === 0) {
    return [deal(base, models, uses, priceCode)];
  }
  return [deal(base, other, streams, undefined), deal(base, purchase, downloads, priceCode)];
}

type DealBase = Pick<PlannedDeal, 'path' | 'included' | 'excluded' | 'start' | 'end'>;

function deal(
  base: DealBase,
  commercialModels: readonly string[],
  useTypes: readonly string[],
  priceCode: string | undefined,
): PlannedDeal {
  return {
    path: base.path,
    included: base.included,
    excluded: base.excluded,
    start: base.start,
    end: base.end,
    commercialModels,
    useTypes,
    priceCode,
  };
}

/** Ends a deal at the takedown instant; a deal that had not started yet starts and ends then. */
function endAt(deal: PlannedDeal, createdAt: string): PlannedDeal {
  const at = isDateOnly(deal.start) ? createdAt.slice(0, 10) : createdAt;
  if (deal.end !== undefined && toInstant(deal.end) <= toInstant(at)) return deal;
  const start = toInstant(deal.start) > toInstant(at) ? at : deal.start;
  return { ...deal, start, end: at };
}

/**
 * The deals of a message: the release's explicit deals when it lists any, otherwise one derived from its
 * territories and rights; each split by commercial model. A takedown by end-dated deal ends them all at
 * `createdAt`; a takedown by empty deal list has none.
 */
export function planDeals(
  release: Release,
  kind: MessageKind,
  takedownMethod: TakedownMethod,
  createdAt: string,
): PlannedDeal[] {
  if (kind === 'Takedown' && takedownMethod === 'EmptyDealList') return [];
  const planned: PlannedDeal[] = [];
  if (release.deals !== undefined && release.deals.length > 0) {
    release.deals.forEach((d, i) => {
      const base = {
        path: `deals.${i}`,
        included: d.territories.included,
        excluded: d.territories.excluded,
        start: d.startDate,
        end: d.endDate,
      };
      planned.push(...splitByModel(base, d.commercialModels, d.useTypes, d.priceCode));
    });
  } else {
    const { territories: t, rights: r } = release;
    const base = { path: 'rights', included: t.included, excluded: t.excluded, start: r.startDate, end: r.endDate };
    planned.push(...splitByModel(base, r.commercialModels, r.useTypes, r.priceCode));
  }
  return kind === 'Takedown' ? planned.map((d) => endAt(d, createdAt)) : planned;
}
