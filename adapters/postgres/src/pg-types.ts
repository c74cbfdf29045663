// The subset of node-postgres the store calls, typed structurally so any `pg.Pool` (or a compatible pool) fits.

/** Result of a query. */
export interface PgResult<R> {
  /** rows returned */
  rows: R[];
  /** rows affected */
  rowCount: number | null;
}

/** Something that runs SQL with positional parameters. */
export interface PgQueryable {
  /** runs one statement (or, without values, a batch of statements) */
  query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<PgResult<R>>;
}

/** A connection checked out of a pool. */
export interface PgClientLike extends PgQueryable {
  /** returns the connection to the pool; pass an error (or true) to discard it */
  release(err?: Error | boolean): void;
}

/** A connection pool (`pg.Pool`). */
export interface PgPoolLike {
  /** checks a connection out */
  connect(): Promise<PgClientLike>;
  /** closes every connection */
  end(): Promise<void>;
}

/** An error raised by PostgreSQL, as node-postgres reports it. */
export interface PgError extends Error {
  /** SQLSTATE, e.g. `23505` */
  code: string;
  /** name of the violated constraint */
  constraint?: string;
}

/** True when `error` is a PostgreSQL error, optionally with the given SQLSTATE. */
export function isPgError(error: unknown, code?: string): error is PgError {
  if (typeof error !== 'object' || error === null) return false;
  const c = (error as { code?: unknown }).code;
  return typeof c === 'string' && /^[0-9A-Z]{5}$/.test(c) && (code === undefined || c === code);
}

/** SQLSTATEs the store reacts to. */
export const PG_CODES = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  undefinedTable: '42P01',
} as const;

/** Type parsers of a query (node-postgres' `types` option): the parser of each column type's text. */
export interface PgTypeParsers {
  /** the parser of values of type `oid` */
  getTypeParser(oid: number, format?: string): (value: string) => unknown;
}
