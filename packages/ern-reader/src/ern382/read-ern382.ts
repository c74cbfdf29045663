import { emptyRelease, type MessageDraft, type ReleaseDraft, type ResourceDraft } from '../common/draft';
import { line } from '../common/values';
import { readDealList, readGroup, readReleaseId } from '../ern4/ern4-releases';
import type { IssueLog } from '../issues';
import type { XmlElement } from '../xml/element';
import { detailsFor, displayArtists382, titleOf } from './ern382-details';
import { readResource382 } from './ern382-resources';

// release types that name a release of one resource
const TRACK_TYPES = new Set(['TrackRelease', 'VideoTrackRelease', 'RingtoneRelease', 'SingleResourceRelease']);

function readRelease382(el: XmlElement, mainKnown: boolean): ReleaseDraft | undefined {
  const ref = el.text1('ReleaseReference');
  if (ref === undefined) return undefined;
  el.used = true;
  const type = el.text1('ReleaseType');
  const main = mainKnown ? el.attr('IsMainRelease') === 'true' : !TRACK_TYPES.has(type ?? '');
  const d = emptyRelease(ref, main, el);
  if (type !== undefined) d.type = type;
  readReleaseId(el, d);
  const details = detailsFor(el, 'ReleaseDetailsByTerritory');
  const { title, subtitle } = titleOf(details, el);
  if (title !== undefined) d.title = title;
  if (subtitle !== undefined) d.subtitle = subtitle;
  d.artists = displayArtists382(details);
  if (details !== undefined) {
    const artistName = details.raw1('DisplayArtistName');
    if (artistName !== undefined) d.displayArtist = artistName;
    const label = details.raw1('LabelName');
    if (label !== undefined) d.label = label;
    const warning = details.text1('ParentalWarningType');
    if (warning !== undefined) d.parentalWarning = warning;
    const genre = details.child('Genre');
    if (genre) d.genre = [genre.raw1('GenreText'), genre.raw1('SubGenre')].filter((g): g is string => g !== undefined);
    const releaseDate = details.text1('ReleaseDate');
    if (releaseDate !== undefined) d.releaseDate = releaseDate;
    const original = details.text1('OriginalReleaseDate');
    if (original !== undefined) d.originalReleaseDate = original;
    for (const k of details.all('Keywords'))
      d.keywords.push(
        ...k.text
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      );
    const comment = details.raw1('MarketingComment');
    if (comment !== undefined) d.marketingComment = comment;
    for (const group of details.all('ResourceGroup')) readGroup(group, d);
  }
  const globalRelease = el.text1('GlobalReleaseDate');
  if (globalRelease !== undefined) d.releaseDate ??= globalRelease;
  const globalOriginal = el.text1('GlobalOriginalReleaseDate');
  if (globalOriginal !== undefined) d.originalReleaseDate ??= globalOriginal;
  const pLine = line(el.child('PLine'), 'PLineText');
  if (pLine) d.pLine = pLine;
  const cLine = line(el.child('CLine'), 'CLineText');
  if (cLine) d.cLine = cLine;
  el.child('Duration'); // derived again by the writers
  const list = el.child('ReleaseResourceReferenceList');
  const refs = list?.all('ReleaseResourceReference') ?? [];
  if (d.items.length === 0) {
    let sequence = 0;
    for (const r of refs) {
      if (r.attr('ReleaseResourceType') === 'SecondaryResource') d.linked.push(r.text.trim());
      else d.items.push({ ref: r.text.trim(), disc: 1, sequence: ++sequence });
    }
  } else {
    const grouped = new Set([...d.items.map((i) => i.ref), ...d.linked]);
    for (const r of refs) if (!grouped.has(r.text.trim())) d.linked.push(r.text.trim());
  }
  return d;
}

/** Maps an ERN 3.8.2 NewReleaseMessage into drafts: resources, releases (Worldwide details) and their deals. */
export function readErn382(root: XmlElement, log: IssueLog): MessageDraft {
  root.child('IsBackfill');
  const resources = new Map<string, ResourceDraft>();
  for (const el of root.child('ResourceList')?.children ?? []) {
    const r = readResource382(el);
    if (r !== undefined) resources.set(r.ref, r);
  }
  const releaseEls = root.child('ReleaseList')?.peekAll('Release') ?? [];
  const mainKnown = releaseEls.some((r) => r.attr('IsMainRelease') === 'true');
  const releases: ReleaseDraft[] = [];
  const byRef = new Map<string, ReleaseDraft>();
  for (const el of releaseEls) {
    const d = readRelease382(el, mainKnown);
    if (d === undefined) continue;
    releases.push(d);
    byRef.set(d.ref, d);
  }
  const hasDealList = readDealList(root, byRef, log);
  return { resources, releases, hasDealList };
}
