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

const INDENTS: string[] = Array.from({ length: 32 }, (_, i) => '  '.repeat(i));
const indent = (depth: number): string => INDENTS[depth] ?? '  '.repeat(depth);
const END_TAGS = new Map<string, string>();
const START_TAGS = new Map<string, string>();
/** `<name>`, built once per element name. */
function startTag(name: string): string {
  let tag = START_TAGS.get(name);
  if (tag === undefined) {
    tag = `<${name}>`;
    if (START_TAGS.size < 1024) START_TAGS.set(name, tag);
  }
  return tag;
}
/** `</name>` plus the line break, built once per element name (names come from constants, so the cache stays small). */
function endTag(name: string): string {
  let tag = END_TAGS.get(name);
  if (tag === undefined) {
    tag = `</${name}>\n`;
    if (END_TAGS.size < 1024) END_TAGS.set(name, tag);
  }
  return tag;
}

/**
 * A small string-building XML serializer for the ERN hot path: no DOM, names come from the caller's constants,
 * every text and attribute value is escaped, and elements close in stack order, so the output is well-formed by
 * construction. Indentation is two spaces; output is deterministic.
 */
export class XmlWriter {
  #out = '';
  readonly #stack: string[] = [];
  readonly #onForbidden: ForbiddenCharHandler | undefined;

  constructor(options: { declaration?: boolean; onForbiddenChar?: ForbiddenCharHandler } = {}) {
    this.#onForbidden = options.onForbiddenChar;
    if (options.declaration !== false) this.#out = '<?xml version="1.0" encoding="UTF-8"?>\n';
  }

  /** Opens an element; close it with {@link XmlWriter.close}. */
  open(name: string, attributes?: XmlAttributes): this {
    const depth = this.#stack.length;
    this.#out +=
      attributes === undefined
        ? `${indent(depth)}<${name}>\n`
        : `${indent(depth)}<${name}${this.#attrs(name, attributes)}>\n`;
    this.#stack.push(name);
    return this;
  }

  /** Closes the innermost open element. */
  close(): this {
    const name = this.#stack.pop();
    if (name === undefined) throw new Error('XmlWriter.close() without an open element');
    this.#out += indent(this.#stack.length) + endTag(name);
    return this;
  }

  /** Writes `<name attrs>text</name>`; nothing when text is undefined. */
  leaf(name: string, text: string | number | boolean | undefined, attributes?: XmlAttributes): this {
    if (text === undefined) return this;
    const value = typeof text === 'string' ? this.#text(name, text) : String(text);
    const start = attributes === undefined ? startTag(name) : `<${name}${this.#attrs(name, attributes)}>`;
    this.#out += indent(this.#stack.length) + start + value + endTag(name);
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
    const start = attributes === undefined ? startTag(name) : `<${name}${this.#attrs(name, attributes)}>`;
    this.#out += indent(this.#stack.length) + start + text + endTag(name);
    return this;
  }

  /** Writes an empty element `<name attrs/>`. */
  empty(name: string, attributes?: XmlAttributes): this {
    this.#out += `${indent(this.#stack.length)}<${name}${attributes === undefined ? '' : this.#attrs(name, attributes)}/>\n`;
    return this;
  }

  /** The finished document; throws when an element is still open. */
  toString(): string {
    if (this.#stack.length > 0) throw new Error(`XmlWriter: unclosed <${this.#stack.at(-1)}>`);
    return this.#out;
  }

  #text(element: string, text: string): string {
    if (isPlainXmlText(text)) return text;
    if (hasForbiddenXmlChars(text)) {
      this.#onForbidden?.(element, text);
      return escapeXml(stripForbiddenXmlChars(text));
    }
    return escapeXml(text);
  }

  #attrValue(element: string, text: string): string {
    if (isPlainXmlAttribute(text)) return text;
    if (hasForbiddenXmlChars(text)) {
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
