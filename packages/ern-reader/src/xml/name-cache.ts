// a power of two; an ERN message uses a few hundred distinct names
const SLOTS = 2048;

/** True when `xml` holds the same `length` characters at `a` and at `b`. */
export function sameText(xml: string, a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (xml.charCodeAt(a + i) !== xml.charCodeAt(b + i)) return false;
  return true;
}

/**
 * The engine's own copy of a string (the one property keys and literals use): comparing two such copies is a
 * pointer comparison, so `el.name === 'SoundRecording'` in the mapper costs no character comparison.
 */
export function intern(s: string): string {
  const holder: Record<string, true> = { [s]: true };
  for (const key in holder) return key;
  return s;
}

/**
 * Reuses the strings of the names (and short values) already seen in one document. A name found again is compared
 * in place rather than cut out of the text, so a message with 300,000 elements cuts out each distinct name about
 * once; every element and attribute of a name then shares one interned string, which also keeps the tree
 * assembler's lookups by name cheap. Short values (codes, flags, units) are shared the same way, not interned.
 */
export class NameCache {
  private readonly names: string[] = new Array<string>(SLOTS).fill('');
  // where each cached string is written in the document, and its length: a hit compares the document with
  // itself, one string in one representation (the names are one-byte strings, a document often two-byte)
  private readonly starts = new Int32Array(SLOTS);
  private readonly lengths = new Int32Array(SLOTS);

  /** `interned`: keep the engine's copy of each string (for names; not for text, where most values are unique) */
  constructor(
    private readonly xml: string,
    private readonly interned: boolean,
  ) {}

  /** The string written from `from` to `to` (a non-empty range). */
  at(from: number, to: number): string {
    const xml = this.xml;
    const length = to - from;
    // a few characters are enough to tell names apart (DisplayArtistName, DisplayArtistRole); two ways per set
    const hash =
      length * 257 +
      xml.charCodeAt(from) * 131 +
      xml.charCodeAt(from + (length >> 2)) * 61 +
      xml.charCodeAt(from + (length >> 1)) * 31 +
      xml.charCodeAt(to - 2) * 7 +
      xml.charCodeAt(to - 1);
    const slot = (hash << 1) & (SLOTS - 1);
    const { starts, lengths, names } = this;
    if (lengths[slot] === length && sameText(xml, starts[slot] as number, from, length)) return names[slot] as string;
    if (lengths[slot + 1] === length && sameText(xml, starts[slot + 1] as number, from, length))
      return names[slot + 1] as string;
    const cut = xml.slice(from, to);
    const name = this.interned ? intern(cut) : cut;
    // the newest string takes the first way, the one it displaces the second
    names[slot + 1] = names[slot] as string;
    starts[slot + 1] = starts[slot] as number;
    lengths[slot + 1] = lengths[slot] as number;
    names[slot] = name;
    starts[slot] = from;
    lengths[slot] = length;
    return name;
  }
}
