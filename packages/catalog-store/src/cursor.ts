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
