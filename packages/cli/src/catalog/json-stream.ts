import { CliError } from '../io';

/** One element of a streamed JSON array: its position (1-based) and value, or why it is not JSON. */
export type JsonElement =
  | { index: number; value: unknown; error?: undefined }
  | { index: number; value?: undefined; error: string };

const WS = new Set([' ', '\t', '\n', '\r']);

/**
 * The elements of a JSON array read from text chunks, one at a time, so memory stays at one element whatever the
 * file size. The array is the top-level value, or the `releases` array of a top-level object (the catalog file
 * `import -o` writes). An element that is not valid JSON is yielded with its error; a file that is not an array
 * (or such an object) throws a CliError.
 */
export async function* jsonArrayElements(chunks: AsyncIterable<string>, name: string): AsyncGenerator<JsonElement> {
  const stack: string[] = [];
  let inString = false;
  let escaped = false;
  let target = 0; // stack depth whose array holds the elements; 0 until found
  let key = '';
  let lastString = '';
  let parts: string[] | null = null; // the element being captured
  let index = 0;
  let started = false;
  let finished = false;
  const done = (text: string): JsonElement => {
    index++;
    try {
      return { index, value: JSON.parse(text) };
    } catch (error) {
      return { index, error: (error as Error).message };
    }
  };
  for await (const chunk of chunks) {
    let from = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === '\\') escaped = true;
        else if (c === '"') {
          inString = false;
          if (stack.length === 1 && parts === null) lastString = key;
        } else if (stack.length === 1 && parts === null && key.length < 64) key += c;
        continue;
      }
      if (!started) {
        if (WS.has(c) || c === '\uFEFF') continue;
        if (c !== '[' && c !== '{') throw new CliError(`${name}: not a JSON array of releases`, 2);
        started = true;
        if (c === '[') target = 1;
      }
      const atTarget = target > 0 && stack.length === target;
      if (atTarget && parts === null && !WS.has(c) && c !== ',' && c !== ']') {
        parts = [];
        from = i;
      }
      if (atTarget && parts !== null && (c === ',' || c === ']')) {
        parts.push(chunk.slice(from, i));
        yield done(parts.join(''));
        parts = null;
      }
      if (c === '"') {
        inString = true;
        key = '';
      } else if (c === '[' || c === '{') {
        if (target === 0 && c === '[' && stack.length === 1 && lastString === 'releases') target = 2;
        stack.push(c);
      } else if (c === ']' || c === '}') {
        stack.pop();
        if (parts !== null && stack.length === target) {
          parts.push(chunk.slice(from, i + 1));
          yield done(parts.join(''));
          parts = null;
        }
        // the array of releases is closed: the rest of the file (other keys of a catalog object) is not read
        if (target > 0 && stack.length < target) {
          finished = true;
          break;
        }
      }
    }
    if (finished) break;
    if (parts !== null) {
      parts.push(chunk.slice(from));
      from = 0;
    }
  }
  if (finished) return;
  if (!started || stack.length > 0 || parts !== null) throw new CliError(`${name}: the JSON ends early`, 2);
  if (target === 0) throw new CliError(`${name}: no array of releases (expected [ … ] or { "releases": [ … ] })`, 2);
}

/** The lines of a text stream, each with its 1-based number (a final line without newline included). */
export async function* textLines(chunks: AsyncIterable<string>): AsyncGenerator<{ line: number; text: string }> {
  let rest = '';
  let line = 0;
  for await (const chunk of chunks) {
    rest += chunk;
    let nl = rest.indexOf('\n');
    while (nl >= 0) {
      yield { line: ++line, text: rest.slice(0, nl).replace(/\r$/, '') };
      rest = rest.slice(nl + 1);
      nl = rest.indexOf('\n');
    }
  }
  if (rest !== '') yield { line: ++line, text: rest.replace(/\r$/, '') };
}
