import { ChunkedList } from '../xml/chunked-list';
import type { XmlElement } from '../xml/element';

/**
 * Where each candidate object came from, for the XPath of an issue. Recorded for every object of every release
 * (tens of thousands in a large message) but looked up only when `parseRelease` finds something to report: so
 * recording appends to a list, and the lookup table is built on the first look-up.
 */
export class Origins {
  private readonly pairs = new ChunkedList<object | XmlElement>();
  private table: Map<object, XmlElement> | undefined;

  /** Records that `part` came from `el` (a later record for the same object wins, as in a Map). */
  set(part: object, el: XmlElement): void {
    if (this.table !== undefined) this.table.set(part, el);
    else {
      this.pairs.push(part);
      this.pairs.push(el);
    }
  }

  /** The element `part` came from, if it was recorded. */
  get(part: object): XmlElement | undefined {
    if (this.table === undefined) {
      const table = new Map<object, XmlElement>();
      const pairs = this.pairs;
      for (let i = 0; i < pairs.length; i += 2) table.set(pairs.get(i), pairs.get(i + 1) as XmlElement);
      this.table = table;
    }
    return this.table.get(part);
  }
}
