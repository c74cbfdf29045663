import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ErnVersionId } from '@ddex/ern-model';
import { assemble } from './common/assemble';
import { readHeader } from './common/header';
import { readErn4 } from './ern4/read-ern4';
import { readErn382 } from './ern382/read-ern382';
import { ErnReadError, isErnReadError } from './errors';
import { IssueLog } from './issues';
import { readPurge } from './purge';
import type { ReadErnOptions, ReadErnResult } from './types';
import { reportUnmapped } from './unmapped';
import { ERN_READ_VERSIONS, isErnNamespace, versionOfNamespace } from './versions';
import type { XmlElement } from './xml/element';
import { createXmlTreeBuilder, decodeXml, parseXml, type XmlDocument, type XmlLimits } from './xml/parse-xml';

/** Default `maxBytes`: 100 MB. */
export const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;
/** Default `maxDepth`. */
export const DEFAULT_MAX_DEPTH = 256;

function limitsOf(options: ReadErnOptions): XmlLimits {
  return { maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES, maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH };
}

function has(root: XmlElement, path: string): XmlElement | undefined {
  let el: XmlElement | undefined = root;
  for (const step of path.split('/')) {
    el = el?.peek(step);
    if (el === undefined) return undefined;
  }
  return el;
}

/** The version of a parsed message, or an ErnReadError saying why it is not a message the reader reads. */
function detectVersion(root: XmlElement): ErnVersionId {
  const version = versionOfNamespace(root.uri);
  if (version === undefined) {
    if (isErnNamespace(root.uri)) {
      throw new ErnReadError(
        'UNSUPPORTED_VERSION',
        `the message is in namespace ${root.uri}; the reader reads ERN 3.8.2, 4.2 and 4.3 (${Object.values(
          ERN_READ_VERSIONS,
        )
          .map((v) => v.namespace)
          .join(', ')})`,
        { line: root.line, xpath: root.xpath },
      );
    }
    const ns = root.uri === '' ? 'no namespace' : `namespace ${root.uri}`;
    throw new ErnReadError(
      'NOT_ERN',
      `the root element ${root.name} in ${ns} is not a DDEX ERN message (expected NewReleaseMessage in ${Object.values(
        ERN_READ_VERSIONS,
      )
        .map((v) => v.namespace)
        .join(', ')})`,
      { line: root.line, xpath: root.xpath },
    );
  }
  const info = ERN_READ_VERSIONS[version];
  if (!(info.messageElements as readonly string[]).includes(root.name)) {
    throw new ErnReadError(
      'NOT_ERN',
      `${root.name} is not an ERN ${version} message element (expected ${info.messageElements.join(', ')})`,
      { line: root.line, xpath: root.xpath },
    );
  }
  for (const marker of info.foreignMarkers) {
    const found = has(root, marker);
    if (found !== undefined) {
      throw new ErnReadError(
        'VERSION_MISMATCH',
        `the root namespace says ERN ${version}, but ${found.xpath} (line ${found.line}) belongs to ERN ${info.family === 4 ? '3.8.2' : '4'}: the message does not match its namespace`,
        { line: found.line, xpath: found.xpath },
      );
    }
  }
  return version;
}

/** Maps a parsed document; shared by {@link readErn} and {@link readErnFile}. */
export function readErnDocument(doc: XmlDocument, options: ReadErnOptions = {}): ReadErnResult {
  const { root } = doc;
  const version = detectVersion(root);
  const log = new IssueLog();
  if (doc.doctype !== undefined)
    log.add(
      'doctype_ignored',
      'info',
      root,
      'The message has a DOCTYPE declaration; it was not read (no DTD is loaded).',
    );
  root.used = true;
  const message = readHeader(root);
  let result: Omit<ReadErnResult, 'issues' | 'version' | 'message'> = {
    releases: [],
    trackReleases: [],
    takedowns: [],
  };
  if (root.name === 'PurgeReleaseMessage') {
    result = { ...result, takedowns: readPurge(root, message, log) };
  } else if (root.name === 'NewReleaseMessage') {
    const draft = {
      ...(ERN_READ_VERSIONS[version].family === 4 ? readErn4(root, log) : readErn382(root, log)),
      language: root.attr('LanguageAndScriptCode'),
    };
    result = assemble(draft, version, message, log, {
      trackReleases: options.trackReleases ?? true,
      defaultRights: options.defaultRights,
    });
  }
  if (options.reportUnmapped ?? true) reportUnmapped(root, log);
  return { version, message, ...result, issues: log.issues };
}

