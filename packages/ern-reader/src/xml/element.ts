/**
 * A light element tree: what the reader keeps of a document. Only element names, attributes, text of leaf
 * elements and the tree shape; comments, processing instructions and whitespace between elements are dropped.
 * Every element remembers whether the mapper read it, so that what was not read can be reported (see
 * `unmapped.ts`).
 */
export class XmlElement {
  /** local name, e.g. `SoundRecording` */
  readonly name: string;
  /** name as written, with its prefix, e.g. `ern:NewReleaseMessage` */
  readonly qname: string;
  /** namespace URI ('' for none) */
  readonly uri: string;
  readonly attributes: Readonly<Record<string, string>> | undefined;
  readonly parent: XmlElement | undefined;
  readonly children: XmlElement[] = [];
  /** text content of a leaf element (text of elements with children is dropped) */
  text = '';
  /** 1-based line of the start tag, when the parser tracked positions */
  line = 0;
  /** true once the mapper has read this element */
  used = false;
  /** 1-based position among same-name siblings (0 until computed) */
  private position = 0;
  private sameNameSiblings = 0;

  constructor(
    name: string,
    qname: string,
    uri: string,
    attributes: Record<string, string> | undefined,
    parent: XmlElement | undefined,
  ) {
    this.name = name;
    this.qname = qname;
    this.uri = uri;
    this.attributes = attributes;
    this.parent = parent;
  }

  /** The first child called `name`, marked as read. */
  child(name: string): XmlElement | undefined {
    for (const c of this.children) {
      if (c.name === name) {
        c.used = true;
        return c;
      }
    }
    return undefined;
  }

  /** Every child called `name`, each marked as read. */
  all(name: string): XmlElement[] {
    const out: XmlElement[] = [];
    for (const c of this.children) {
      if (c.name === name) {
        c.used = true;
        out.push(c);
      }
    }
    return out;
  }

  /** The first child called `name` without marking it (for look-ahead). */
  peek(name: string): XmlElement | undefined {
    return this.children.find((c) => c.name === name);
  }

  /** Trimmed text of the first child called `name` (marked as read), undefined when absent or empty. */
  text1(name: string): string | undefined {
    const c = this.child(name);
    const t = c?.text.trim();
    return t === undefined || t === '' ? undefined : t;
  }

  /** Trimmed texts of every child called `name`, each marked as read. */
  texts(name: string): string[] {
    return this.all(name)
      .map((c) => c.text.trim())
      .filter((t) => t !== '');
  }

  /** Follows a path of child names (`SoundRecordingEdition/ResourceId`), marking each step read. */
  at(path: string): XmlElement | undefined {
    let el: XmlElement | undefined = this;
    for (const step of path.split('/')) {
      el = el?.child(step);
      if (el === undefined) return undefined;
    }
    return el;
  }

  /** An attribute value by name (as written, e.g. `Namespace`). */
  attr(name: string): string | undefined {
    return this.attributes?.[name];
  }

  /** Marks this element and everything below it as read (for elements consumed as a whole). */
  useAll(): void {
    this.used = true;
    for (const c of this.children) c.useAll();
  }

  /** Numbers every child among its same-name siblings, once, so XPaths cost linear time in total. */
  private indexChildren(): void {
    const counts = new Map<string, number>();
    for (const c of this.children) {
      const n = (counts.get(c.qname) ?? 0) + 1;
      counts.set(c.qname, n);
      c.position = n;
    }
    for (const c of this.children) c.sameNameSiblings = counts.get(c.qname) ?? 1;
  }

  /** XPath of this element, e.g. `/ern:NewReleaseMessage/ResourceList/SoundRecording[3]/Duration`. */
  get xpath(): string {
    const steps: string[] = [];
    for (let el: XmlElement | undefined = this; el !== undefined; el = el.parent) {
      const p = el.parent;
      if (p === undefined) {
        steps.push(el.qname);
        break;
      }
      if (el.position === 0) p.indexChildren();
      const index = el.position;
      const count = el.sameNameSiblings;
      steps.push(count > 1 ? `${el.qname}[${index}]` : el.qname);
    }
    return `/${steps.reverse().join('/')}`;
  }
}
