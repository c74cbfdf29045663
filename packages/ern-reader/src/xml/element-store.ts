import { ChunkedList } from './chunked-list';
import { type XmlAttributes, XmlElement, type XmlName } from './element';

const NO_ATTRIBUTES: XmlAttributes = Object.freeze([]);

/** The arrays of a store, by element. */
interface Columns {
  nameIds: Int32Array;
  parents: Int32Array;
  ends: Int32Array;
  positions: Uint32Array;
  used: Uint8Array;
  attributeAt: Int32Array;
}

// the arrays of the largest store released after its read (see ElementStore.release), for the next store: fresh
// arrays of a few MB cost more to map and zero than to fill (page faults, on a busy machine most of all). Kept up
// to this many elements, 21 bytes each: 11 MB at most stays allocated between reads
const MAX_SPARE = 1 << 19;
let spare: Columns | undefined;

function newColumns(n: number): Columns {
  return {
    nameIds: new Int32Array(n),
    parents: new Int32Array(n),
    ends: new Int32Array(n),
    positions: new Uint32Array(n),
    used: new Uint8Array(n),
    attributeAt: new Int32Array(n),
  };
}

// slots of the cache of ancestors' XPaths (a power of two)
const PATH_SLOTS = 64;
const PATH_MASK = PATH_SLOTS - 1;

// parents with more children than this number them all once (XPaths then cost linear time in total); smaller
// ones are counted on each call, which allocates nothing
const COUNTED_CHILDREN = 32;

/**
 * The elements of one document, held in flat arrays by document order (element 0 is the root; an element's
 * children and their descendants follow it). A 20 MB message has over 300,000 elements: as objects they are what
 * the garbage collector spends its time copying and marking, whereas typed arrays live outside the heap and are
 * never scanned. Names, parents, subtree ends, positions and read flags are numbers; only texts and attribute
 * lists are strings. The mapper sees elements through {@link XmlElement} handles: two fields, made each time an
 * element is asked for and mostly dropped at once, which costs the collector next to nothing (only handles kept in
 * drafts, for the XPath of an issue, live on). Reading the text of a leaf by name (`text1`, `raw1`) makes none.
 * The reader hands the arrays of a store it is done with to the next one (see {@link release}).
 */
export class ElementStore {
  /** elements so far */
  count = 0;
  /** element names, by name id: one object per distinct name and namespace */
  readonly names: XmlName[] = [];
  /** name id of each element */
  nameIds: Int32Array;
  /** parent of each element (-1 for the root) */
  parents: Int32Array;
  /** the element after the last descendant of each element (its next sibling, if any), once it is closed */
  ends: Int32Array;
  /** start tag of each element: an offset into the text, or a line (see {@link lineOf}) */
  positions: Uint32Array;
  /** 1 once the mapper has read the element */
  used: Uint8Array;
  /** 1 + the index of the element's attribute list in {@link attributeLists}, or 0 when it has none */
  attributeAt: Int32Array;
  /** attribute lists, flat `[name, value, …]`, of the elements that have attributes */
  readonly attributeLists = new ChunkedList<XmlAttributes>();
  /** text of each element (a leaf's text; '' for an element with children) */
  readonly texts = new ChunkedList<string>();
  /** turns a position into a line, when positions are offsets (undefined: they are lines already) */
  lineOf: ((position: number) => number) | undefined;
  // positions among namesakes of the children of large parents (see xpathPosition), by parent
  private positionsByParent: Map<number, Map<number, number>> | undefined;
  // XPaths of recent ancestors, by element modulo PATH_SLOTS (a direct-mapped cache, which allocates nothing):
  // issues come in document order, many under one parent (16,000 under the SoundRecordings of a 20 MB message),
  // and each then costs one step
  private readonly pathOwners = new Int32Array(PATH_SLOTS).fill(-1);
  private readonly paths: string[] = new Array<string>(PATH_SLOTS).fill('');

  /** `capacity`: elements to make room for at first (the arrays grow as needed) */
  constructor(capacity = 1024) {
    const n = Math.max(16, Math.ceil(capacity));
    let columns = spare;
    if (columns !== undefined && columns.nameIds.length >= n) spare = undefined;
    else columns = newColumns(n);
    // arrays taken from a released store hold its values: open() writes every field of an element
    this.nameIds = columns.nameIds;
    this.parents = columns.parents;
    this.ends = columns.ends;
    this.positions = columns.positions;
    this.used = columns.used;
    this.attributeAt = columns.attributeAt;
  }

  /**
   * Gives the arrays to the next store, once the tree has been read and none of its elements can be reached any
   * more (the reader calls it on the documents it parses itself). The store is empty afterwards.
   */
  release(): void {
    const columns: Columns = {
      nameIds: this.nameIds,
      parents: this.parents,
      ends: this.ends,
      positions: this.positions,
      used: this.used,
      attributeAt: this.attributeAt,
    };
    this.adopt(newColumns(0));
    this.count = 0;
    const n = columns.nameIds.length;
    if (n > 0 && n <= MAX_SPARE && (spare === undefined || spare.nameIds.length < n)) spare = columns;
  }

  /** Adds an element (open until {@link close}) and returns its index. */
  open(nameId: number, parent: number, position: number, attributes: XmlAttributes | undefined): number {
    const i = this.count;
    if (i === this.nameIds.length) this.grow();
    this.nameIds[i] = nameId;
    this.parents[i] = parent;
    this.positions[i] = position;
    this.used[i] = 0;
    if (attributes !== undefined) {
      this.attributeLists.push(attributes);
      this.attributeAt[i] = this.attributeLists.length;
    } else this.attributeAt[i] = 0;
    this.texts.push('');
    this.count = i + 1;
    return i;
  }