/**
 * {@link readErnDocument} on a document the reader parsed itself: none of its elements is reachable once the
 * result is made (the result holds XPaths, not elements), so its arrays go to the next document's tree.
 */
function readOwnDocument(doc: XmlDocument, options: ReadErnOptions): ReadErnResult {
  const result = readErnDocument(doc, options);
  doc.root.store.release();
  return result;
}

/**
 * Reads a DDEX ERN 3.8.2, 4.2 or 4.3 message into the release model. The version comes from the root element's
 * namespace. Every release of a NewReleaseMessage (the main releases and, by default, the track releases with a
 * deal) becomes a model release checked with `parseRelease`; takedowns (PurgeReleaseMessage, TakeDown deals,
 * ended deals, a main release without deals) become takedown records. What the model cannot hold comes back as
 * issues with the XPath of the element.
 *
 * Hostile input is refused with an {@link ErnReadError}: DOCTYPEs that declare entities, undefined entities,
 * nesting deeper than `maxDepth`, input larger than `maxBytes`. Nothing is fetched; no DTD is read.
 *
 * @example
 * const { releases, issues } = readErn(readFileSync('message.xml', 'utf8'));
 */
export function readErn(xml: string | Uint8Array, options: ReadErnOptions = {}): ReadErnResult {
  const limits = limitsOf(options);
  if (typeof xml !== 'string' && xml.byteLength > limits.maxBytes) {
    throw new ErnReadError(
      'TOO_LARGE',
      `the message is larger than ${limits.maxBytes} bytes (maxBytes); raise the limit to read it`,
    );
  }
  const text = typeof xml === 'string' ? xml : decodeXml(xml);
  return readOwnDocument(parseXml(text, limits), options);
}

/**
 * Reads an ERN message from a file, streaming it through the parser (the file is never held in memory as one
 * string). Same result and errors as {@link readErn}; a file that cannot be read throws `READ_FAILED`.
 */
export async function readErnFile(path: string, options: ReadErnOptions = {}): Promise<ReadErnResult> {
  const limits = limitsOf(options);
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (cause) {
    throw new ErnReadError('READ_FAILED', `cannot read ${path}: ${(cause as Error).message}`, { cause });
  }
  if (size > limits.maxBytes) {
    throw new ErnReadError(
      'TOO_LARGE',
      `${path} is larger than ${limits.maxBytes} bytes (maxBytes); raise the limit to read it`,
    );
  }
  const builder = createXmlTreeBuilder(limits, size);
  let decoder: InstanceType<typeof TextDecoder> | undefined;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
      const bytes = chunk as Buffer;
      // the byte-order mark of the first chunk says UTF-16; otherwise UTF-8 (a UTF-8 BOM is dropped)
      decoder ??= new TextDecoder(
        bytes[0] === 0xff && bytes[1] === 0xfe
          ? 'utf-16le'
          : bytes[0] === 0xfe && bytes[1] === 0xff
            ? 'utf-16be'
            : 'utf-8',
      );
      const text = decoder.decode(bytes, { stream: true });
      if (text !== '') builder.write(text);
    }
    const rest = decoder?.decode() ?? '';
    if (rest !== '') builder.write(rest);
  } catch (cause) {
    if (isErnReadError(cause)) throw cause;
    throw new ErnReadError('READ_FAILED', `cannot read ${path}: ${(cause as Error).message}`, { cause });
  }
  return readOwnDocument(builder.close(), options);
}
