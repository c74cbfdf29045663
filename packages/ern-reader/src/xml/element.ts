import type { ElementStore } from './element-store';

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

/**
 * An element of a light element tree: what the reader keeps of a document. Only element names, attributes, text
 * of leaf elements and the tree shape; comments, processing instructions and whitespace between elements are
 * dropped. Every element remembers whether the mapper read it, so that what was not read can be reported (see
 * `unmapped.ts`).
 *
 * The tree itself is held in flat arrays (see `ElementStore`): an `XmlElement` is a light handle on one element of
 * it, made each time the element is asked for. Two handles on one element are different objects that read and mark
 * the same element: compare them with {@link is}, not `===`. Reading the text of a child by name (`text1`, `raw1`,
 * `texts`) makes no handle for the child.
 */
export class XmlElement {
  // fields are declared and assigned in the constructor (no class-field definitions): plain assignments keep
  // construction cheap and every instance the same shape
  /** @internal the document's elements */
  declare readonly store: ElementStore;
  /** @internal this element's index in the store (document order) */
  declare readonly index: number;

  /** @internal handles are made by their store: see `ElementStore.element` */
  constructor(store: ElementStore, index: number) {
    this.store = store;
    this.index = index;
  }

  /** True when `other` is a handle on this same element. */
  is(other: XmlElement | undefined): boolean {
    return other !== undefined && other.index === this.index && other.store === this.store;
  }

  /** the parent element (undefined for the root) */
  get parent(): XmlElement | undefined {
    const parent = this.store.parents[this.index] as number;
    return parent === -1 ? undefined : this.store.element(parent);
  }

  /** child elements in document order (a new array on each call; see {@link childCount}) */
  get children(): readonly XmlElement[] {
    const store = this.store;
    const ends = store.ends;
    const end = ends[this.index] as number;
    const out: XmlElement[] = [];
    for (let c = this.index + 1; c < end; c = ends[c] as number) out.push(store.element(c));
    return out;
  }

  /** the number of child elements */
  get childCount(): number {
    return this.store.childCount(this.index);
  }

  /** text content of a leaf element (the text of an element with children is dropped) */
  get text(): string {
    return this.store.texts.get(this.index);
  }

  /** local name, e.g. `SoundRecording` */
  get name(): string {
    return this.store.nameOf(this.index).local;
  }

  /** name as written, with its prefix, e.g. `ern:NewReleaseMessage` */
  get qname(): string {
    return this.store.nameOf(this.index).qname;
  }

  /** namespace URI ('' for none) */
  get uri(): string {
    return this.store.nameOf(this.index).uri;
  }

  /** the attributes as written, a flat `[name, value, …]` list (see {@link attr}) */
  get attributes(): XmlAttributes {
    return this.store.attributesOf(this.index);
  }

  /** 1-based line of the start tag, when the parser tracked positions (else 0) */
  get line(): number {
    return this.store.lineAt(this.index);
  }

  /** true once the mapper has read this element */
  get used(): boolean {
    return this.store.used[this.index] === 1;
  }

  set used(value: boolean) {
    this.store.used[this.index] = value ? 1 : 0;
  }

  /** The first child called `name`, marked as read. */
  child(name: string): XmlElement | undefined {
    const store = this.store;
    const c = store.find(this.index, name);
    if (c === -1) return undefined;
    store.used[c] = 1;
    return store.element(c);
  }

  /** Every child called `name`, each marked as read. */
  all(name: string): XmlElement[] {
    return this.collect(name, true);
  }

  /** Every child called `name`, without marking them (for look-ahead). */
  peekAll(name: string): XmlElement[] {
    return this.collect(name, false);
  }

  /** The first child called `name` without marking it (for look-ahead). */
  peek(name: string): XmlElement | undefined {
    const c = this.store.find(this.index, name);
    return c === -1 ? undefined : this.store.element(c);
  }

  /** The number of children called `name`. */
  count(name: string): number {
    const { names, nameIds, ends } = this.store;
    const end = ends[this.index] as number;
    let n = 0;
    for (let c = this.index + 1; c < end; c = ends[c] as number) {
      if ((names[nameIds[c] as number] as XmlName).local === name) n++;
    }
    return n;
  }

  /** Trimmed text of the first child called `name` (marked as read), undefined when absent or empty. */
  text1(name: string): string | undefined {
    const store = this.store;
    const c = store.find(this.index, name);
    if (c === -1) return undefined;
    store.used[c] = 1;
    const t = store.texts.get(c).trim();
    return t === '' ? undefined : t;
  }

  /**
   * Text of the first child called `name` (marked as read) exactly as written, for free text (names, titles):
   * DDEX strings keep their whitespace. Undefined when absent or empty.
   */
  raw1(name: string): string | undefined {
    const store = this.store;
    const c = store.find(this.index, name);
    if (c === -1) return undefined;
    store.used[c] = 1;
    const t = store.texts.get(c);
    return t === '' ? undefined : t;
  }

  /** Trimmed texts of every child called `name`, each marked as read. */
  texts(name: string): string[] {
    const { names, nameIds, ends, used, texts } = this.store;
    const end = ends[this.index] as number;
    const out: string[] = [];
    for (let c = this.index + 1; c < end; c = ends[c] as number) {
      if ((names[nameIds[c] as number] as XmlName).local !== name) continue;
      used[c] = 1;
      const t = texts.get(c).trim();
      if (t !== '') out.push(t);
    }
    return out;
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
    const a = this.store.attributesOf(this.index);
    for (let i = 0; i < a.length; i += 2) if (a[i] === name) return a[i + 1];
    return undefined;
  }

  /** Marks this element and everything below it as read (for elements consumed as a whole). */
  useAll(): void {
    const { used, ends } = this.store;
    used.fill(1, this.index, ends[this.index] as number);
  }

  /** XPath of this element, e.g. `/ern:NewReleaseMessage/ResourceList/SoundRecording[3]/Duration`. */
  get xpath(): string {
    return this.store.xpathOf(this.index);
  }

  private collect(name: string, mark: boolean): XmlElement[] {
    const store = this.store;
    const { names, nameIds, ends, used } = store;
    const end = ends[this.index] as number;
    // counted first, so that the list is made at its size (most hold one or two elements)
    const out = new Array<XmlElement>(this.count(name));
    let n = 0;
    for (let c = this.index + 1; c < end; c = ends[c] as number) {
      if ((names[nameIds[c] as number] as XmlName).local !== name) continue;
      if (mark) used[c] = 1;
      out[n++] = store.element(c);
    }
    return out;
  }
}
