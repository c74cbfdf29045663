import type { MessageDraft, ReleaseDraft, ResourceDraft } from '../common/draft';
import type { IssueLog } from '../issues';
import type { XmlElement } from '../xml/element';
import { readPartyList } from './ern4-parties';
import { readDealList, readRelease4 } from './ern4-releases';
import { readResource4 } from './ern4-resources';

/** Maps an ERN 4.2 or 4.3 NewReleaseMessage into drafts: parties resolved, resources, releases and their deals. */
export function readErn4(root: XmlElement, log: IssueLog): MessageDraft {
  const parties = readPartyList(root, log);
  const resources = new Map<string, ResourceDraft>();
  for (const el of root.child('ResourceList')?.children ?? []) {
    const r = readResource4(el, parties, log);
    if (r !== undefined) resources.set(r.ref, r);
  }
  const releases: ReleaseDraft[] = [];
  const byRef = new Map<string, ReleaseDraft>();
  for (const el of root.child('ReleaseList')?.children ?? []) {
    if (el.name !== 'Release' && el.name !== 'TrackRelease') continue;
    const d = readRelease4(el, parties, log);
    if (d === undefined) continue;
    releases.push(d);
    byRef.set(d.ref, d);
  }
  const hasDealList = readDealList(root, byRef, log);
  return { resources, releases, hasDealList };
}
