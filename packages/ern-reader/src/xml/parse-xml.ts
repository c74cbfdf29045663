import { SaxesParser } from 'saxes';
import { ErnReadError } from '../errors';
import { type XmlAttributes, XmlElement, type XmlName } from './element';

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

// the DOCTYPE shapes that define entities: billion laughs, XXE (SYSTEM/PUBLIC entities), parameter entities
const ENTITY_DECLARATION = /<!ENTITY/i;

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';

/** Namespace bindings in scope: the bindings an element declares, chained to its parent's. */
interface Scope {
  readonly bindings: Readonly<Record<string, string>>;
  readonly parent: Scope | undefined;
}

const ROOT_SCOPE: Scope = { bindings: { xml: XML_NAMESPACE }, parent: undefined };

function lookup(scope: Scope | undefined, prefix: string): string | undefined {
  for (let s = scope; s !== undefined; s = s.parent) {
    const uri = s.bindings[prefix];
    if (uri !== undefined) return uri;
  }
  return undefined;
}

/** The bindings an element's attributes declare (`xmlns`, `xmlns:p`), or undefined when it declares none. */
function declaredBindings(attributes: Readonly<Record<string, string>>): Record<string, string> | undefined {
  let bindings: Record<string, string> | undefined;
  for (const name in attributes) {
    if (name === 'xmlns') {
      bindings ??= {};
      bindings[''] = (attributes[name] as string).trim();
    } else if (name.startsWith('xmlns:')) {
      const uri = (attributes[name] as string).trim();
      // XML 1.0 namespaces cannot undeclare a prefix
      if (uri === '') throw new Error(`the prefix ${name.slice(6)} is bound to an empty namespace`);
      bindings ??= {};
      bindings[name.slice(6)] = uri;
    }
  }
  return bindings;
}

/**
 * A streaming tree builder over saxes (XML 1.0). Nothing is ever fetched or expanded: saxes does not read DTDs, a
 * DOCTYPE that declares entities is rejected outright, and a reference to any entity other than the five
 * predefined ones is an error. Depth and size are capped as the text streams in.
 *
 * Namespaces are resolved here rather than by saxes' xmlns mode, which builds an object per attribute and a
 * namespace map per element: a 20 MB message has over 300,000 elements, and the reader needs only each element's
 * namespace URI. Unbound and malformed prefixes are still errors.
 */
export function createXmlTreeBuilder(limits: XmlLimits): XmlTreeBuilder {
  const parser = new SaxesParser({ xmlns: false, position: true });
  let root: XmlElement | undefined;
  let current: XmlElement | undefined;
  let depth = 0;
  let bytes = 0;
  let doctype: string | undefined;
  // namespace scope per open element (only elements that declare bindings push a new scope)
  const scopes: (Scope | undefined)[] = [ROOT_SCOPE];
  // the children of each open element, by depth, until it closes and gets an array of exact size
  const pending: XmlElement[][] = [[]];
  const pendingCount: number[] = [0];
  // one shared name per element name and namespace
  const xmlNames = new Map<string, XmlName>();
  const notXml = (message: string) =>
    new ErnReadError('NOT_XML', `not well-formed XML: line ${parser.line}: ${message}`, { line: parser.line });

  const nameOf = (qname: string, scope: Scope | undefined): XmlName => {
    const known = xmlNames.get(qname);
    const colon = qname.indexOf(':');
    const prefix = colon === -1 ? '' : qname.slice(0, colon);
    const uri = lookup(scope, prefix);
    if (known !== undefined && known.uri === (uri ?? '')) return known;
    const local = colon === -1 ? qname : qname.slice(colon + 1);
    if (colon !== -1 && (prefix === '' || local === '' || local.includes(':') || prefix === 'xmlns'))
      throw notXml(`malformed element name ${qname}`);
    if (uri === undefined && prefix !== '') throw notXml(`unbound namespace prefix ${prefix} on element ${qname}`);
    const name: XmlName = { local, qname, uri: uri ?? '' };
    if (known === undefined) xmlNames.set(qname, name);
    return name;
  };

  /** The attributes as a flat list, after pushing the namespace bindings they declare onto `scopes[depth]`. */
  const attributesOf = (attributes: Record<string, string>, depth: number): XmlAttributes | undefined => {
    let flat: string[] | undefined;
    for (const name in attributes) {
      flat ??= [];
      flat.push(name, attributes[name] as string);
    }
    if (flat === undefined) return undefined;
    let bindings: Record<string, string> | undefined;
    try {
      bindings = declaredBindings(attributes);
    } catch (error) {
      throw notXml((error as Error).message);
    }
    const scope = bindings === undefined ? scopes[depth] : { bindings, parent: scopes[depth] };
    scopes[depth] = scope;
    for (let i = 0; i < flat.length; i += 2) {
      const name = flat[i] as string;
      const colon = name.indexOf(':');
      if (colon > 0 && !name.startsWith('xmlns:') && lookup(scope, name.slice(0, colon)) === undefined)
        throw notXml(`unbound namespace prefix ${name.slice(0, colon)} on attribute ${name}`);
    }
    return flat;
  };

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
    scopes[depth] = scopes[depth - 1];
    const attributes = attributesOf(tag.attributes as Record<string, string>, depth);
    const el = new XmlElement(nameOf(tag.name, scopes[depth]), attributes, current, parser.line);
    if (current === undefined) root = el;
    else {
      const n = pendingCount[depth - 1] as number;
      (pending[depth - 1] as XmlElement[])[n] = el;
      pendingCount[depth - 1] = n + 1;
    }
    pending[depth] ??= [];
    pendingCount[depth] = 0;
    current = el;
  });
  parser.on('text', (text) => {
    if (current !== undefined && pendingCount[depth] === 0) current.text += text;
  });
  parser.on('cdata', (text) => {
    if (current !== undefined) current.text += text;
  });
  parser.on('closetag', () => {
    const count = pendingCount[depth] as number;
    if (current !== undefined && count > 0) {
      current.children = (pending[depth] as XmlElement[]).slice(0, count);
      current.text = '';
    }
    depth--;
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
