import type { AuditEntry, DeliveryStatus } from '@ddex/catalog-store';
import { DELIVERY_STATUSES } from '@ddex/ern-model';
import { authorize, type Principal } from '../principal';
import type { PageView, ServiceContext } from './context';

/** What `/api/health` reports. */
export interface HealthReport {
  /** `ok` when the store answers */
  status: 'ok' | 'degraded';
  /** store implementation */
  store: string;
  /** ISO instant */
  time: string;
}

/** Dashboard figures of a tenant. */
export interface MetricsReport {
  /** deliveries by status */
  deliveries: { total: number; byStatus: Record<DeliveryStatus, number>; successRate: number | null };
  /** the tenant's jobs waiting or running */
  queue: { depth: number; running: number; dead: number };
  /** ISO instant */
  generatedAt: string;
}

/** Health, metrics and the audit log. */
export interface OpsService {
  /** Liveness and store reachability (no authentication). */
  health(): Promise<HealthReport>;
  /** Delivery counts, success rate and queue depth of the caller's tenant. */
  metrics(principal: Principal): Promise<MetricsReport>;
  /** The tenant's audit log, newest first (admin). */
  audit(
    principal: Principal,
    query?: { action?: string; subjectId?: string; cursor?: string; limit?: number },
  ): Promise<PageView<AuditEntry>>;
}

/** @internal */
export function opsService(ctx: ServiceContext): OpsService {
  const { store } = ctx;

  async function countAll<T>(
    fetch: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>,
    each: (item: T) => void,
  ) {
    let cursor: string | undefined;
    do {
      const page = await fetch(cursor);
      page.items.forEach(each);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  return {
    async health() {
      const time = new Date(ctx.now()).toISOString();
      try {
        await store.tenants.list({ limit: 1 });
        return { status: 'ok', store: store.name, time };
      } catch {
        return { status: 'degraded', store: store.name, time };
      }
    },
    async metrics(p) {
      authorize(p, 'catalog:read');
      const byStatus = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as Record<DeliveryStatus, number>;
      let total = 0;
      await countAll(
        (cursor) => store.deliveries.list(p.tenantId, { cursor, limit: 500 }),
        (d) => {
          byStatus[d.status]++;
          total++;
        },
      );
      const queue = { depth: 0, running: 0, dead: 0 };
      await countAll(
        (cursor) => store.queue.list(p.tenantId, { cursor, limit: 500, status: ['queued', 'running', 'dead'] }),
        (j) => {
          if (j.status === 'queued') queue.depth++;
          else if (j.status === 'running') queue.running++;
          else queue.dead++;
        },
      );
      const finished = byStatus.completed + byStatus.failed;
      return {
        deliveries: { total, byStatus, successRate: finished === 0 ? null : byStatus.completed / finished },
        queue,
        generatedAt: new Date(ctx.now()).toISOString(),
      };
    },
    async audit(p, query = {}) {
      authorize(p, 'admin');
      return store.audit.list(p.tenantId, query);
    },
  };
}
