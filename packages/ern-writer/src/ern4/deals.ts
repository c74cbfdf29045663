import type { Release } from '@ddex/ern-model/values';
import { toInstant } from '@ddex/ern-model/values';
import { splitDealByModel } from '../deal-split';
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

type DealBase = Pick<PlannedDeal, 'path' | 'included' | 'excluded' | 'start' | 'end'>;

/** The planned deals of one model deal, split by {@link splitDealByModel}. */
function splitByModel(
  base: DealBase,
  models: readonly string[],
  uses: readonly string[],
  priceCode: string | undefined,
): PlannedDeal[] {
  return splitDealByModel(models, uses, priceCode).map((side) => ({
    path: base.path,
    included: base.included,
    excluded: base.excluded,
    start: base.start,
    end: base.end,
    commercialModels: side.commercialModels,
    useTypes: side.useTypes,
    priceCode: side.priceCode,
  }));
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
