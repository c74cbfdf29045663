// One statement in a transaction-local scope, in one round trip. A call through `PgDb.tx` costs three (BEGIN and the
// settings, the statement, COMMIT); for a single statement the extended query protocol needs one: Parse/Bind/
// Describe/Execute of `SELECT set_config(..., true), ...`, the same for the statement, then one Sync. Everything
// before a Sync runs in one implicit transaction, so the settings are in force for the statement (its Parse comes
// after them, so even the search_path applies) and end with it at the Sync, which commits (or rolls back on an
// error). The connection is idle afterwards whatever happened, as after `tx`.
import pg from 'pg';
import type { PgClientLike, PgResult, PgTypeParsers } from './pg-types';

/** The protocol messages of a node-postgres connection this query sends itself. */
interface WireConnection {
  parse(msg: { text: string }): void;
  bind(msg: { values: unknown[] }): void;
  describe(msg: { type: 'P' }): void;
  execute(msg: Record<string, never>): void;
}

/** node-postgres' own steps for one statement: Parse, Bind, Describe, Execute and Sync. */
interface QuerySteps {
  prepare(connection: WireConnection): void;
}

/** A `pg.Query` whose Parse/Bind/Describe/Execute/Sync is preceded by those of the scope statement. */
class ScopedQuery extends pg.Query {
  constructor(
    private readonly scope: { text: string; values: string[] },
    text: string,
    values: unknown[],
    types: PgTypeParsers | undefined,
    callback: (error: Error | undefined, results: unknown) => void,
  ) {
    // extended mode: prepared even without values, so `prepare` below always runs
    super({ text, values, types, queryMode: 'extended' } as pg.QueryConfig, callback as never);
  }

  /** Sends the scope statement, then the statement and the Sync as node-postgres does. */
  prepare(connection: WireConnection): void {
    connection.parse({ text: this.scope.text });
    connection.bind({ values: this.scope.values });
    connection.describe({ type: 'P' });
    connection.execute({});
    (pg.Query.prototype as unknown as QuerySteps).prepare.call(this, connection);
  }
}

/** True for a connection of node-postgres' JavaScript client, whose protocol messages a ScopedQuery sends. */
export function sendsProtocolMessages(client: PgClientLike): boolean {
  const connection = (client as { connection?: { parse?: unknown } }).connection;
  return typeof connection?.parse === 'function';
}

/**
 * Runs `text` with `values` on `client` after the scope statement `scope` (which must return one row, e.g.
 * `SELECT set_config(...)`), both in one implicit transaction and one round trip; resolves to the statement's
 * result, its values parsed by `types` (node-postgres' parsers when undefined). Call only when
 * {@link sendsProtocolMessages} holds. @internal
 */
export function scopedQuery<R>(
  client: PgClientLike,
  scope: { text: string; values: string[] },
  text: string,
  values: unknown[],
  types?: PgTypeParsers,
): Promise<PgResult<R>> {
  return new Promise((resolve, reject) => {
    const query = new ScopedQuery(scope, text, values, types, (error, results) => {
      if (error) reject(error);
      // two statements, two results: the scope's, then the statement's
      else resolve((results as PgResult<R>[])[1]!);
    });
    (client as unknown as pg.ClientBase).query(query);
  });
}
