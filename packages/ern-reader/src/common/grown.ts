import type { XmlElement } from '../xml/element';
import { bool, datePart } from './values';

// Data the model grew to hold for real messages (issue 4): title and display artist variants by language or
// territory, related releases, recording facts. Read from ERN 4.2/4.3 (and, where they share it, 3.8.2).

/** Model-shaped fields a release or track gains beyond the ones the mappers fill one by one. */
export type GrownFields = Record<string, unknown>;

/** A variant with the language and territory it is meant for. */
type Localized<T> = T & { language?: string; territory?: string };

/** `entry` with the language and territory of `el` added (in that order, when it gives them). */
function withLocale<T extends object>(entry: Localized<T>, el: XmlElement): Localized<T> {
  const language = el.attr('LanguageAndScriptCode');
  const territory = el.attr('ApplicableTerritoryCode');
  if (language !== undefined) entry.language = language;
  if (territory !== undefined) entry.territory = territory;
  return entry;
}

/**
 * The DisplayTitle variants other than `chosen` as localized titles; a DisplayTitleText variant is read too when no
 * DisplayTitle of its language and territory says the same.
 */
export function readLocalizedTitles(
  holder: XmlElement,
  chosen: XmlElement | undefined,
  chosenText: XmlElement | undefined,
  into: GrownFields,
): void {
  // loops and objects built field by field, not spreads and closures: this runs for every resource and release
  const titles: Localized<{ title: string; subtitle?: string }>[] = [];
  for (const t of holder.peekAll('DisplayTitle')) {
    if (t.is(chosen)) continue;
    const title = t.raw1('TitleText');
    if (title === undefined) continue;
    t.used = true;
    const subtitle = t.raw1('SubTitle');
    const entry: Localized<{ title: string; subtitle?: string }> = { title };
    if (subtitle !== undefined) entry.subtitle = subtitle;
    titles.push(withLocale(entry, t));
  }
  for (const t of holder.peekAll('DisplayTitleText')) {
    if (t.is(chosenText) || t.text === '') continue;
    const language = t.attr('LanguageAndScriptCode');
    const territory = t.attr('ApplicableTerritoryCode');
    t.used = true;
    if (titles.some((x) => x.language === language && x.territory === territory)) continue; // a DisplayTitle says it
    if (
      chosen !== undefined &&
      chosen.attr('LanguageAndScriptCode') === language &&
      chosen.attr('ApplicableTerritoryCode') === territory
    )
      continue;
    titles.push(withLocale({ title: t.text }, t));
  }
  if (titles.length > 0) into.localizedTitles = titles;
}

/** The DisplayArtistName variants other than `chosen` as localized display artist names. */
export function readLocalizedNames(holder: XmlElement, chosen: XmlElement | undefined, into: GrownFields): void {
  const names: Localized<{ name: string }>[] = [];
  for (const n of holder.peekAll('DisplayArtistName')) {
    if (n.is(chosen) || n.text === '') continue;
    n.used = true;
    names.push(withLocale({ name: n.text }, n));
  }
  if (names.length > 0) into.localizedDisplayArtists = names;
}

/** ERN 4 RelatedRelease composites: relation, identifiers, title, display artist, release date. */
export function readRelatedReleases(holder: XmlElement, into: GrownFields): void {
  const out: Record<string, unknown>[] = [];
  for (const r of holder.all('RelatedRelease')) {
    const relationEl = r.child('ReleaseRelationshipType');
    const relation =
      relationEl?.text.trim() === 'UserDefined' ? relationEl.attr('UserDefinedValue') : relationEl?.text.trim();
    if (relation === undefined || relation === '') {
      r.used = false;
      continue;
    }
    const related: Record<string, unknown> = { relation };
    for (const id of r.all('ReleaseId')) {
      const put = (key: string, value: string | undefined) => {
        if (value !== undefined) related[key] ??= value;
      };
      put('grid', id.text1('GRid'));
      put('barcode', id.text1('ICPN'));
      put('isrc', id.text1('ISRC'));
      put('catalogNumber', id.raw1('CatalogNumber'));
    }
    const title = r.peek('DisplayTitle')?.peek('TitleText');
    if (title !== undefined && title.text !== '') {
      r.child('DisplayTitle')?.child('TitleText');
      related.title = title.text;
    } else {
      const text = r.raw1('DisplayTitleText');
      if (text !== undefined) related.title = text;
    }
    const artist = r.raw1('DisplayArtistName');
    if (artist !== undefined) related.displayArtist = artist;
    const date = datePart(r.text1('ReleaseDate'));
    if (date !== undefined) related.releaseDate = date;
    out.push(related);
  }
  if (out.length > 0) into.relatedReleases = out;
}

/** IsInstrumental and CreationDate of a sound recording (ERN 4.2, 4.3 and 3.8.2 alike). */
export function readRecordingFacts(el: XmlElement, into: GrownFields): void {
  const instrumental = bool(el.text1('IsInstrumental'));
  if (instrumental !== undefined) into.isInstrumental = instrumental;
  const created = el.peek('CreationDate');
  // an approximate or placed date is more than the model holds: left for the unmapped report
  if (
    created !== undefined &&
    created.attr('IsApproximate') !== 'true' &&
    created.attr('LocationDescription') === undefined
  ) {
    const date = created.text.trim();
    if (date !== '') {
      created.used = true;
      into.recordingDate = date;
    }
  }
}
