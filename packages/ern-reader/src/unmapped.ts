import type { IssueLog } from './issues';
import type { XmlElement } from './xml/element';

/**
 * Reports every element the mapper did not read as `unmapped_element`: the topmost unread element of each
 * branch, with its XPath (its descendants are part of it). Nothing the model cannot hold disappears silently.
 */
export function reportUnmapped(root: XmlElement, log: IssueLog): void {
  const stack: XmlElement[] = [root];
  while (stack.length > 0) {
    const el = stack.pop() as XmlElement;
    if (!el.used) {
      const what =
        el.children.length > 0
          ? `${el.name} (with ${el.children.length} child element(s))`
          : `${el.name} "${truncate(el.text.trim())}"`;
      log.add('unmapped_element', 'warning', el, `${what} has no place in the release model and was not imported.`);
      continue;
    }
    for (let i = el.children.length - 1; i >= 0; i--) stack.push(el.children[i] as XmlElement);
  }
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
