import type { IssueLog } from './issues';
import type { XmlElement } from './xml/element';

/**
 * Reports every element the mapper did not read as `unmapped_element`: the topmost unread element of each
 * branch, with its XPath (its descendants are part of it). Nothing the model cannot hold disappears silently.
 */
export function reportUnmapped(root: XmlElement, log: IssueLog): void {
  // the elements are stored in document order, each followed by its descendants: one pass over the read flags
  // finds every topmost unread element (in document order), skipping the subtree of each
  const { store, index } = root;
  const { used, ends } = store;
  const end = ends[index] as number;
  for (let i = index; i < end; ) {
    if (used[i] === 1) {
      i++;
      continue;
    }
    const name = store.nameOf(i).local;
    const children = store.childCount(i);
    const what =
      children > 0 ? `${name} (with ${children} child element(s))` : `${name} "${truncate(store.texts.get(i).trim())}"`;
    const xpath = store.xpathOf(i);
    log.add('unmapped_element', 'warning', xpath, `${what} has no place in the release model and was not imported.`);
    i = ends[i] as number;
  }
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
