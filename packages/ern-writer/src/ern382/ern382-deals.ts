import { toInstant } from '@ddex/ern-model/values';
import { dealExtrasAt } from '../deal-extras';
import { splitDealByModel } from '../deal-split';
import type { CodedValue, Ern382Context } from './ern382-context';
import { earliest, isDateOnly, toXsDateTime } from './ern382-dates';
import type { Ern382Plan } from './ern382-plan';
import { MAIN_RELEASE_REF } from './ern382-releases';

/** One deal as DealTerms will carry it, settled once and written for every release. */
export interface PreparedDeal {
  readonly path: string;
  readonly commercialModels: readonly CodedValue[];
  readonly useTypes: readonly CodedValue[];
  /** TerritoryCode or ExcludedTerritoryCode (a 3.8.2 deal holds one or the other) */
  readonly territoryElement: 'TerritoryCode' | 'ExcludedTerritoryCode';
  readonly territories: readonly string[];
  readonly priceCode: string | undefined;
  /** StartDate/EndDate when both are dates, else StartDateTime/EndDateTime */
  readonly dateTime: boolean;
  readonly start: string;
  readonly end: string | undefined;
}

interface DealSource {
  readonly territories: { readonly included: readonly string[]; readonly excluded: readonly string[] };
  readonly startDate: string;
  readonly endDate?: string | undefined;
  readonly priceCode?: string | undefined;
  readonly commercialModels: readonly string[];
  readonly useTypes: readonly string[];
}

const WORLDWIDE = 'Worldwide';

/** The model deal split by {@link splitDealByModel}: streaming and purchase deals where it mixes both. */
function splitByModel(source: DealSource): DealSource[] {
  const sides = splitDealByModel(source.commercialModels, source.useTypes, source.priceCode);
  return sides.length === 1 ? [source] : sides.map((side) => ({ ...source, ...side }));
}

function supportedTerritories(ctx: Ern382Context, codes: readonly string[], path: string): string[] {
  const out: string[] = [];
  const allowed = ctx.allowed('CurrentTerritoryCode');
  codes.forEach((code, i) => {
    if (allowed.has(code)) out.push(code);
    else
      ctx.issue(
        'value_not_in_avs',
        `${path}.${i}`,
        `Territory "${code}" is not an ERN 3.8.2 CurrentTerritoryCode; it was left out of the deal.`,
      );
  });
  return out;
}

function prepareDeal(
  ctx: Ern382Context,
  plan: Ern382Plan,
  source: DealSource,
  path: string,
  territoriesPath: string,
): PreparedDeal | undefined {
  const included = supportedTerritories(ctx, source.territories.included, `${territoriesPath}.included`);
  const excluded = supportedTerritories(ctx, source.territories.excluded, `${territoriesPath}.excluded`);
  let territoryElement: PreparedDeal['territoryElement'] = 'TerritoryCode';
  let territories: readonly string[] = included;
  if (excluded.length > 0) {
    if (included.includes(WORLDWIDE)) {
      territoryElement = 'ExcludedTerritoryCode';
      territories = excluded;
    } else {
      const drop = new Set(excluded);
      territories = included.filter((c) => !drop.has(c));
      const lost = excluded.filter((c) => !included.includes(c));
      if (lost.length > 0) {
        ctx.issue(
          'unsupported_field',
          `${territoriesPath}.excluded`,
          `ERN 3.8.2 deals list either included or excluded territories; the exclusions ${lost.join(', ')} inside the included territories cannot be carried.`,
        );
      }
    }
  }
  if (territories.length === 0) {
    ctx.issue('deal_dropped', path, 'No ERN 3.8.2 territory remains for this deal; it was left out of the DealList.');
    return undefined;
  }

  let start = source.startDate;
  let end = source.endDate;
  if (plan.kind === 'Takedown') {
    // the deal ends when the message is created (or earlier, if it already did)
    end = end === undefined ? plan.createdAt : earliest(end, plan.createdAt);
    if (toInstant(start) > toInstant(end)) start = end;
  }
  const dateTime = !isDateOnly(start) || (end !== undefined && !isDateOnly(end));
  return {
    path,
    commercialModels: source.commercialModels.map((v) =>
      ctx.coded('CommercialModelType', v, `${path}.commercialModels`),
    ),
    useTypes: source.useTypes.map((v) => ctx.coded('UseType', v, `${path}.useTypes`)),
    territoryElement,
    territories,
    priceCode: source.priceCode,
    dateTime,
    start: dateTime ? toXsDateTime(start) : start,
    end: end === undefined ? undefined : dateTime ? toXsDateTime(end) : end,
  };
}

