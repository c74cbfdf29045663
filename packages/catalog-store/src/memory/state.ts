import type { Clock } from '../common';
import { CatalogStoreError, NotFoundError } from '../errors';
import { assertTenantId } from '../keys';
import type { BackoffOptions } from '../queue';

/** Shared state of one in-memory store. @internal */
export class MemoryState {
  private counter = 0;
  closed = false;
  /** tenant ids that exist */
  readonly tenantIds = new Set<string>();

  constructor(
    readonly clock: Clock,
    readonly backoff: BackoffOptions,
  ) {}

  /** next store-wide sequence number */
  seq(): number {
    this.counter += 1;
    return this.counter;
  }

  /** now as ISO */
  now(): string {
    return new Date(this.clock()).toISOString();
  }

  /** throws when closed; validates the tenant id */
  check(tenantId?: string): void {
    if (this.closed) throw new CatalogStoreError('CLOSED', 'store is closed', { store: 'memory' });
    if (tenantId !== undefined) assertTenantId(tenantId);
  }

  /** throws NOT_FOUND unless the tenant exists (used by writes) */
  requireTenant(tenantId: string): void {
    this.check(tenantId);
    if (!this.tenantIds.has(tenantId)) throw new NotFoundError('tenant', tenantId, { store: 'memory' });
  }
}

/** Composite key of a tenant-owned row. @internal */
export const tk = (tenantId: string, id: string): string => `${tenantId}\u0000${id}`;

/** Deep copy, so callers never share objects with the store. @internal */
export const clone = <T>(value: T): T => structuredClone(value);
