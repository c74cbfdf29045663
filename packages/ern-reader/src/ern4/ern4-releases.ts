import { type DealDraft, emptyRelease, type ItemDraft, type ReleaseDraft } from '../common/draft';
import { readLocalizedNames, readLocalizedTitles, readRelatedReleases } from '../common/grown';
import { bool, coded, defaultChild, line, num } from '../common/values';
import type { IssueLog } from '../issues';
import type { XmlElement } from '../xml/element';
import { type Ern4Party, readDisplayArtists } from './ern4-parties';

/** Reads `ReleaseId` (GRid, ICPN, ISRC, CatalogNumber, ProprietaryId) into a release draft. */
export function readReleaseId(holder: XmlElement, d: ReleaseDraft): void {
  for (const id of holder.all('ReleaseId')) {
    const grid = id.text1('GRid');
    if (grid !== undefined) d.grid ??= grid;
    const icpn = id.text1('ICPN');
    if (icpn !== undefined) d.icpn ??= icpn;
    const isrc = id.text1('ISRC');
    if (isrc !== undefined) d.isrc ??= isrc;
    const catalogNumber = id.raw1('CatalogNumber');
    if (catalogNumber !== undefined) d.catalogNumber ??= catalogNumber;
    for (const p of id.all('ProprietaryId')) {
      const namespace = p.attr('Namespace');
      if (namespace !== undefined && p.text !== '') d.proprietaryIds.push({ namespace, value: p.text });
      else p.used = false;
    }
  }
}

/**
 * Reads a ResourceGroup: content items in order; nested groups are discs (their SequenceNumber, else their
 * position). Linked resources (cover art) are collected separately.
 */
export function readGroup(group: XmlElement, d: ReleaseDraft): void {
  group.child('SequenceNumber');
  const inner = group.all('ResourceGroup');
  const addItems = (g: XmlElement, disc: number) => {
    let position = 0;
    for (const item of g.all('ResourceGroupContentItem')) {
      position++;
      const ref = item.text1('ReleaseResourceReference');
      item.child('ResourceType'); // ERN 3.8.2: implied by the resource
      if (ref === undefined) continue;
      const sequence = num(item.text1('SequenceNumber')) ?? position;
      d.items.push({ ref, disc, sequence } satisfies ItemDraft);
      for (const l of item.all('LinkedReleaseResourceReference')) d.linked.push(l.text.trim());
    }
    for (const l of g.all('LinkedReleaseResourceReference')) d.linked.push(l.text.trim());
  };
  addItems(group, 1);
  inner.forEach((g, i) => {
    const disc = num(g.text1('SequenceNumber')) ?? i + 1;
    addItems(g, disc);
    for (const deeper of g.all('ResourceGroup')) deeper.used = false; // deeper nesting: reported
  });
}

