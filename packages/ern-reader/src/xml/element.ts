const NO_CHILDREN: readonly XmlElement[] = Object.freeze([]);

/**
 * A light element tree: what the reader keeps of a document. Only element names, attributes, text of leaf
 * elements and the tree shape; comments, processing instructions and whitespace between elements are dropped.
 * Every element remembers whether the mapper read it, so that what was not read can be reported (see
 * `unmapped.ts`).
 */
export class XmlElement {
  // fields are declared and assigned in the constructor (no class-field definitions): hundreds of thousands of
  // elements are built per message, and plain assignments keep that cheap
  /** local name, e.g. `SoundRecording` */
  declare readonly name: string;
  /** name as written, with its prefix, e.g. `ern:NewReleaseMessage` */
  declare readonly qname: string;
  /** namespace URI ('' for none) */
  declare readonly uri: string;
  /** attributes as the parser gave them, keyed by qualified name (read with {@link XmlElement.attr}) */
  declare private readonly rawAttributes: Readonly<Record<string, { readonly value: string } | undefined>>;
  declare readonly parent: XmlElement | undefined;
  /** child elements in document order (a shared empty array until the first child is added) */
  declare children: readonly XmlElement[];
  /** text content of a leaf element (text of elements with children is dropped) */
  declare text: string;
  /** 1-based line of the start tag, when the parser tracked positions */
  declare line: number;
  /** true once the mapper has read this element */
  declare used: boolean;
  /** 1-based position among same-name siblings (0 until computed) */
  declare private position: number;
  declare private sameNameSiblings: number;

  constructor(
    name: string,
    qname: string,
    uri: string,
    attributes: Readonly<Record<string, { readonly value: string } | undefined>>,
    parent: XmlElement | undefined,
    line = 0,
  ) {
    this.name = name;
    this.qname = qname;
    this.uri = uri;
    this.rawAttributes = attributes;
    this.parent = parent;
    this.children = NO_CHILDREN;
    this.text = '';
    this.line = line;
    this.used = false;
    this.position = 0;
    this.sameNameSiblings = 0;
  }

  /** Adds a child element (used while parsing). */
  append(child: XmlElement): void {
    if (this.children === NO_CHILDREN) this.children = [child];
    else (this.children as XmlElement[]).push(child);
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

  /**
   * Text of the first child called `name` (marked as read) exactly as written, for free text (names, titles):
   * DDEX strings keep their whitespace. Undefined when absent or empty.
   */
  raw1(name: string): string | undefined {
    const c = this.child(name);
    return c === undefined || c.text === '' ? undefined : c.text;
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
    return this.rawAttributes[name]?.value;
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
