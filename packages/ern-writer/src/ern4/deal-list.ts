import { dealExtrasAt } from '../deal-extras';
import type { XmlWriter } from '../xml/xml-writer';
import type { Ern4Context } from './context';
import { isDateOnly, toXsDateTime } from './dates';
import type { PlannedDeal } from './deals';
import { writeDistributionChannels } from './grown-fields';
import { avsAttributes } from './issues';

/** ValidityPeriod: dates, or date-times when either end is one (the schema takes one kind per period). */
function writeValidity(x: XmlWriter, deal: PlannedDeal): void {
  x.open('ValidityPeriod');
  if (isDateOnly(deal.start) && (deal.end === undefined || isDateOnly(deal.end))) {
    x.leaf('StartDate', deal.start).leaf('EndDate', deal.end);
  } else {
    x.leaf('StartDateTime', toXsDateTime(deal.start));
    if (deal.end !== undefined) x.leaf('EndDateTime', toXsDateTime(deal.end));
  }
  x.close();
}

/** Territory codes the version knows; others are reported and left out. */
function territories(ctx: Ern4Context, codes: readonly string[], path: string): string[] {
  const kept: string[] = [];
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] as string;
    if (ctx.log.allows('CurrentTerritoryCode', code)) kept.push(code);
    else
      ctx.log.add(
        'value_not_in_avs',
        `${path}.${i}`,
        `"${code}" is not a current territory code in ERN ${ctx.log.version} and was left out of the deal.`,
      );
  }
  return kept;
}

function writeDeal(x: XmlWriter, ctx: Ern4Context, deal: PlannedDeal): void {
  const t = deal.path === 'rights' ? 'territories' : `${deal.path}.territories`;
  x.open('Deal').open('DealTerms');
  // the schema takes territory codes or excluded codes: excluded ones mean "worldwide except"
  const excluded = deal.excluded.length > 0 ? territories(ctx, deal.excluded, `${t}.excluded`) : deal.excluded;
  if (excluded.length > 0) for (const code of excluded) x.leafSafe('ExcludedTerritoryCode', code);
  else for (const code of territories(ctx, deal.included, `${t}.included`)) x.leafSafe('TerritoryCode', code);
  writeValidity(x, deal);
  for (let i = 0; i < deal.commercialModels.length; i++) {
    const v = ctx.log.avs(
      'CommercialModelType',
      deal.commercialModels[i] as string,
      deal.path,
      `.commercialModels.${i}`,
    );
    x.leafSafe('CommercialModelType', v.value, avsAttributes(v));
  }
  for (let i = 0; i < deal.useTypes.length; i++) {
    const v = ctx.log.avs('UseType', deal.useTypes[i] as string, deal.path, `.useTypes.${i}`);
    x.leafSafe('UseType', v.value, avsAttributes(v));
  }
  const extras = dealExtrasAt(ctx.release, deal.path);
  writeDistributionChannels(x, extras.distributionChannels);
  if (deal.priceCode !== undefined) {
    x.open('PriceInformation').leaf('PriceCode', deal.priceCode, { Namespace: ctx.namespace }).close();
  }
  x.leafSafe('IsPreOrderDeal', extras.preOrder);
  x.close().close();
}

/**
 * DealList: one ReleaseDeal covering the main release and its track releases. Left out entirely for a takedown by
 * empty deal list (DealList needs at least one ReleaseDeal).
 */
export function writeDealList(x: XmlWriter, ctx: Ern4Context): void {
  if (ctx.deals.length === 0) return;
  x.open('DealList').open('ReleaseDeal');
  x.leafSafe('DealReleaseReference', 'R0');
  if (ctx.trackReleases) for (const t of ctx.plan.tracks) x.leafSafe('DealReleaseReference', t.releaseRef);
  for (const deal of ctx.deals) writeDeal(x, ctx, deal);
  x.close().close();
}
