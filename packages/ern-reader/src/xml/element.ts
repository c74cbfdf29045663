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

// trees whose elements hold offsets into the text rather than lines, by root: how to turn an offset into a line
const LINE_OF_OFFSET = new WeakMap<XmlElement, (offset: number) => number>();

/**
 * Declares that the elements of the tree under `root` were built with offsets into the text instead of lines
 * (the whole-string scanner: counting lines for every element costs more than counting the few ever asked for).
 */
export function linesByOffset(root: XmlElement, lineOf: (offset: number) => number): void {
  LINE_OF_OFFSET.set(root, lineOf);
}

// parents with more children than this number them all once (XPaths then cost linear time in total); smaller
// ones are counted on each call, which allocates nothing
const COUNTED_CHILDREN = 32;

// the position of each child among its same-name siblings (-1 when it has none), for parents with many children:
// kept out of the elements, since only issues need them
const POSITIONS = new WeakMap<XmlElement, Map<XmlElement, number>>();

/** The 1-based position of `el` among the children of `parent` of its name, or -1 when it has no namesake. */
function positionOf(parent: XmlElement, el: XmlElement): number {
  const children = parent.children;
  if (children.length > COUNTED_CHILDREN) return positionsOf(parent).get(el) as number;
  const qname = el.qname;
  let before = 0;
  let namesakes = 0;
  for (const c of children) {
    if (c === el) before = namesakes;
    if (c.qname === qname) namesakes++;
  }
  return namesakes === 1 ? -1 : before + 1;
}

/** The positions of all the children of `parent`, numbered on the first call. */
function positionsOf(parent: XmlElement): Map<XmlElement, number> {
  let positions = POSITIONS.get(parent);
  if (positions !== undefined) return positions;
  positions = new Map();
  const counts = new Map<string, number>();
  for (const c of parent.children) {
    const n = (counts.get(c.qname) ?? 0) + 1;
    counts.set(c.qname, n);
    positions.set(c, n);
  }
  for (const c of parent.children) if (counts.get(c.qname) === 1) positions.set(c, -1);
  POSITIONS.set(parent, positions);
  return positions;
}

/**
 * A light element tree: what the reader keeps of a document. Only element names, attributes, text of leaf
 * elements and the tree shape; comments, processing instructions and whitespace between elements are dropped.
 * Every element remembers whether the mapper read it, so that what was not read can be reported (see
 * `unmapped.ts`).
 *
 * A 20 MB message has over 300,000 elements, so an element is kept small: five fields, its name shared with its
 * namesakes, attributes as a flat list, text and children in one field (a leaf has no children, and the text of an
 * element with children is dropped), the read flag packed with the line number, and a child array of exact size.
 * Positions among namesakes, needed only for XPaths, are kept beside the tree (see `xpath`).
 */
export class XmlElement {
  // fields are declared and assigned in the constructor (no class-field definitions): plain assignments keep
  // construction cheap and every instance the same shape
  declare private readonly xmlName: XmlName;
  declare private readonly attributes: XmlAttributes;
  declare readonly parent: XmlElement | undefined;
  // the text of a leaf, or the children of an element that has some
  declare private content: string | readonly XmlElement[];
  // (line, or offset of the start tag: see linesByOffset) * 2 + (1 when read)
  declare private lineAndUsed: number;

  /** `position`: the line of the start tag, or its offset in a tree declared with `linesByOffset` */
  constructor(name: XmlName, attributes: XmlAttributes | undefined, parent: XmlElement | undefined, position = 0) {
    this.xmlName = name;
    this.attributes = attributes ?? NO_ATTRIBUTES;
    this.parent = parent;
    this.content = '';
    this.lineAndUsed = position * 2;
  }

  /** child elements in document order (a shared empty array for leaves) */
  get children(): readonly XmlElement[] {
    const content = this.content;
    return typeof content === 'string' ? NO_CHILDREN : content;
  }

  set children(children: readonly XmlElement[]) {
    if (children.length > 0) this.content = children;
    else if (typeof this.content !== 'string') this.content = '';
  }

  /** text content of a leaf element (the text of an element with children is dropped) */
  get text(): string {
    const content = this.content;
    return typeof content === 'string' ? content : '';
  }

  /** sets the text of a leaf; an element with children keeps none */
  set text(text: string) {
    if (typeof this.content === 'string') this.content = text;
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
    let root: XmlElement = this;
    while (root.parent !== undefined) root = root.parent;
    const lineOf = LINE_OF_OFFSET.get(root);
    const position = this.lineAndUsed >>> 1;
    return lineOf === undefined ? position : lineOf(position);
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

  /** XPath of this element, e.g. `/ern:NewReleaseMessage/ResourceList/SoundRecording[3]/Duration`. */
  get xpath(): string {
    const steps: string[] = [];
    for (let el: XmlElement | undefined = this; el !== undefined; el = el.parent) {
      const p = el.parent;
      if (p === undefined) {
        steps.push(el.qname);
        break;
      }
      const position = positionOf(p, el);
      steps.push(position > 0 ? `${el.qname}[${position}]` : el.qname);
    }
    return `/${steps.reverse().join('/')}`;
  }
}