/**
 * The deals of a release: its explicit deals, or one deal from its territories and rights; each split into a
 * streaming and a purchase deal where it mixes both.
 */
export function prepareDeals(ctx: Ern382Context, plan: Ern382Plan): PreparedDeal[] {
  const { release } = plan;
  const out: PreparedDeal[] = [];
  const add = (source: DealSource, path: string, territoriesPath: string) => {
    for (const part of splitByModel(source)) {
      const prepared = prepareDeal(ctx, plan, part, path, territoriesPath);
      if (prepared) out.push(prepared);
    }
  };
  if (release.deals && release.deals.length > 0) {
    release.deals.forEach((deal, i) => {
      add(deal, `deals.${i}`, `deals.${i}.territories`);
    });
  } else {
    add({ ...release.rights, territories: release.territories }, 'rights', 'territories');
  }
  return out;
}

function writeDeal(ctx: Ern382Context, plan: Ern382Plan, d: PreparedDeal): void {
  const x = ctx.xml;
  ctx.path = d.path;
  x.open('Deal').open('DealTerms');
  const extras = dealExtrasAt(plan.release, d.path);
  x.leafSafe('IsPreOrderDeal', extras.preOrder);
  for (const c of d.commercialModels) x.leaf('CommercialModelType', c.text, c.attributes);
  x.open('Usage');
  for (const u of d.useTypes) x.leaf('UseType', u.text, u.attributes);
  x.close();
  for (const code of d.territories) x.leaf(d.territoryElement, code);
  for (const name of extras.distributionChannels ?? [])
    x.open('DistributionChannel').open('PartyName').leaf('FullName', name).close().close();
  if (d.priceCode !== undefined) {
    // a price code is the recipient's price tier: PriceType in the recipient's namespace
    x.open('PriceInformation')
      .leaf('PriceType', d.priceCode, { Namespace: `DPID:${plan.options.recipient.dpid}` })
      .close();
  }
  x.open('ValidityPeriod');
  if (d.dateTime) x.leaf('StartDateTime', d.start).leaf('EndDateTime', d.end);
  else x.leaf('StartDate', d.start).leaf('EndDate', d.end);
  x.close();
  const display = extras.displayStartDate;
  if (display !== undefined) {
    // the schema takes the four display dates together: track listing, cover art and clips show from then too
    const [suffix, value] = isDateOnly(display) ? ['Date', display] : ['DateTime', toXsDateTime(display)];
    for (const what of ['ReleaseDisplay', 'TrackListingPreview', 'CoverArtPreview', 'ClipPreview'])
      x.leafSafe(`${what}Start${suffix}`, value);
  }
  x.close().close();
}

/**
 * The `<DealList>`: one ReleaseDeal whose deals apply to the main release and to every TrackRelease (3.8.2 allows
 * several DealReleaseReferences, as the ERN 4 writers write it).
 */
export function writeDealList(ctx: Ern382Context, plan: Ern382Plan): void {
  ctx.path = 'deals';
  const deals = prepareDeals(ctx, plan);
  const x = ctx.xml;
  x.open('DealList');
  if (deals.length > 0) {
    x.open('ReleaseDeal').leaf('DealReleaseReference', MAIN_RELEASE_REF);
    for (const t of plan.tracks) x.leaf('DealReleaseReference', t.releaseRef);
    for (const d of deals) writeDeal(ctx, plan, d);
    x.close();
  }
  x.close();
}
