import { RELEASE_STATUSES } from '@ddex/ern-model';
import type { Context } from 'hono';
import { z } from 'zod';
import type { ReleaseListInput } from '../services/releases';
import { csvQuery, PageQuery, query } from './support';

/** Query of `GET /api/releases`. */
export const ReleaseListQuerySchema = z
  .object({
    ...PageQuery,
    status: csvQuery.pipe(z.array(z.enum(RELEASE_STATUSES)).optional()),
    type: csvQuery,
    label: z.string().min(1).max(200).optional(),
    q: z.string().min(1).max(200).optional(),
    releaseDateFrom: z.iso.date().optional(),
    releaseDateTo: z.iso.date().optional(),
    order: z.enum(['asc', 'desc']).optional(),
  })
  .strict();

const STATUSES: ReadonlySet<string> = new Set(RELEASE_STATUSES);

/** A comma-separated value as `csvQuery` splits it. */
const csv = (value: string) => value.split(',').filter((s) => s !== '');

/** 1 to 200 characters, as the schema's strings. */
const text = (value: string) => value.length >= 1 && value.length <= 200;

/** What a reader returns for a value it does not take. */
const NOT_TAKEN = Symbol('not taken');

/**
 * Readers of the values the catalog view sends: each returns what the schema gives for a value it takes, and
 * {@link NOT_TAKEN} for anything else (left to the schema). Limits are taken in plain decimal only (`050`, ` 50` or
 * `5e1` go to the schema, which reads them as numbers too).
 */
const READERS = new Map<string, (value: string) => unknown>([
  ['limit', (v) => (/^[1-9][0-9]{0,2}$/.test(v) && Number(v) <= 500 ? Number(v) : NOT_TAKEN)],
  ['cursor', (v) => (text(v) ? v : NOT_TAKEN)],
  ['label', (v) => (text(v) ? v : NOT_TAKEN)],
  ['q', (v) => (text(v) ? v : NOT_TAKEN)],
  ['order', (v) => (v === 'asc' || v === 'desc' ? v : NOT_TAKEN)],
  ['type', csv],
  [
    'status',
    (v) => {
      const statuses = csv(v);
      return statuses.every((s) => STATUSES.has(s)) ? statuses : NOT_TAKEN;
    },
  ],
]);

/**
 * The query of `GET /api/releases` as {@link ReleaseListQuerySchema} parses it. The catalog view's queries (limit,
 * cursor, status, type, label, q and order, each given once) are read without zod, a twentieth of a list request;
 * any other key, a repeated key or a value the readers do not take goes through the schema, so what is accepted and
 * every validation error stay the schema's.
 */
export function releaseListQuery(c: Context): ReleaseListInput {
  const input: Record<string, unknown> = {};
  for (const [key, values] of Object.entries(c.req.queries())) {
    const value = values.length === 1 ? (READERS.get(key)?.(values[0]!) ?? NOT_TAKEN) : NOT_TAKEN;
    if (value === NOT_TAKEN) return query(c, ReleaseListQuerySchema);
    input[key] = value;
  }
  return input as ReleaseListInput;
}