/** Reads a `Release` or `TrackRelease` of an ERN 4.2/4.3 ReleaseList. */
export function readRelease4(el: XmlElement, parties: Map<string, Ern4Party>, log: IssueLog): ReleaseDraft | undefined {
  const ref = el.text1('ReleaseReference');
  if (ref === undefined) return undefined;
  el.used = true;
  const main = el.name === 'Release';
  const d = emptyRelease(ref, main, el);
  const type = defaultChild(el, 'ReleaseType');
  d.type = coded(type) ?? (main ? undefined : 'TrackRelease');
  readReleaseId(el, d);
  const displayTitle = defaultChild(el, 'DisplayTitle');
  const title = displayTitle?.raw1('TitleText');
  const titleText = defaultChild(el, 'DisplayTitleText');
  if (title !== undefined) d.title = title;
  else if (titleText && titleText.text !== '') d.title = titleText.text;
  const subtitle = displayTitle?.raw1('SubTitle');
  if (subtitle !== undefined) d.subtitle = subtitle;
  readLocalizedTitles(el, displayTitle || undefined, titleText || undefined, d.grown);
  const artistName = defaultChild(el, 'DisplayArtistName');
  if (artistName && artistName.text !== '') d.displayArtist = artistName.text;
  readLocalizedNames(el, artistName || undefined, d.grown);
  d.artists = readDisplayArtists(el, parties, log);
  readRelatedReleases(el, d.grown);
  const labelRef = defaultChild(el, 'ReleaseLabelReference');
  if (labelRef) {
    const label = parties.get(labelRef.text.trim());
    if (label) {
      d.label = label.name;
      if (label.ids) d.labelIds = label.ids;
    } else {
      log.rejected(
        labelRef,
        `ReleaseLabelReference ${labelRef.text.trim()} does not name a Party of the PartyList.`,
        ref,
      );
    }
  }
  el.child('Duration'); // the sum of the tracks: derived again by the writers
  const pLine = line(defaultChild(el, 'PLine'), 'PLineText');
  if (pLine) d.pLine = pLine;
  const cLine = line(defaultChild(el, 'CLine'), 'CLineText');
  if (cLine) d.cLine = cLine;
  const genre = defaultChild(el, 'Genre');
  if (genre) d.genre = [genre.raw1('GenreText'), genre.raw1('SubGenre')].filter((g): g is string => g !== undefined);
  const warning = defaultChild(el, 'ParentalWarningType');
  if (warning) d.parentalWarning = warning.text.trim();
  const releaseDate = defaultChild(el, 'ReleaseDate');
  if (releaseDate) d.releaseDate = releaseDate.text.trim();
  const original = defaultChild(el, 'OriginalReleaseDate');
  if (original) d.originalReleaseDate = original.text.trim();
  for (const k of el.all('Keywords'))
    d.keywords.push(
      ...k.text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
  const comment = defaultChild(el, 'MarketingComment');
  if (comment && comment.text !== '') d.marketingComment = comment.text;
  const compilation = el.peek('IsMultiArtistCompilation');
  if (compilation && bool(compilation.text.trim()) === false) compilation.used = true; // false is the default
  for (const group of el.all('ResourceGroup')) readGroup(group, d);
  if (!main) {
    const resource = el.text1('ReleaseResourceReference');
    if (resource !== undefined) d.items.push({ ref: resource, disc: 1, sequence: 1 });
  }
  return d;
}

/** Reads one `Deal` of an ERN 4 or 3.8.2 ReleaseDeal (ERN 3.8.2 puts use types inside `Usage`). */
export function readDeal(deal: XmlElement): DealDraft | undefined {
  const terms = deal.child('DealTerms');
  if (terms === undefined) return undefined;
  deal.child('DealReference');
  const d: DealDraft = {
    el: terms,
    included: terms.all('TerritoryCode').map((t) => t.text.trim()),
    excluded: terms.all('ExcludedTerritoryCode').map((t) => t.text.trim()),
    commercialModels: terms.all('CommercialModelType').map((t) => coded(t) ?? ''),
    useTypes: [...terms.all('UseType'), ...(terms.child('Usage')?.all('UseType') ?? [])].map((t) => coded(t) ?? ''),
    takedown: bool(terms.text1('TakeDown')) === true,
  };
  if (d.included.length === 0 && d.excluded.length > 0) d.included = ['Worldwide'];
  const period = defaultChild(terms, 'ValidityPeriod');
  if (period) {
    const start = period.text1('StartDate') ?? period.text1('StartDateTime');
    const end = period.text1('EndDate') ?? period.text1('EndDateTime');
    if (start !== undefined) d.start = start;
    if (end !== undefined) d.end = end;
  }
  readDealExtras(terms, d);
  const price = terms.child('PriceInformation');
  const priceCode = price?.text1('PriceCode') ?? price?.text1('PriceType');
  if (priceCode !== undefined) d.priceCode = priceCode;
  return d;
}

/** DistributionChannel names, IsPreOrderDeal and (ERN 3.8.2) ReleaseDisplayStartDate(Time) of DealTerms. */
function readDealExtras(terms: XmlElement, d: DealDraft): void {
  const extras: NonNullable<DealDraft['extras']> = {};
  const channels: string[] = [];
  for (const c of terms.all('DistributionChannel')) {
    const name = c.peek('PartyName')?.peek('FullName')?.text;
    if (name === undefined || name === '' || c.childCount !== 1) {
      c.used = false; // identified by PartyId only, or with more than a name: the model holds names
      continue;
    }
    c.useAll();
    channels.push(name);
  }
  if (channels.length > 0) extras.distributionChannels = channels;
  const preOrder = bool(terms.text1('IsPreOrderDeal'));
  if (preOrder !== undefined) extras.preOrder = preOrder;
  for (const suffix of ['Date', 'DateTime']) {
    const display = terms.text1(`ReleaseDisplayStart${suffix}`);
    if (display === undefined) continue;
    extras.displayStartDate = display;
    // ERN 3.8.2 gives the four display dates together; the same date for all is what the model's one date means
    for (const what of ['TrackListingPreview', 'CoverArtPreview', 'ClipPreview']) {
      const other = terms.peek(`${what}Start${suffix}`);
      if (other !== undefined && other.text.trim() === display) other.used = true;
    }
  }
  if (Object.keys(extras).length > 0) d.extras = extras;
}

/** Reads the DealList: each ReleaseDeal's deals, attached to every release it names. */
export function readDealList(root: XmlElement, releases: Map<string, ReleaseDraft>, log: IssueLog): boolean {
  const list = root.child('DealList');
  if (list === undefined) return false;
  for (const rd of list.all('ReleaseDeal')) {
    const refs = rd.texts('DealReleaseReference');
    rd.child('EffectiveDate');
    const deals = rd
      .all('Deal')
      .map(readDeal)
      .filter((x): x is DealDraft => x !== undefined);
    for (const ref of refs) {
      const release = releases.get(ref);
      if (release === undefined) log.rejected(rd, `DealReleaseReference ${ref} names no release of the ReleaseList.`);
      else release.deals.push(...deals);
    }
  }
  return true;
}
