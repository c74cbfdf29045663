import { CatalogStoreError, type Clock } from '@ddex/catalog-store';
import { isPgError, type PgPoolLike, type PgQueryable, type PgResult, type PgTypeParsers } from './pg-types';
import { scopedQuery, sendsProtocolMessages } from './scoped-query';

/** Name every error of this store carries. @internal */
export const STORE_NAME = 'postgres';
/** Options every error of this store carries. @internal */
export const ERR = { store: STORE_NAME };

/** GUC holding the tenant of the current transaction; the row-level security policies read it. */
export const TENANT_SETTING = 'ddex.tenant_id';
/** GUC holding the API key id being authenticated (lets exactly that key's row through RLS). */
export const API_KEY_SETTING = 'ddex.api_key_id';
/** GUC holding the e-mail a sign-in looks up (lets exactly the users with that e-mail through RLS, read-only). */
export const LOGIN_EMAIL_SETTING = 'ddex.login_email';
/** Value of {@link TENANT_SETTING} for the few operator calls that span tenants (tenant list, ALL_TENANTS claim). */
export const ALL_TENANTS_SCOPE = '*';

/** What a transaction may see. @internal */
export interface TxScope {
  /** a tenant id, or {@link ALL_TENANTS_SCOPE} */
  tenant?: string;
  /** an API key id being authenticated */
  apiKey?: string;
  /** the e-mail a sign-in looks up */
  loginEmail?: string;
}

const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/** The settings of a scope, search_path first: [name, value] pairs. */
function scopeSettings(schema: string, scope: TxScope): [string, string][] {
  const settings: [string, string][] = [['search_path', schema]];
  if (scope.tenant !== undefined) settings.push([TENANT_SETTING, scope.tenant]);
  if (scope.apiKey !== undefined) settings.push([API_KEY_SETTING, scope.apiKey]);
  if (scope.loginEmail !== undefined) settings.push([LOGIN_EMAIL_SETTING, scope.loginEmail]);
  return settings;
}

/**
 * The store's runtime around a pool: lazy one-time initialisation (migrations), the closed flag, and tenant-scoped
 * transactions. Every call runs in transactions with transaction-local settings (`set_config(..., true)`), so
 * row-level security sees the caller's tenant and a pooled connection never carries it into the next call: opened
 * with `BEGIN` by {@link PgDb.tx}, or implicit around a single statement by {@link PgDb.one}. @internal
 */
export class PgDb {
  closed = false;
  private ready: Promise<void> | null = null;

  constructor(
    readonly pool: PgPoolLike,
    readonly schema: string,
    readonly clock: Clock,
    private readonly init: (db: PgDb) => Promise<void>,
  ) {}

  /** now as an ISO instant */
  now(): string {
    return new Date(this.clock()).toISOString();
  }

  /** Runs the initialisation once; a failed one is retried by the next call. */
  async open(): Promise<void> {
    this.ready ??= this.init(this).catch((error: unknown) => {
      this.ready = null;
      throw error;
    });
    return this.ready;
  }

  /** Throws CLOSED after `close()`. */
  checkOpen(): void {
    if (this.closed) throw new CatalogStoreError('CLOSED', 'store is closed', ERR);
  }

  /** Runs `fn` in one transaction whose RLS scope is `scope`; commits on success, rolls back on any error. */
  async tx<T>(scope: TxScope, fn: (q: PgQueryable) => Promise<T>): Promise<T> {
    this.checkOpen();
    await this.open();
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      // one round trip: ids are validated before they get here, and quoted anyway
      const settings = scopeSettings(this.schema, scope).map(
        ([name, value]) => `SELECT set_config('${name}', ${literal(value)}, true)`,
      );
      await client.query(`BEGIN; ${settings.join('; ')}`);
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        broken = rollbackError as Error;
      }
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /**
   * Runs one statement in the RLS scope `scope`, in a transaction of its own, in one round trip instead of the
   * three of {@link tx} (see `scoped-query.ts`). For a read, or a write that is one statement: it commits when the
   * statement succeeds. Values are parsed by `types` (node-postgres' parsers when undefined). A pool of another
   * client than node-postgres' JavaScript one gets {@link tx}, and its own parsers.
   */
  async one<R>(scope: TxScope, text: string, values: unknown[] = [], types?: PgTypeParsers): Promise<PgResult<R>> {
    this.checkOpen();
    await this.open();
    const client = await this.pool.connect();
    if (!sendsProtocolMessages(client)) {
      client.release();
      return this.tx(scope, (q) => q.query<R>(text, values));
    }
    let broken: Error | undefined;
    try {
      const settings = scopeSettings(this.schema, scope);
      const set = settings.map(([name], i) => `set_config('${name}', $${i + 1}, true)`);
      return await scopedQuery<R>(
        client,
        { text: `SELECT ${set.join(', ')}`, values: settings.map(([, v]) => v) },
        text,
        values,
        types,
      );
    } catch (error) {
      // an error of the server leaves the connection idle (the Sync ended the implicit transaction); any other
      // (a lost connection) may not, so the connection is discarded
      if (!isPgError(error)) broken = error as Error;
      throw error;
    } finally {
      client.release(broken);
    }
  }
}
