import { invalidArgument } from '@ddex/catalog-store';
import { ERR } from './db';

/** A `\u0000` escape: after an even number of backslashes (after an odd number, `\\u0000` is text). */
const NUL_ESCAPE = /(?<!\\)(?:\\\\)*\\u0000/;

/** The path (`tracks[2].title`) of the first key or string value under `value` that holds a NUL, or undefined. */
function nulPath(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\0') ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPath(value[i], `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, child] of Object.entries(value)) {
    const at = path === '' ? key : `${path}.${key}`;
    if (key.includes('\0')) return at;
    const found = nulPath(child, at);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Refuses (INVALID_ARGUMENT) a release whose JSON text holds a NUL character, as PostgreSQL did while documents were
 * jsonb: text values cannot hold one, so the json functions the store runs on documents (the ISRC lookup, the
 * archive) would fail on it, although the json column itself would take it. The error names the field; the
 * document is walked only when the text holds a NUL escape. @internal
 */
export function assertNoNul(id: string, json: string): void {
  if (json.includes('\\u0000') && NUL_ESCAPE.test(json)) {
    const field = nulPath(JSON.parse(json), '') ?? '(document)';
    throw invalidArgument(
      `release "${id}": ${field} holds a NUL character (\\u0000), which PostgreSQL text cannot hold`,
      ERR,
    );
  }
}
