import type { CreditDraft, PartyDraft } from '../common/draft';
import { coded, pickDefault } from '../common/values';
import { readPartyIds, readPartyName } from '../ern4/ern4-parties';
import type { XmlElement } from '../xml/element';

/**
 * The `*DetailsByTerritory` block meant for everyone: the one for Worldwide, else the first. The others are
 * territory-specific overrides the model does not hold; they stay unread and are reported.
 */
export function detailsFor(el: XmlElement, name: string): XmlElement | undefined {
  const all = el.peekAll(name);
  const worldwide = (d: XmlElement) =>
    d.peekAll('TerritoryCode').some((c) => c.text.trim() === 'Worldwide') || d.count('TerritoryCode') === 0;
  const chosen = all.find(worldwide) ?? all[0];
  if (chosen === undefined) return undefined;
  chosen.used = true;
  // the territory list says which block this is (Worldwide, or everywhere but the excluded territories, which
  // other blocks then override: those blocks are reported)
  chosen.all('TerritoryCode');
  if (chosen.count('TerritoryCode') === 0) chosen.all('ExcludedTerritoryCode');
  return chosen;
}

/** A title from `Title` elements (DisplayTitle first, else FormalTitle, else the first), else `ReferenceTitle`. */
export function titleOf(details: XmlElement | undefined, owner: XmlElement): { title?: string; subtitle?: string } {
  const titles = details?.peekAll('Title').filter((t) => t.attr('TitleType') !== 'MusicalWorkTitle') ?? [];
  const chosen =
    titles.find((t) => t.attr('TitleType') === 'DisplayTitle') ??
    titles.find((t) => t.attr('TitleType') === 'FormalTitle') ??
    pickDefault(titles);
  const reference = owner.peek('ReferenceTitle');
  const source = chosen ?? reference;
  if (source === undefined) return {};
  source.used = true;
  const title = source.raw1('TitleText');
  const subtitle = source.raw1('SubTitle');
  // other titles that say the same thing are read; different ones are reported
  for (const t of [...titles, ...(reference ? [reference] : [])]) {
    if (!t.is(source) && t.peek('TitleText')?.text.trim() === title && t.peek('SubTitle')?.text.trim() === subtitle) {
      t.useAll();
    }
  }
  return { ...(title !== undefined && { title }), ...(subtitle !== undefined && { subtitle }) };
}

/** An inline ERN 3.8.2 party (`PartyName` + `PartyId`) with a role read from `roleName`. */
export function inlineCredits(el: XmlElement, roleName: string): CreditDraft[] {
  const name = readPartyName(el);
  if (name === undefined) {
    el.used = false;
    return [];
  }
  const ids: PartyDraft['ids'] = readPartyIds(el);
  const roles = el
    .all(roleName)
    .map((r) => coded(r))
    .filter((r): r is string => r !== undefined);
  const instrument = coded(el.child('InstrumentType'));
  if (roles.length === 0) {
    el.used = false;
    return [];
  }
  return roles.map((role) => ({
    name,
    role,
    el,
    ...(ids && { ids }),
    ...(instrument !== undefined && { instrument }),
  }));
}

/** Display artists of an ERN 3.8.2 details block, in SequenceNumber order. */
export function displayArtists382(details: XmlElement | undefined): CreditDraft[] {
  if (details === undefined) return [];
  const order = (e: XmlElement) => Number(e.attr('SequenceNumber') ?? 0);
  return [...details.all('DisplayArtist')]
    .sort((a, b) => order(a) - order(b))
    .flatMap((a) => inlineCredits(a, 'ArtistRole'));
}

/** The title of the musical work (`Title TitleType="MusicalWorkTitle"`), when a details block gives one. */
export function workTitleOf(details: XmlElement | undefined): string | undefined {
  const el = details?.peekAll('Title').find((t) => t.attr('TitleType') === 'MusicalWorkTitle');
  if (el === undefined) return undefined;
  el.used = true;
  return el.raw1('TitleText');
}
