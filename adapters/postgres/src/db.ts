import { CatalogStoreError, type Clock } from '@ddex/catalog-store';
import type { PgPoolLike, PgQueryable } from './pg-types';

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

/**
 * The store's runtime around a pool: lazy one-time initialisation (migrations), the closed flag, and tenant-scoped
 * transactions. Every call is one transaction opened with `BEGIN` and transaction-local settings (`SET LOCAL`), so
 * row-level security sees the caller's tenant and a pooled connection never carries it into the next call. @internal
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
      const settings = [`SELECT set_config('search_path', ${literal(this.schema)}, true)`];
      if (scope.tenant !== undefined)
        settings.push(`SELECT set_config('${TENANT_SETTING}', ${literal(scope.tenant)}, true)`);
      if (scope.apiKey !== undefined)
        settings.push(`SELECT set_config('${API_KEY_SETTING}', ${literal(scope.apiKey)}, true)`);
      if (scope.loginEmail !== undefined)
        settings.push(`SELECT set_config('${LOGIN_EMAIL_SETTING}', ${literal(scope.loginEmail)}, true)`);
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
}
