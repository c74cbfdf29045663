import {
  escapeXml,
  escapeXmlAttribute,
  hasForbiddenXmlChars,
  isPlainXmlAttribute,
  isPlainXmlText,
  stripForbiddenXmlChars,
} from './escape';

/** Attribute values in document order; undefined values are skipped. */
export type XmlAttributes = Readonly<Record<string, string | number | boolean | undefined>>;

/** Called once per text or attribute value that held characters XML 1.0 cannot carry (they are dropped). */
export type ForbiddenCharHandler = (element: string, text: string) => void;

const INDENT_STEP = '  ';

/** The strings of one element name, built once: the indented start tag per depth and the end tag. */
interface TagStrings {
  readonly name: string;
  /** `indent + <name>` by depth, filled on first use */
  readonly start: string[];
  /** `indent + <name` by depth (for start tags with attributes), filled on first use */
  readonly startOpen: string[];
  /** `indent + </name>` plus the line break by depth, filled on first use */
  readonly endAt: string[];
  /** `</name>` plus the line break */
  readonly end: string;
}

// Names come from the writers' constants, so the table stays small; an object, not a Map: its keyed lookups by
// constant strings are cheaper on the hot path.
const TAGS: Record<string, TagStrings> = Object.create(null);
let tagCount = 0;

function tagOf(name: string): TagStrings {
  let tag = TAGS[name];
  if (tag === undefined) {
    tag = { name, start: [], startOpen: [], endAt: [], end: `</${name}>\n` };
    if (tagCount < 2048) {
      TAGS[name] = tag;
      tagCount++;
    }
  }
  return tag;
}

function indentOf(depth: number): string {
  return INDENT_STEP.repeat(depth);
}

/** `indent + <name>` at this depth. */
function startTag(tag: TagStrings, depth: number): string {
  let s = tag.start[depth];
  if (s === undefined) {
    s = `${indentOf(depth)}<${tag.name}>`;
    tag.start[depth] = s;
  }
  return s;
}

/** `indent + <name` at this depth (attributes follow). */
function startTagOpen(tag: TagStrings, depth: number): string {
  let s = tag.startOpen[depth];
  if (s === undefined) {
    s = `${indentOf(depth)}<${tag.name}`;
    tag.startOpen[depth] = s;
  }
  return s;
}

/** `indent + </name>` plus the line break at this depth. */
function endTagAt(tag: TagStrings, depth: number): string {
  let s = tag.endAt[depth];
  if (s === undefined) {
    s = indentOf(depth) + tag.end;
    tag.endAt[depth] = s;
  }
  return s;
}

/**
 * A small string-building XML serializer for the ERN hot path: no DOM, names come from the caller's constants,
 * every text and attribute value is escaped, and elements close in stack order, so the output is well-formed by
 * construction. Indentation is two spaces; output is deterministic.
 */
export class XmlWriter {
  #out = '';
  /** the open elements, innermost last */
  readonly #stack: TagStrings[] = [];
  readonly #onForbidden: ForbiddenCharHandler | undefined;
  #dropped = false;

  constructor(options: { declaration?: boolean; onForbiddenChar?: ForbiddenCharHandler } = {}) {
    this.#onForbidden = options.onForbiddenChar;
    if (options.declaration !== false) this.#out = '<?xml version="1.0" encoding="UTF-8"?>\n';
  }

  /** True once a text or attribute value held characters XML 1.0 cannot carry (they were dropped). */
  get droppedForbiddenChars(): boolean {
    return this.#dropped;
  }

  /** Opens an element; close it with {@link XmlWriter.close}. */
  open(name: string, attributes?: XmlAttributes): this {
    const tag = tagOf(name);
    const depth = this.#stack.length;
    if (attributes === undefined) this.#out += `${startTag(tag, depth)}\n`;
    else this.#out += `${startTagOpen(tag, depth)}${this.#attrs(name, attributes)}>\n`;
    this.#stack.push(tag);
    return this;
  }

  /** Closes the innermost open element. */
  close(): this {
    const tag = this.#stack.pop();
    if (tag === undefined) throw new Error('XmlWriter.close() without an open element');
    this.#out += endTagAt(tag, this.#stack.length);
    return this;
  }

  /** Writes `<name attrs>text</name>`; nothing when text is undefined. */
  leaf(name: string, text: string | number | boolean | undefined, attributes?: XmlAttributes): this {
    if (text === undefined) return this;
    const tag = tagOf(name);
    const depth = this.#stack.length;
    const value = typeof text === 'string' ? (isPlainXmlText(text) ? text : this.#text(name, text)) : String(text);
    const start =
      attributes === undefined ? startTag(tag, depth) : `${startTagOpen(tag, depth)}${this.#attrs(name, attributes)}>`;
    this.#out += start + value + tag.end;
    return this;
  }

  /**
   * Writes `<name attrs>text</name>` for text that needs no escaping by construction: constants, references and
   * durations the caller generated, values it checked against an allowed-value set or a strict pattern. The text is
   * not checked (most of a message is such values); input data goes through {@link XmlWriter.leaf}, which escapes.
   * Attribute values are escaped as usual.
   */
  leafSafe(name: string, text: string | number | boolean | undefined, attributes?: XmlAttributes): this {
    if (text === undefined) return this;
    const tag = tagOf(name);
    const depth = this.#stack.length;
    const start =
      attributes === undefined ? startTag(tag, depth) : `${startTagOpen(tag, depth)}${this.#attrs(name, attributes)}>`;
    this.#out += start + text + tag.end;
    return this;
  }

  /** Writes an empty element `<name attrs/>`. */
  empty(name: string, attributes?: XmlAttributes): this {
    const start = startTagOpen(tagOf(name), this.#stack.length);
    this.#out += `${start}${attributes === undefined ? '' : this.#attrs(name, attributes)}/>\n`;
    return this;
  }

  /** The finished document; throws when an element is still open. */
  toString(): string {
    if (this.#stack.length > 0) throw new Error(`XmlWriter: unclosed <${this.#stack.at(-1)?.name}>`);
    return this.#out;
  }

  /** Text that is not plain: escaped, and stripped of characters XML cannot carry. */
  #text(element: string, text: string): string {
    if (hasForbiddenXmlChars(text)) {
      this.#dropped = true;
      this.#onForbidden?.(element, text);
      return escapeXml(stripForbiddenXmlChars(text));
    }
    return escapeXml(text);
  }

  #attrValue(element: string, text: string): string {
    if (isPlainXmlAttribute(text)) return text;
    if (hasForbiddenXmlChars(text)) {
      this.#dropped = true;
      this.#onForbidden?.(element, text);
      return escapeXmlAttribute(stripForbiddenXmlChars(text));
    }
    return escapeXmlAttribute(text);
  }

  #attrs(element: string, attributes: XmlAttributes): string {
    let s = '';
    for (const key in attributes) {
      const value = attributes[key];
      if (value === undefined) continue;
      s += ` ${key}="${typeof value === 'string' ? this.#attrValue(element, value) : String(value)}"`;
    }
    return s;
  }
}
