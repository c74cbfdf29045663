import { toInstant } from '@ddex/ern-model';
import type { DealDraft } from './draft';

/** A model deal (DealSchema input). */
export interface ModelDeal {
  territories: { included: string[]; excluded: string[] };
  startDate: string;
  endDate?: string;
  priceCode?: string;
  commercialModels: string[];
  useTypes: string[];
  distributionChannels?: string[];
  preOrder?: boolean;
  displayStartDate?: string;
}

const sorted = (a: readonly string[]) => [...a].sort();
const union = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])];

/**
 * Turns DDEX deals into model deals. Deals with the same territories and validity period are merged into one
 * model deal (the writers split a model deal by commercial model: streaming models with stream use types,
 * purchase models with download use types and the price code); deals with different price codes stay apart.
 */
export function toModelDeals(drafts: readonly DealDraft[]): { deal: ModelDeal; sources: DealDraft[] }[] {
  const out: { deal: ModelDeal; sources: DealDraft[]; key: string }[] = [];
  for (const d of drafts) {
    if (d.start === undefined) continue;
    const key = JSON.stringify([sorted(d.included), sorted(d.excluded), d.start, d.end ?? null, d.extras ?? null]);
    const same = out.find(
      (o) =>
        o.key === key &&
        (o.deal.priceCode === undefined || d.priceCode === undefined || o.deal.priceCode === d.priceCode),
    );
    if (same) {
      same.deal.commercialModels = union(same.deal.commercialModels, d.commercialModels);
      same.deal.useTypes = union(same.deal.useTypes, d.useTypes);
      same.deal.priceCode ??= d.priceCode;
      same.sources.push(d);
      continue;
    }
    const deal: ModelDeal = {
      territories: { included: [...d.included], excluded: [...d.excluded] },
      startDate: d.start,
      commercialModels: [...d.commercialModels],
      useTypes: [...d.useTypes],
    };
    if (d.end !== undefined) deal.endDate = d.end;
    if (d.priceCode !== undefined) deal.priceCode = d.priceCode;
    if (d.extras !== undefined) Object.assign(deal, d.extras);
    out.push({ deal, sources: [d], key });
  }
  return out.map(({ deal, sources }) => ({ deal, sources }));
}

/**
 * The release-level territories and rights the model requires, summarised from its deals: one deal is the
 * release's territories and rights; several give the union of territories (Worldwide when any deal is), the
 * earliest start, the latest end (none if any deal is open-ended), every commercial model and use type, and the
 * price code they share.
 */
export function summarise(deals: readonly ModelDeal[]): {
  territories: ModelDeal['territories'];
  rights: Omit<ModelDeal, 'territories'>;
} {
  const first = deals[0] as ModelDeal;
  if (deals.length === 1) {
    const { territories, ...rights } = first;
    return { territories, rights };
  }
  const worldwide = deals.filter((d) => d.territories.included.includes('Worldwide'));
  let territories: ModelDeal['territories'];
  if (worldwide.length > 0) {
    const excluded = worldwide
      .map((d) => d.territories.excluded)
      .reduce((acc, ex) => acc.filter((c) => ex.includes(c)));
    territories = { included: ['Worldwide'], excluded: worldwide.length === deals.length ? excluded : [] };
  } else {
    territories = { included: [...new Set(deals.flatMap((d) => d.territories.included))], excluded: [] };
  }
  const start = deals.map((d) => d.startDate).reduce((a, b) => (toInstant(b) < toInstant(a) ? b : a));
  const ends = deals.map((d) => d.endDate);
  const rights: Omit<ModelDeal, 'territories'> = {
    startDate: start,
    commercialModels: [...new Set(deals.flatMap((d) => d.commercialModels))],
    useTypes: [...new Set(deals.flatMap((d) => d.useTypes))],
  };
  if (ends.every((e) => e !== undefined)) {
    rights.endDate = (ends as string[]).reduce((a, b) => (toInstant(b) > toInstant(a) ? b : a));
  }
  const prices = new Set(deals.map((d) => d.priceCode));
  if (prices.size === 1 && first.priceCode !== undefined) rights.priceCode = first.priceCode;
  return { territories, rights };
}
