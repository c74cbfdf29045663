// Fix suggestions the server can give because it sees the whole message: libxml2's schema messages name the element
// expected, the allowed values or the attribute missing. Per-code advice that needs no message (writer codes) is
// left to the client, in the user's language.

/** One libxml2 message shape and the advice it allows. */
interface SuggestionRule {
  readonly pattern: RegExp;
  readonly advise: (match: RegExpExecArray) => string;
}

const RULES: readonly SuggestionRule[] = [
  {
    pattern: /Missing child element\(s\)\. Expected is (?:one of )?\( ?([^)]+?) ?\)/,
    advise: (m) => `Add the missing element ${names(m[1]!)} here.`,
  },
  {
    pattern: /This element is not expected\. Expected is (?:one of )?\( ?([^)]+?) ?\)/,
    advise: (m) => `Expected ${names(m[1]!)} at this point: add it, or move this element after it.`,
  },
  {
    pattern: /This element is not expected\./,
    advise: () => 'Remove this element or move it to where the XSD allows it.',
  },
  {
    pattern: /\[facet 'enumeration'\] The value '([^']*)' is not an element of the set \{([^}]*)\}/,
    advise: (m) => `Replace '${m[1]}' with one of: ${m[2]!.replace(/'/g, '').split(', ').slice(0, 12).join(', ')}.`,
  },
  {
    pattern: /\[facet 'pattern'\] The value '([^']*)' is not accepted by the pattern '([^']*)'/,
    advise: (m) => `Write '${m[1]}' in the form the pattern ${m[2]} asks for.`,
  },
  {
    pattern: /\[facet '(?:minLength|length)'\] The value has a length of '0'/,
    advise: () => 'Give this element a value: it may not be empty.',
  },
  {
    pattern: /The attribute '([^']+)' is required but missing/,
    advise: (m) => `Add the attribute ${m[1]}.`,
  },
  {
    pattern: /The attribute '([^']+)' is not allowed/,
    advise: (m) => `Remove the attribute ${m[1]}.`,
  },
  {
    pattern: /'([^']*)' is not a valid value of the (?:atomic|local atomic) type '?(?:xs:)?([\w.{}:/-]+?)'?\./,
    advise: (m) => `'${m[1]}' is not a valid ${names(m[2]!)}: correct the value.`,
  },
];

/**
 * A fix suggestion for one validation problem, from libxml2's message where it names what the XSD expects;
 * undefined when the message allows no specific advice (the client then shows its per-code advice).
 */
export function suggestFix(code: string, message: string): string | undefined {
  if (code !== 'schema') return undefined;
  for (const rule of RULES) {
    const match = rule.pattern.exec(message);
    if (match) return rule.advise(match);
  }
  return undefined;
}

// --- Internal helpers ---

/** `{http://ddex.net/xml/ern/43}Title, {…}TitleText` → `Title, TitleText`. */
function names(list: string): string {
  return list.replace(/\{[^}]*\}/g, '').trim();
}