  /** Closes element `i`: its subtree ends here, and the text of an element with children is dropped. */
  close(i: number): void {
    const count = this.count;
    this.ends[i] = count;
    if (count > i + 1) this.texts.set(i, '');
  }

  private grow(): void {
    // by half: an estimate that fell short usually fell a little short
    const bigger = newColumns(Math.ceil(this.nameIds.length * 1.5));
    bigger.nameIds.set(this.nameIds);
    bigger.parents.set(this.parents);
    bigger.ends.set(this.ends);
    bigger.positions.set(this.positions);
    bigger.used.set(this.used);
    bigger.attributeAt.set(this.attributeAt);
    this.adopt(bigger);
  }

  private adopt(columns: Columns): void {
    this.nameIds = columns.nameIds;
    this.parents = columns.parents;
    this.ends = columns.ends;
    this.positions = columns.positions;
    this.used = columns.used;
    this.attributeAt = columns.attributeAt;
  }

  /** A handle on element `i` (a new one on each call: compare handles with `XmlElement.is`). */
  element(i: number): XmlElement {
    return new XmlElement(this, i);
  }

  /** The name of element `i`. */
  nameOf(i: number): XmlName {
    return this.names[this.nameIds[i] as number] as XmlName;
  }

  /** The attributes of element `i`. */
  attributesOf(i: number): XmlAttributes {
    const at = this.attributeAt[i] as number;
    return at === 0 ? NO_ATTRIBUTES : this.attributeLists.get(at - 1);
  }

  /** The first child of `parent` whose local name is `name` (an interned string), or -1. */
  find(parent: number, name: string): number {
    const { names, nameIds, ends } = this;
    const end = ends[parent] as number;
    for (let c = parent + 1; c < end; c = ends[c] as number) {
      if ((names[nameIds[c] as number] as XmlName).local === name) return c;
    }
    return -1;
  }

  /** The number of children of `parent`. */
  childCount(parent: number): number {
    const ends = this.ends;
    const end = ends[parent] as number;
    let n = 0;
    for (let c = parent + 1; c < end; c = ends[c] as number) n++;
    return n;
  }

  /** The line of element `i`'s start tag. */
  lineAt(i: number): number {
    const position = this.positions[i] as number;
    return this.lineOf === undefined ? position : this.lineOf(position);
  }

  /** The XPath of element `i`, e.g. `/ern:NewReleaseMessage/ResourceList/SoundRecording[3]/Duration`. */
  xpathOf(i: number): string {
    const parents = this.parents;
    if (parents[i] === -1) return `/${this.nameOf(i).qname}`;
    const { pathOwners, paths } = this;
    // up to the nearest ancestor whose XPath is known (or the root), then down again, remembering each ancestor's
    const chain: number[] = [];
    let path: string | undefined;
    for (let a = parents[i] as number; ; a = parents[a] as number) {
      if (pathOwners[a & PATH_MASK] === a) {
        path = paths[a & PATH_MASK];
        break;
      }
      chain.push(a);
      if (parents[a] === -1) break;
    }
    for (let k = chain.length - 1; k >= 0; k--) {
      const a = chain[k] as number;
      path = path === undefined ? `/${this.nameOf(a).qname}` : `${path}/${this.step(a)}`;
      pathOwners[a & PATH_MASK] = a;
      paths[a & PATH_MASK] = path;
    }
    return `${path}/${this.step(i)}`;
  }

  /** The XPath step of element `i` below its parent: its name, and its position when it has namesakes. */
  private step(i: number): string {
    const qname = this.nameOf(i).qname;
    const position = this.xpathPosition(i);
    return position > 0 ? `${qname}[${position}]` : qname;
  }

  /**
   * The 1-based position of element `i` among the children of its parent with its name, or -1 when it has no
   * namesake there (XPath steps).
   */
  xpathPosition(i: number): number {
    const parent = this.parents[i] as number;
    const { nameIds, ends } = this;
    const end = ends[parent] as number;
    const qname = this.nameOf(i).qname;
    let before = 0;
    let namesakes = 0;
    let children = 0;
    for (let c = parent + 1; c < end && children <= COUNTED_CHILDREN; c = ends[c] as number) {
      children++;
      if (c === i) before = namesakes;
      if (nameIds[c] === nameIds[i] || this.nameOf(c).qname === qname) namesakes++;
    }
    if (children <= COUNTED_CHILDREN) return namesakes === 1 ? -1 : before + 1;
    return this.positionsOf(parent).get(i) as number;
  }

  /** The positions of all the children of `parent`, numbered on the first call. */
  private positionsOf(parent: number): Map<number, number> {
    this.positionsByParent ??= new Map();
    let positions = this.positionsByParent.get(parent);
    if (positions !== undefined) return positions;
    positions = new Map();
    const counts = new Map<string, number>();
    const ends = this.ends;
    const end = ends[parent] as number;
    for (let c = parent + 1; c < end; c = ends[c] as number) {
      const qname = this.nameOf(c).qname;
      const n = (counts.get(qname) ?? 0) + 1;
      counts.set(qname, n);
      positions.set(c, n);
    }
    for (let c = parent + 1; c < end; c = ends[c] as number) {
      if (counts.get(this.nameOf(c).qname) === 1) positions.set(c, -1);
    }
    this.positionsByParent.set(parent, positions);
    return positions;
  }
}
