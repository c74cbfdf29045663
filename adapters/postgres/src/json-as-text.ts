import pg from 'pg';
import type { PgTypeParsers } from './pg-types';

/** OIDs of json and jsonb. */
const JSON_TYPES = new Set([114, 3802]);

const asText = (value: string): string => value;

/**
 * node-postgres' type parsers, except that json and jsonb values stay text, for the caller to parse when it needs
 * them (and all at once, after the last row). @internal
 */
export const JSON_AS_TEXT: PgTypeParsers = {
  getTypeParser: (oid, format) =>
    JSON_TYPES.has(oid)
      ? asText
      : (pg.types.getTypeParser(oid, (format ?? 'text') as 'text') as (v: string) => unknown),
};
