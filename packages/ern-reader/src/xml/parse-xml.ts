import { SaxesParser } from 'saxes';
import { ErnReadError } from '../errors';
import type { XmlElement } from './element';
import { scanXml } from './scan-xml';
import { TreeAssembler } from './tree-assembler';

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

/**
 * A streaming tree builder over saxes (XML 1.0), for text that arrives in chunks (files). Nothing is ever fetched
 * or expanded: saxes does not read DTDs, a DOCTYPE that declares entities is rejected outright, and a reference to
 * any entity other than the five predefined ones is an error. Depth and size are capped as the text streams in.
 */
export function createXmlTreeBuilder(limits: XmlLimits): XmlTreeBuilder {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const tree = new TreeAssembler(limits);
  let bytes = 0;

  parser.on('doctype', (text) => tree.onDoctype(text, parser.line));
  parser.on('opentag', (tag) => {
    let flat: string[] | undefined;
    const attributes = tag.attributes as Record<string, string>;
    for (const name in attributes) {
      flat ??= [];
      flat.push(name, attributes[name] as string);
    }
    tree.onOpenTag(tag.name, flat, parser.line);
  });
  parser.on('text', (text) => tree.onText(text));
  parser.on('cdata', (text) => tree.onCdata(text));
  parser.on('closetag', () => tree.onCloseTag());
  parser.on('error', (error) => {
    const message = error.message;
    const undefinedEntity = /undefined entity/i.test(message);
    throw new ErnReadError(
      undefinedEntity ? 'UNDEFINED_ENTITY' : 'NOT_XML',
      undefinedEntity
        ? `${message}: only the XML entities (&lt; &gt; &amp; &quot; &apos;) and character references are read${tree.doctype !== undefined ? '; DTDs are not loaded' : ''}`
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
      return tree.document(parser.line);
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
  return scanXml(xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml, limits);
}

/** Decodes a document's bytes: UTF-16 when its byte-order mark says so, else UTF-8 (a UTF-8 BOM is dropped). */
export function decodeXml(bytes: Uint8Array): string {
  const [a, b] = bytes;
  if (a === 0xff && b === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (a === 0xfe && b === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes);
}
