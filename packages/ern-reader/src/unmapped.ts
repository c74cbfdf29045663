import type { IssueLog } from './issues';
import type { XmlElement } from './xml/element';

/**
 * Reports every element the mapper did not read as `unmapped_element`: the topmost unread element of each
 * branch, with its XPath (its descendants are part of it). Nothing the model cannot hold disappears silently.
 */
export function reportUnmapped(root: XmlElement, log: IssueLog): void {
  // a loop rather than recursion (maxDepth may be set high); read leaves, two thirds of a message, are not pushed
  const stack: XmlElement[] = [root];
  while (stack.length > 0) {
    const el = stack.pop() as XmlElement;
    const children = el.children;
    if (!el.used) {
      const what =
        children.length > 0
          ? `${el.name} (with ${children.length} child element(s))`
          : `${el.name} "${truncate(el.text.trim())}"`;
      log.add('unmapped_element', 'warning', el, `${what} has no place in the release model and was not imported.`);
      continue;
    }
    for (let i = children.length - 1; i >= 0; i--) {
      const c = children[i] as XmlElement;
      if (!c.used || c.children.length > 0) stack.push(c);
    }
  }
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
