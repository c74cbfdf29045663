import { XmlDocument } from 'libxml2-wasm';

/**
 * The string values of the nodes an XPath selects (element text content, attribute values), read by libxml2's own
 * parser (libxml2-wasm, the engine of `validateErn`): an independent reader of what the writers wrote.
 */
export function xpathValues(xml: string, xpath: string): string[] {
  const doc = XmlDocument.fromString(xml);
  try {
    return doc.find(xpath).map((node) => node.content);
  } finally {
    doc.dispose();
  }
}
