import type { CreditDraft, PartyDraft } from '../common/draft';
import { coded, pickDefault } from '../common/values';
import type { IssueLog } from '../issues';
import type { XmlElement } from '../xml/element';

/** A party of the PartyList. */
export interface Ern4Party extends PartyDraft {
  readonly el: XmlElement;
}

/** Reads `PartyId` elements (ISNI, DPID, IpiNameNumber, ProprietaryId) into model party identifiers. */
export function readPartyIds(holder: XmlElement): PartyDraft['ids'] {
  const ids: NonNullable<PartyDraft['ids']> = {};
  for (const pid of holder.all('PartyId')) {
    // ERN 3.8.2 writes identifiers as the text of PartyId, typed by IsISNI / IsDPID / Namespace
    if (pid.childCount === 0) {
      const text = pid.text.trim();
      const namespace = pid.attr('Namespace');
      if (text === '') continue;
      if (pid.attr('IsISNI') === 'true') ids.isni ??= text;
      else if (pid.attr('IsDPID') === 'true' || (namespace === undefined && /^PADPIDA/.test(text))) ids.dpid ??= text;
      else if (namespace === 'IPI') ids.ipi ??= text;
      else if (namespace !== undefined) {
        ids.proprietary ??= [];
        ids.proprietary.push({ namespace, value: pid.text });
      } else pid.used = false;
      continue;
    }
    const isni = pid.text1('ISNI');
    if (isni !== undefined) ids.isni ??= isni;
    const dpid = pid.text1('DPID');
    if (dpid !== undefined) ids.dpid ??= dpid;
    const ipi = pid.text1('IpiNameNumber');
    if (ipi !== undefined) ids.ipi ??= ipi;
    for (const p of pid.all('ProprietaryId')) {
      const value = p.text;
      const namespace = p.attr('Namespace');
      if (value === '' || namespace === undefined) {
        p.used = false;
        continue;
      }
      ids.proprietary ??= [];
      ids.proprietary.push({ namespace, value });
    }
  }
  return Object.keys(ids).length > 0 ? ids : undefined;
}

/** The name of a party: `FullName` of its default `PartyName` (other names and name parts are reported). */
export function readPartyName(holder: XmlElement): string | undefined {
  return readPartyNames(holder)?.name;
}

/** `FullName` and `FullNameIndexed` (the sort name) of a party's default `PartyName`. */
export function readPartyNames(holder: XmlElement): { name: string; sortName?: string } | undefined {
  const name = pickDefault(holder.peekAll('PartyName'));
  if (name === undefined) return undefined;
  name.used = true;
  const full = name.raw1('FullName');
  if (full === undefined) return undefined;
  const sortName = name.raw1('FullNameIndexed');
  return sortName === undefined ? { name: full } : { name: full, sortName };
}

/** Reads the PartyList into a map from PartyReference to party. */
export function readPartyList(root: XmlElement, log: IssueLog): Map<string, Ern4Party> {
  const parties = new Map<string, Ern4Party>();
  const list = root.child('PartyList');
  if (list === undefined) return parties;
  for (const el of list.all('Party')) {
    const ref = el.text1('PartyReference');
    if (ref === undefined) {
      el.used = false;
      continue;
    }
    const names = readPartyNames(el);
    const name = names?.name;
    if (name === undefined) {
      log.rejected(el, `Party ${ref} has no FullName; credits that refer to it were left out.`);
      continue;
    }
    const ids = readPartyIds(el);
    const party: Ern4Party = ids === undefined ? { name, el } : { name, ids, el };
    parties.set(ref, names?.sortName === undefined ? party : { ...party, sortName: names.sortName });
  }
  return parties;
}

/** Resolves a party reference into a credit with `role`; unresolvable references are reported. */
export function credit(
  el: XmlElement,
  refName: string,
  role: string | undefined,
  parties: Map<string, Ern4Party>,
  log: IssueLog,
): CreditDraft | undefined {
  const ref = el.text1(refName);
  const party = ref === undefined ? undefined : parties.get(ref);
  if (party === undefined) {
    log.rejected(
      el,
      `${refName} ${ref ?? '(missing)'} does not name a Party of the PartyList; the credit was left out.`,
    );
    return undefined;
  }
  if (role === undefined) {
    el.used = false;
    return undefined;
  }
  return {
    name: party.name,
    role,
    el,
    ...(party.ids && { ids: party.ids }),
    ...(party.sortName !== undefined && { sortName: party.sortName }),
  };
}

/** Display artists (`DisplayArtist`: ArtistPartyReference + DisplayArtistRole), in SequenceNumber order. */
export function readDisplayArtists(holder: XmlElement, parties: Map<string, Ern4Party>, log: IssueLog): CreditDraft[] {
  // a loop over one array (all() returns a fresh one): this runs for every resource and release
  const list = holder.all('DisplayArtist');
  if (list.length > 1) list.sort(bySequenceNumber);
  const out: CreditDraft[] = [];
  for (const da of list) {
    const c = credit(da, 'ArtistPartyReference', coded(da.child('DisplayArtistRole')) ?? 'MainArtist', parties, log);
    if (c !== undefined) out.push(c);
  }
  return out;
}

/** Orders elements by their `SequenceNumber` attribute (0 when absent). */
export function bySequenceNumber(a: XmlElement, b: XmlElement): number {
  return Number(a.attr('SequenceNumber') ?? 0) - Number(b.attr('SequenceNumber') ?? 0);
}
