import { SaxesParser, type SaxesTagNS } from 'saxes';
import { ErnReadError } from '../errors';
import { XmlElement } from './element';

/** Limits that keep hostile input from exhausting the reader. */
export interface XmlLimits {
  /** deepest element nesting accepted */
  readonly maxDepth: number;
  /** largest input accepted, in bytes (UTF-8) */
  readonly maxBytes: number;
}

/** A parsed document: its root element and its DOCTYPE declaration, if it had one (never read). */
export interface XmlDocument {
  readonly root: XmlElement;
  readonly doctype: string | undefined;
}

/** Builds an element tree from XML text given in one or more chunks; see `parseXml`. */
export interface XmlTreeBuilder {
  /** feeds the next chunk of text */
  write(chunk: string): void;
  /** ends the input and returns the document */
  close(): XmlDocument;
}

const NO_ATTRIBUTES = Object.freeze({});

// the DOCTYPE shapes that define entities: billion laughs, XXE (SYSTEM/PUBLIC entities), parameter entities
const ENTITY_DECLARATION = /<!ENTITY/i;

/**
 * A streaming tree builder over saxes (XML 1.0, namespaces). Nothing is ever fetched or expanded: saxes does not
 * read DTDs, a DOCTYPE that declares entities is rejected outright, and a reference to any entity other than the
 * five predefined ones is an error. Depth and size are capped as the text streams in.
 */
export function createXmlTreeBuilder(limits: XmlLimits): XmlTreeBuilder {
  const parser = new SaxesParser({ xmlns: true, position: true });
  let root: XmlElement | undefined;
  let current: XmlElement | undefined;
  let depth = 0;
  let bytes = 0;
  let doctype: string | undefined;
  const names = new Map<string, string>();

  parser.on('doctype', (text) => {
    doctype = text;
    if (ENTITY_DECLARATION.test(text)) {
      throw new ErnReadError(
        'ENTITY_DECLARATION',
        `line ${parser.line}: the DOCTYPE declares entities; ERN messages never need them and the reader does not expand them (entity expansion and external entities are refused)`,
        { line: parser.line },
      );
    }
  });
  parser.on('opentag', (tag) => {
    depth++;
    if (depth > limits.maxDepth) {
      throw new ErnReadError(
        'TOO_DEEP',
        `line ${parser.line}: elements are nested deeper than ${limits.maxDepth} levels; an ERN message needs fewer than 20`,
        { line: parser.line },
      );
    }
    const t = tag as SaxesTagNS;
    // names repeat: keep one copy of each, and share one empty attribute map, so the tree holds fewer objects
    let qname = names.get(t.name);
    if (qname === undefined) {
      qname = t.name;
      names.set(qname, qname);
    }
    const local = t.local === t.name ? qname : (names.get(`:${t.local}`) ?? t.local);
    if (local !== qname) names.set(`:${local}`, local);
    let attributes: typeof t.attributes = NO_ATTRIBUTES;
    for (const _ in t.attributes) {
      attributes = t.attributes;
      break;
    }
    const el = new XmlElement(local, qname, t.uri, attributes, current, parser.line);
    if (current === undefined) root = el;
    else current.append(el);
    current = el;
  });
  parser.on('text', (text) => {
    if (current !== undefined && current.children.length === 0) current.text += text;
  });
  parser.on('cdata', (text) => {
    if (current !== undefined) current.text += text;
  });
  parser.on('closetag', () => {
    depth--;
    if (current !== undefined && current.children.length > 0) current.text = '';
    current = current?.parent;
  });
  parser.on('error', (error) => {
    const message = error.message;
    const undefinedEntity = /undefined entity/i.test(message);
    throw new ErnReadError(
      undefinedEntity ? 'UNDEFINED_ENTITY' : 'NOT_XML',
      undefinedEntity
        ? `${message}: only the XML entities (&lt; &gt; &amp; &quot; &apos;) and character references are read${doctype !== undefined ? '; DTDs are not loaded' : ''}`
        : `not well-formed XML: ${message}`,
      { cause: error, line: parser.line },
    );
  });

  return {
    write(chunk: string) {
      bytes += Buffer.byteLength(chunk, 'utf8');
      if (bytes > limits.maxBytes) {
        throw new ErnReadError(
          'TOO_LARGE',
          `the message is larger than ${limits.maxBytes} bytes (maxBytes); raise the limit to read it`,
        );
      }
      parser.write(chunk);
    },
    close() {
      parser.close();
      if (root === undefined)
        throw new ErnReadError('NOT_XML', 'not well-formed XML: the document has no root element');
      return { root, doctype };
    },
  };
}

/** Parses a whole document into an element tree; throws {@link ErnReadError} on malformed or hostile input. */
export function parseXml(xml: string, limits: XmlLimits): XmlDocument {
  const bytes = xml.length > limits.maxBytes / 3 ? Buffer.byteLength(xml, 'utf8') : xml.length;
  if (bytes > limits.maxBytes) {
    throw new ErnReadError(
      'TOO_LARGE',
      `the message is larger than ${limits.maxBytes} bytes (maxBytes); raise the limit to read it`,
    );
  }
  const builder = createXmlTreeBuilder({ ...limits, maxBytes: Number.POSITIVE_INFINITY });
  builder.write(xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml);
  return builder.close();
}

/** Decodes a document's bytes: UTF-16 when its byte-order mark says so, else UTF-8 (a UTF-8 BOM is dropped). */
export function decodeXml(bytes: Uint8Array): string {
  const [a, b] = bytes;
  if (a === 0xff && b === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (a === 0xfe && b === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes);
}
