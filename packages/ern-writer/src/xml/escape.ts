// Characters XML 1.0 forbids (C0 controls other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF).
const FORBIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters we strip.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the forbidden characters are part of the pre-check.
const MAYBE_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
const NEEDS_ESCAPE = /[&<>"\r]/;
const ESCAPE_ALL = /[&<>"\r]/g;
const ESCAPE_ATTRIBUTE_ALL = /[&<>"\r\n\t]/g;
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\r': '&#13;',
  '\n': '&#10;',
  '\t': '&#9;',
};
const replaceEscape = (ch: string): string => ESCAPES[ch] as string;

/** True when the text holds a character that XML 1.0 cannot carry at all. */
export function hasForbiddenXmlChars(text: string): boolean {
  if (!MAYBE_FORBIDDEN.test(text)) return false;
  FORBIDDEN.lastIndex = 0;
  const found = FORBIDDEN.test(text);
  FORBIDDEN.lastIndex = 0;
  return found;
}

/** Removes the characters XML 1.0 cannot carry. */
export function stripForbiddenXmlChars(text: string): string {
  return text.replace(FORBIDDEN, '');
}

/**
 * Escapes text for element content and double-quoted attribute values. `\r` is written as a character reference
 * so that it survives parsing (a literal CR would be normalised away). Forbidden characters must be removed first.
 */
export function escapeXml(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(ESCAPE_ALL, replaceEscape);
}

/**
 * Escapes an attribute value: like {@link escapeXml}, and tab and line feed become character references too, since
 * attribute-value normalisation would otherwise turn them into spaces.
 */
export function escapeXmlAttribute(text: string): string {
  return text.replace(ESCAPE_ATTRIBUTE_ALL, replaceEscape);
}

/**
 * True when the text is written as is in element content: nothing to escape, nothing to drop (the common case).
 * A character loop rather than a regular expression: most texts are short, and this runs for every one of them.
 */
export function isPlainXmlText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x3f) {
      // C0 controls but tab and line feed (CR is escaped as a reference), and & < > "
      if (c < 0x20 ? c !== 0x09 && c !== 0x0a : c === 0x26 || c === 0x3c || c === 0x3e || c === 0x22) return false;
    } else if (c >= 0xd800 && (c <= 0xdfff || c >= 0xfffe)) return false;
  }
  return true;
}

/** True when the text is written as is in an attribute value (tab and line feed are escaped there too). */
export function isPlainXmlAttribute(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x3f) {
      if (c < 0x20 || c === 0x26 || c === 0x3c || c === 0x3e || c === 0x22) return false;
    } else if (c >= 0xd800 && (c <= 0xdfff || c >= 0xfffe)) return false;
  }
  return true;
}
