// Characters XML 1.0 forbids (C0 controls other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF).
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters we strip.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const NEEDS_ESCAPE = /[&<>"\r]/;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;' };

/** True when the text holds a character that XML 1.0 cannot carry at all. */
export function hasForbiddenXmlChars(text: string): boolean {
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
  return text.replace(/[&<>"\r]/g, (ch) => ESCAPES[ch] as string);
}
