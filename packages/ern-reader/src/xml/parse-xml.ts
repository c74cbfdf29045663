import { SaxesParser } from 'saxes';
import { ErnReadError } from '../errors';
import type { XmlElement } from './element';
import { intern } from './name-cache';
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
 * `expectedBytes`, the size of the input when known, sizes the tree's arrays.
 */
export function createXmlTreeBuilder(limits: XmlLimits, expectedBytes?: number): XmlTreeBuilder {
  const parser = new SaxesParser({ xmlns: false, position: true });
  // an ERN message has an element every 60 bytes or so: room for a little more than that, so that the arrays of
  // a large file are not grown (and copied) a dozen times
  const tree = new TreeAssembler(
    limits,
    undefined,
    expectedBytes === undefined ? undefined : expectedBytes / 48 + 1024,
  );
  let bytes = 0;
  // attribute names, interned once each (as the scanner does: comparing them is then comparing pointers)
  const attributeNames = new Map<string, string>();

  parser.on('doctype', (text) => tree.onDoctype(text, parser.line));
  parser.on('opentag', (tag) => {
    let flat: string[] | undefined;
    const attributes = tag.attributes as Record<string, string>;
    for (const name in attributes) {
      flat ??= [];
      let interned = attributeNames.get(name);
      if (interned === undefined) {
        interned = intern(name);
        attributeNames.set(interned, interned);
      }
      flat.push(interned, detach(attributes[name] as string));
    }
    tree.onOpenTag(tag.name, flat, parser.line);
  });
  // text after a child element is dropped: no copy for it
  parser.on('text', (text) => {
    if (tree.wantsText()) tree.onText(detach(text));
  });
  parser.on('cdata', (text) => tree.onCdata(detach(text)));
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

/**
 * A copy of `text` that does not keep the chunk it was cut from alive. saxes cuts texts out of the chunk being
 * parsed, and V8 makes a cut of 13 characters or more a view on the whole chunk: the tree would then keep every
 * chunk of the file (the whole text, twice its size in bytes when it has a character beyond Latin-1), the very
 * thing streaming avoids. Prefixing a character and cutting it off again makes V8 copy the text.
 */
function detach(text: string): string {
  return text.length < 13 ? text : ` ${text}`.slice(1);
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
