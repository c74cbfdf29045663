/** A position in the source: 1-based line and column; column 0 when it cannot be told. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** How many lines above libxml2's line the start tag of the element is looked for. */
const LOOK_BACK = 64;

/**
 * Turns the line libxml2 gives for a schema error into the position of the start tag's `<` (or of the attribute, for
 * an attribute error). libxml2 reports the line where the start tag ends, and for line numbers past 65535 the line
 * of a neighbouring node; the element named in the message (`Element '{ns}Name'` / `Element 'Name', attribute 'a'`)
 * is therefore looked for on that line and the lines above it. When the name is not found, or appears more than
 * once on the line found, libxml2's line is kept (column 0), or the line found with column 0.
 */
export function locateSchemaError(lines: readonly string[], line: number, message: string): SourcePosition {
  const named = /^Element '(?:\{[^}]*\})?([^']+)'(?:, attribute '(?:\{[^}]*\})?([^']+)')?/.exec(message);
  if (line < 1 || named === null) return { line: Math.max(line, 0), column: 0 };
  const tag = new RegExp(`<(?:[^\\s<>/:=]+:)?${_escape(named[1] as string)}(?=[\\s/>]|$)`, 'g');
  for (let at = Math.min(line, lines.length); at >= 1 && at > line - LOOK_BACK; at--) {
    const text = lines[at - 1] as string;
    const found = [...text.matchAll(tag)];
    if (found.length === 0) continue;
    if (found.length > 1) return { line: at, column: 0 };
    const column = (found[0]?.index ?? 0) + 1;
    const attribute = named[2] === undefined ? undefined : _findAttribute(lines, at, column, named[2]);
    return attribute ?? { line: at, column };
  }
  return { line, column: 0 };
}

/** Splits text into lines the way libxml2 counts them (on `\n`). */
export function splitLines(text: string): string[] {
  return text.split('\n');
}

// --- Internal helpers ---

function _escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// looks for `name=` inside the start tag that begins at (line, column)
function _findAttribute(
  lines: readonly string[],
  line: number,
  column: number,
  name: string,
): SourcePosition | undefined {
  const attribute = new RegExp(`(^|\\s)((?:[^\\s<>/:=]+:)?${_escape(name)})\\s*=`, 'g');
  for (let at = line; at <= lines.length && at < line + LOOK_BACK; at++) {
    const full = lines[at - 1] as string;
    const from = at === line ? column : 0;
    const end = _tagEnd(full, from);
    const text = full.slice(from, end < 0 ? undefined : end);
    attribute.lastIndex = 0;
    const match = attribute.exec(text);
    if (match) return { line: at, column: from + match.index + (match[1] as string).length + 1 };
    if (end >= 0) return undefined;
  }
  return undefined;
}

// index of the `>` that closes a start tag, skipping quoted attribute values; -1 if not on this line
function _tagEnd(text: string, from: number): number {
  let quote: string | undefined;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === '>') {
      return i;
    }
  }
  return -1;
}
