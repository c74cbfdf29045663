const NO_CHILDREN: readonly XmlElement[] = Object.freeze([]);

/** An element name, shared by every element of that name in a document (one object, not three strings each). */
export interface XmlName {
  /** local name, e.g. `SoundRecording` */
  readonly local: string;
  /** name as written, with its prefix, e.g. `ern:NewReleaseMessage` */
  readonly qname: string;
  /** namespace URI ('' for none) */
  readonly uri: string;
}

/** Attributes as a flat `[name, value, name, value, …]` list: far smaller than an object per element. */
export type XmlAttributes = readonly string[];

const NO_ATTRIBUTES: XmlAttributes = Object.freeze([]);

/**
 * A light element tree: what the reader keeps of a document. Only element names, attributes, text of leaf
 * elements and the tree shape; comments, processing instructions and whitespace between elements are dropped.
 * Every element remembers whether the mapper read it, so that what was not read can be reported (see
 * `unmapped.ts`).
 *
 * A 20 MB message has over 300,000 elements, so an element is kept small: seven fields, its name shared with its
 * namesakes, attributes as a flat list, the read flag packed with the line number, and a child array of exact size.
 */
export class XmlElement {
  // fields are declared and assigned in the constructor (no class-field definitions): plain assignments keep
  // construction cheap and every instance the same shape
  declare private readonly xmlName: XmlName;
  declare private readonly attributes: XmlAttributes;
  declare readonly parent: XmlElement | undefined;
  /** child elements in document order (a shared empty array for leaves) */
  declare children: readonly XmlElement[];
  /** text content of a leaf element (text of elements with children is dropped) */
  declare text: string;
  // line * 2 + (1 when read)
  declare private lineAndUsed: number;
  // 1-based position among same-name siblings; -1 when it has none; 0 until computed
  declare private position: number;

  constructor(name: XmlName, attributes: XmlAttributes | undefined, parent: XmlElement | undefined, line = 0) {
    this.xmlName = name;
    this.attributes = attributes ?? NO_ATTRIBUTES;
    this.parent = parent;
    this.children = NO_CHILDREN;
    this.text = '';
    this.lineAndUsed = line * 2;
    this.position = 0;
  }

  /** local name, e.g. `SoundRecording` */
  get name(): string {
    return this.xmlName.local;
  }

  /** name as written, with its prefix, e.g. `ern:NewReleaseMessage` */
  get qname(): string {
    return this.xmlName.qname;
  }

  /** namespace URI ('' for none) */
  get uri(): string {
    return this.xmlName.uri;
  }

  /** 1-based line of the start tag, when the parser tracked positions (else 0) */
  get line(): number {
    return this.lineAndUsed >> 1;
  }

  /** true once the mapper has read this element */
  get used(): boolean {
    return (this.lineAndUsed & 1) === 1;
  }

  set used(value: boolean) {
    this.lineAndUsed = (this.lineAndUsed & ~1) | (value ? 1 : 0);
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
    for (const c of this.children) if (c.name === name) return c;
    return undefined;
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
    const a = this.attributes;
    for (let i = 0; i < a.length; i += 2) if (a[i] === name) return a[i + 1];
    return undefined;
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
    for (const c of this.children) if (counts.get(c.qname) === 1) c.position = -1;
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
      steps.push(el.position > 0 ? `${el.qname}[${el.position}]` : el.qname);
    }
    return `/${steps.reverse().join('/')}`;
  }
}
