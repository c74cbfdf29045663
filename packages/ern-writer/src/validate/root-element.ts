import { ERN_NAMESPACES, ERN_SCHEMA_VERSIONS, type ErnSchemaVersion } from './schema-versions';

/** What a quick look at a document's prolog and root start tag found. */
export interface RootElementInfo {
  /** local name of the root element, e.g. `NewReleaseMessage` */
  readonly localName: string;
  /** namespace URI of the root element, `''` when it has none (or its prefix is not declared on the root) */
  readonly namespace: string;
  /** 1-based line of the root element's `<` */
  readonly line: number;
  /** 1-based column of the root element's `<` */
  readonly column: number;
}

/** The prolog of a document: its DOCTYPE declaration, if any, and its root start tag, if it could be read. */
export interface PrologInfo {
  /** 1-based line of a `<!DOCTYPE` declaration, if the document has one */
  readonly doctypeLine: number | undefined;
  /** the root element, undefined when the text does not start like an XML document */
  readonly root: RootElementInfo | undefined;
}

/**
 * Tells the ERN version of a message from its root element, without a full parse: the root must be one of the
 * version's message elements (`NewReleaseMessage`, `PurgeReleaseMessage`, and in 3.8.2 `CatalogListMessage`) in
 * that version's namespace (`http://ddex.net/xml/ern/382`, `/42`, `/43`). Returns undefined for anything else,
 * including text that is not XML. It does not check that the document is well-formed: {@link validateErn} does.
 *
 * @example
 * detectErnVersion('<ern:NewReleaseMessage xmlns:ern="http://ddex.net/xml/ern/43" …>') // '4.3'
 */
export function detectErnVersion(xml: string | Uint8Array): ErnSchemaVersion | undefined {
  const root = scanProlog(typeof xml === 'string' ? xml : decodeXmlBytes(xml)).root;
  return root && ernVersionOf(root.namespace, root.localName);
}

/** The version whose namespace is `namespace` and that has `localName` as a message element, else undefined. */
export function ernVersionOf(namespace: string, localName: string): ErnSchemaVersion | undefined {
  const version = ERN_NAMESPACES.get(namespace);
  if (version === undefined) return undefined;
  const roots: readonly string[] = ERN_SCHEMA_VERSIONS[version].messageElements;
  return roots.includes(localName) ? version : undefined;
}

/**
 * Decodes a document's bytes for scanning: UTF-16 (told by its byte-order mark or by `<?` in two bytes, as in XML 1.0
 * appendix F), else UTF-8. Other single-byte encodings come out with their ASCII markup and line breaks intact.
 */
export function decodeXmlBytes(bytes: Uint8Array): string {
  const [a, b, c, d] = bytes;
  if ((a === 0xff && b === 0xfe) || (a === 0x3c && b === 0 && c === 0x3f && d === 0)) {
    return new TextDecoder('utf-16le').decode(bytes);
  }
  if ((a === 0xfe && b === 0xff) || (a === 0 && b === 0x3c && c === 0 && d === 0x3f)) {
    return new TextDecoder('utf-16be').decode(bytes);
  }
  return new TextDecoder().decode(bytes);
}

/**
 * Reads the prolog (XML declaration, comments, processing instructions, DOCTYPE) and the root start tag. It is a
 * scanner, not a parser: it never expands anything and gives up (root undefined) on text it does not recognise.
 */
export function scanProlog(text: string): PrologInfo {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let doctypeLine: number | undefined;
  for (;;) {
    while (i < text.length && _isSpace(text.charCodeAt(i))) i++;
    if (text.startsWith('<?', i)) {
      i = _after(text, '?>', i + 2);
    } else if (text.startsWith('<!--', i)) {
      i = _after(text, '-->', i + 4);
    } else if (text.startsWith('<!DOCTYPE', i)) {
      doctypeLine ??= _lineAt(text, i);
      i = _skipDoctype(text, i + 9);
    } else if (text[i] === '<' && /[A-Za-z_:\u00C0-\uFFFF]/.test(text[i + 1] ?? '')) {
      return { doctypeLine, root: _readStartTag(text, i) };
    } else {
      return { doctypeLine, root: undefined };
    }
    if (i < 0) return { doctypeLine, root: undefined };
  }
}

// --- Internal helpers ---

function _isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function _after(text: string, end: string, from: number): number {
  const at = text.indexOf(end, from);
  return at < 0 ? -1 : at + end.length;
}

function _lineAt(text: string, offset: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at >= 0 && at < offset; at = text.indexOf('\n', at + 1)) line++;
  return line;
}

// skips `<!DOCTYPE … [internal subset] >`, honouring quotes and comments inside the subset
function _skipDoctype(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' || ch === "'") {
      const end = text.indexOf(ch, i + 1);
      if (end < 0) return -1;
      i = end;
    } else if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) return -1;
      i = end + 2;
    } else if (ch === '[') {
      depth++;
    } else if (ch === ']') {
      depth--;
    } else if (ch === '>' && depth <= 0) {
      return i + 1;
    }
  }
  return -1;
}

const NAME = /[^\s/>=]+/y;
const ATTRIBUTE = /\s*([^\s/>=]+)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;

function _readStartTag(text: string, start: number): RootElementInfo | undefined {
  NAME.lastIndex = start + 1;
  const qname = NAME.exec(text)?.[0];
  if (qname === undefined) return undefined;
  const attributes = new Map<string, string>();
  let i = NAME.lastIndex;
  for (;;) {
    ATTRIBUTE.lastIndex = i;
    const match = ATTRIBUTE.exec(text);
    if (!match) break;
    attributes.set(match[1] as string, _decode(match[2] ?? match[3] ?? ''));
    i = ATTRIBUTE.lastIndex;
  }
  if (!/^\s*\/?>/.test(text.slice(i, i + 256))) return undefined;
  const colon = qname.indexOf(':');
  const prefix = colon < 0 ? undefined : qname.slice(0, colon);
  const namespace = attributes.get(prefix === undefined ? 'xmlns' : `xmlns:${prefix}`) ?? '';
  const lineStart = text.lastIndexOf('\n', start) + 1;
  return { localName: qname.slice(colon + 1), namespace, line: _lineAt(text, start), column: start - lineStart + 1 };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function _decode(value: string): string {
  return value.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, ref: string) => {
    if (!ref.startsWith('#')) return ENTITIES[ref] as string;
    const code = ref.startsWith('#x') ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD';
  });
}
