import {
  assertTenantId,
  type BackoffOptions,
  CatalogStoreError,
  type Clock,
  ConflictError,
  encodeCursor,
  NotFoundError,
} from '@ddex/catalog-store';
import type { Database, Statement } from 'better-sqlite3';

/** Shared state of one SQLite store: the connection, the clock and a statement cache. @internal */
export class SqliteContext {
  closed = false;
  private readonly statements = new Map<string, Statement>();
  private readonly rawStatements = new Map<string, Statement>();
  /** error options naming this store */
  readonly opts = { store: 'sqlite' };

  constructor(
    readonly db: Database,
    readonly clock: Clock,
    readonly backoff: BackoffOptions,
  ) {}

  /** a cached prepared statement */
  stmt(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  /**
   * A cached prepared statement returning rows as arrays: half the cost of objects for wide rows, for the hot reads
   * that map rows themselves.
   */
  rawStmt(sql: string): Statement {
    let s = this.rawStatements.get(sql);
    if (!s) {
      s = this.db.prepare(sql).raw(true);
      this.rawStatements.set(sql, s);
    }
    return s;
  }

  /** now as ISO */
  now(): string {
    return new Date(this.clock()).toISOString();
  }

  /** throws CLOSED after close; validates the tenant id */
  check(tenantId?: string): void {
    if (this.closed) throw new CatalogStoreError('CLOSED', 'store is closed', this.opts);
    if (tenantId !== undefined) assertTenantId(tenantId);
  }

  /** runs `fn` in an IMMEDIATE transaction (the write lock is taken up front, so no upgrade deadlocks) */
  write<T>(fn: () => T): T {
    this.check();
    return this.db.transaction(fn).immediate();
  }

  /** throws NOT_FOUND unless the tenant exists */
  requireTenant(tenantId: string): void {
    this.check(tenantId);
    if (!this.stmt('SELECT 1 FROM tenants WHERE id = ?').get(tenantId)) {
      throw new NotFoundError('tenant', tenantId, this.opts);
    }
  }

  /** throws CONFLICT when `expected` is given and differs from `actual` */
  checkVersion(entity: string, id: string, expected: number | undefined, actual: number): void {
    if (expected !== undefined && expected !== actual) throw new ConflictError(entity, id, expected, actual, this.opts);
  }
}

/** JSON text or null. @internal */
export const json = (value: unknown): string | null =>
  value === null || value === undefined ? null : JSON.stringify(value);

/** Parsed JSON or null. @internal */
export const parse = <T>(text: string | null | undefined): T | null =>
  text === null || text === undefined ? null : (JSON.parse(text) as T);

/**
 * `LIMIT` with a bound row count, for statements run many times. A bare `LIMIT ?` lets SQLite's planner read the bound
 * value, which marks the statement to be re-prepared whenever that parameter is bound again, i.e. on every run of a
 * cached statement: a catalog page was parsed and planned afresh per request (a quarter of its CPU). `+?` is the same
 * count, hidden from the planner; the plans of the release pages are the same either way. @internal
 */
export const LIMIT = 'LIMIT +?';

/** SQL `IN (?, ?, …)` placeholder list. @internal */
export const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

/** Keyset page over rows with a `seq` column. @internal */
export function page<R extends { seq: number }, T>(rows: R[], limit: number, map: (r: R) => T) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(map), nextCursor: rows.length > limit && last ? encodeCursor(last.seq) : null };
}
