import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './common';
import { invalidArgument } from './errors';

/** Encodes a keyset position (a monotonically increasing sequence number) as an opaque cursor. */
export function encodeCursor(seq: number): string {
  return Buffer.from(`c1:${seq}`, 'utf8').toString('base64url');
}

/** Decodes a cursor made by {@link encodeCursor}; null/undefined means "from the start". Throws INVALID_ARGUMENT on garbage. */
export function decodeCursor(cursor: string | null | undefined): number | null {
  if (cursor === null || cursor === undefined || cursor === '') return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const m = /^c1:(\d{1,15})$/.exec(text);
  if (!m) throw invalidArgument(`invalid cursor ${JSON.stringify(cursor)}`);
  return Number(m[1]);
}

/** Clamps a requested page size to 1..MAX_PAGE_SIZE. */
export function pageSize(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1) throw invalidArgument(`limit must be a positive integer, got ${limit}`);
  return Math.min(limit, MAX_PAGE_SIZE);
}

/** Keyset-paginates rows by a sequence number (the in-memory reference; SQL adapters do the same in SQL). */
export function pageBySeq<T>(
  rows: Iterable<T>,
  seqOf: (row: T) => number,
  options: { cursor?: string | null; limit?: number; order?: 'asc' | 'desc' },
): { items: T[]; nextCursor: string | null } {
  const limit = pageSize(options.limit);
  const after = decodeCursor(options.cursor);
  const desc = (options.order ?? 'desc') === 'desc';
  const sorted = [...rows]
    .filter((r) => after === null || (desc ? seqOf(r) < after : seqOf(r) > after))
    .sort((a, b) => (desc ? seqOf(b) - seqOf(a) : seqOf(a) - seqOf(b)));
  const items = sorted.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: sorted.length > limit && last !== undefined ? encodeCursor(seqOf(last)) : null };
}

/** Encodes a string position (e.g. the last asset key of a page) as an opaque cursor. */
export function encodeKeyCursor(key: string): string {
  return Buffer.from(`k1:${key}`, 'utf8').toString('base64url');
}

/** Decodes a cursor made by {@link encodeKeyCursor}; throws INVALID_ARGUMENT on garbage. */
export function decodeKeyCursor(cursor: string | null | undefined): string | null {
  if (cursor === null || cursor === undefined || cursor === '') return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith('k1:')) throw invalidArgument(`invalid cursor ${JSON.stringify(cursor)}`);
  return text.slice(3);
}
