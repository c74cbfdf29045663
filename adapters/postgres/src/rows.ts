import {
  AlreadyExistsError,
  CatalogStoreError,
  ConflictError,
  encodeCursor,
  NotFoundError,
  type Page,
} from '@ddex/catalog-store';
import { ERR } from './db';
import { isPgError, PG_CODES, type PgQueryable } from './pg-types';

/** ISO instant of a timestamptz column (or null). @internal */
export const iso = (value: Date | string | null | undefined): string | null =>
  value === null || value === undefined ? null : new Date(value).toISOString();

/** ISO instant of a NOT NULL timestamptz column. @internal */
export const isoOf = (value: Date | string): string => new Date(value).toISOString();

/** A JSON value as a `$n::jsonb` parameter (node-postgres would turn arrays into PG arrays). @internal */
export const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));

/** A bigint column (node-postgres returns them as strings) as a number. @internal */
export const num = (value: string | number): number => Number(value);

/**
 * After an UPDATE/DELETE guarded by `version = $expected` touched no row: NOT_FOUND when the row is gone,
 * otherwise CONFLICT with the stored version. @internal
 */
export async function notFoundOrConflict(
  q: PgQueryable,
  table: string,
  entity: string,
  where: { tenantId: string; id: string },
  expectedVersion: number | undefined,
): Promise<never> {
  const res = await q.query<{ version: number }>(`SELECT version FROM ${table} WHERE tenant_id = $1 AND id = $2`, [
    where.tenantId,
    where.id,
  ]);
  const row = res.rows[0];
  if (!row) throw new NotFoundError(entity, where.id, ERR);
  if (expectedVersion !== undefined) throw new ConflictError(entity, where.id, expectedVersion, row.version, ERR);
  throw new CatalogStoreError('CONFLICT', `${entity} "${where.id}" changed concurrently`, ERR);
}

/** Builds a WHERE clause with positional parameters. @internal */
export class Where {
  readonly parts: string[] = [];
  readonly params: unknown[] = [];

  /** adds a condition; `$?` in `sql` is replaced by the parameter's position */
  add(sql: string, ...values: unknown[]): this {
    let text = sql;
    for (const v of values) {
      this.params.push(v);
      text = text.replace('$?', `$${this.params.length}`);
    }
    this.parts.push(text);
    return this;
  }

  /**
   * Adds `column` is one of `values`: one value as an equality, so that an index on (..., column, seq) returns the
   * rows in seq order (PostgreSQL 15 sorts the rows an `= ANY` index condition finds), several as `= ANY`.
   */
  oneOf(column: string, values: string[]): this {
    return values.length === 1
      ? this.add(`${column} = $?`, values[0])
      : this.add(`${column} = ANY($?::text[])`, values);
  }

  /** the next parameter's placeholder after pushing `value` */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** `WHERE a AND b` (or '') */
  toString(): string {
    return this.parts.length === 0 ? '' : `WHERE ${this.parts.join(' AND ')}`;
  }
}

/**
 * Maps constraint violations of an INSERT: a duplicate key is ALREADY_EXISTS, a missing tenant (foreign key) is
 * NOT_FOUND; anything else is rethrown as is. @internal
 */
export function insertError(error: unknown, entity: string, id: string, tenantId: string): unknown {
  if (isPgError(error, PG_CODES.uniqueViolation)) return new AlreadyExistsError(entity, id, { ...ERR, cause: error });
  if (isPgError(error, PG_CODES.foreignKeyViolation))
    return new NotFoundError('tenant', tenantId, { ...ERR, cause: error });
  return error;
}

/** One page out of `limit + 1` rows fetched in keyset order. @internal */
export function pageOf<R extends { seq: string | number }, T>(rows: R[], limit: number, map: (row: R) => T): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(map), nextCursor: rows.length > limit && last ? encodeCursor(num(last.seq)) : null };
}
