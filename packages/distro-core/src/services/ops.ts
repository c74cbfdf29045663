import type { AuditEntry, DeliveryStatus } from '@ddex/catalog-store';
import { DELIVERY_STATUSES } from '@ddex/ern-model';
import { authorize, type Principal } from '../principal';
import type { PageView, ServiceContext } from './context';
import { type OnboardingReport, onboardingReport } from './onboarding';

/** What `/api/health` reports. */
export interface HealthReport {
  /** `ok` when the store answers */
  status: 'ok' | 'degraded';
  /** store implementation */
  store: string;
  /** ISO instant */
  time: string;
}

/** Finished deliveries of one UTC day. */
export interface DeliveryDay {
  /** YYYY-MM-DD (UTC) */
  day: string;
  /** deliveries that succeeded that day (completed or acknowledged) */
  completed: number;
  /** deliveries that failed that day (failed or rejected) */
  failed: number;
}

/** Finished deliveries of one target. */
export interface TargetMetrics {
  /** target id */
  targetId: string;
  /** the target's name (its id when the target is gone) */
  name: string;
  /** deliveries that succeeded (completed or acknowledged) */
  completed: number;
  /** deliveries that failed (failed or rejected) */
  failed: number;
  /** completed / (completed + failed), or null before the first finished delivery */
  successRate: number | null;
}

/** Dashboard figures of a tenant. */
export interface MetricsReport {
  /** releases by status */
  releases: { total: number; byStatus: Record<string, number> };
  /** deliveries by status */
  deliveries: { total: number; byStatus: Record<DeliveryStatus, number>; successRate: number | null };
  /** finished deliveries per UTC day, oldest first, over the last {@link METRICS_DAYS} days (today included) */
  perDay: DeliveryDay[];
  /** finished deliveries per target, by name */
  perTarget: TargetMetrics[];
  /** time from a delivery's first attempt to its completion, over completed deliveries (null when none) */
  durationMs: { p50: number | null; p95: number | null };
  /** the tenant's jobs waiting or running */
  queue: { depth: number; running: number; dead: number };
  /** ISO instant */
  generatedAt: string;
}

/** Statuses counted as a delivery that succeeded, and as one that failed, in the per-day and per-target figures. */
const SUCCEEDED: ReadonlySet<string> = new Set(['completed', 'acknowledged']);
const FAILED: ReadonlySet<string> = new Set(['failed', 'rejected']);

/** Days covered by {@link MetricsReport.perDay}. */
export const METRICS_DAYS = 14;

/** The q-quantile (0..1) of sorted numbers, nearest-rank; null for none. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Health, metrics and the audit log. */
export interface OpsService {
  /** Liveness and store reachability (no authentication). */
  health(): Promise<HealthReport>;
  /** Release and delivery counts, per-day and per-target figures, durations and queue depth of the caller's tenant. */
  metrics(principal: Principal): Promise<MetricsReport>;
  /** The first-run checklist of the caller's tenant from its stored state (see `onboardingReport`). */
  onboarding(principal: Principal): Promise<OnboardingReport>;
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
      const now = ctx.now();
      const dayOf = (iso: string) => iso.slice(0, 10);
      const days = new Map<string, DeliveryDay>();
      for (let i = METRICS_DAYS - 1; i >= 0; i--) {
        const day = dayOf(new Date(now - i * 86_400_000).toISOString());
        days.set(day, { day, completed: 0, failed: 0 });
      }
      const targets = new Map<string, { completed: number; failed: number }>();
      const durations: number[] = [];
      await countAll(
        (cursor) => store.deliveries.list(p.tenantId, { cursor, limit: 500 }),
        (d) => {
          byStatus[d.status]++;
          total++;
          const outcome = SUCCEEDED.has(d.status) ? 'completed' : FAILED.has(d.status) ? 'failed' : null;
          if (!outcome) return;
          const day = days.get(dayOf(d.completed ?? d.updatedAt));
          if (day) day[outcome]++;
          const target = targets.get(d.targetId) ?? { completed: 0, failed: 0 };
          target[outcome]++;
          targets.set(d.targetId, target);
          if (outcome === 'completed' && d.started && d.completed) {
            const ms = Date.parse(d.completed) - Date.parse(d.started);
            if (ms >= 0) durations.push(ms);
          }
        },
      );
      const releases = { total: 0, byStatus: {} as Record<string, number> };
      await countAll(
        (cursor) => store.releases.list(p.tenantId, { cursor, limit: 500 }),
        (r) => {
          releases.total++;
          releases.byStatus[r.release.status] = (releases.byStatus[r.release.status] ?? 0) + 1;
        },
      );
      const names = new Map<string, string>();
      await countAll(
        (cursor) => store.targets.list(p.tenantId, { cursor, limit: 500 }),
        (t) => names.set(t.id, t.target.name),
      );
      const perTarget = [...targets.entries()]
        .map(([targetId, n]) => ({
          targetId,
          name: names.get(targetId) ?? targetId,
          ...n,
          successRate: n.completed + n.failed === 0 ? null : n.completed / (n.completed + n.failed),
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
      durations.sort((a, b) => a - b);
      const queue = { depth: 0, running: 0, dead: 0 };
      await countAll(
        (cursor) => store.queue.list(p.tenantId, { cursor, limit: 500, status: ['queued', 'running', 'dead'] }),
        (j) => {
          if (j.status === 'queued') queue.depth++;
          else if (j.status === 'running') queue.running++;
          else queue.dead++;
        },
      );
      // a DSP's answer does not change whether the delivery itself succeeded: acknowledged counts as succeeded and
      // rejected as failed, so the rate does not fall as ACKs arrive
      const count = (statuses: ReadonlySet<string>) =>
        [...statuses].reduce((sum, status) => sum + ((byStatus as Record<string, number>)[status] ?? 0), 0);
      const succeeded = count(SUCCEEDED);
      const finished = succeeded + count(FAILED);
      return {
        releases,
        deliveries: { total, byStatus, successRate: finished === 0 ? null : succeeded / finished },
        perDay: [...days.values()],
        perTarget,
        durationMs: { p50: quantile(durations, 0.5), p95: quantile(durations, 0.95) },
        queue,
        generatedAt: new Date(ctx.now()).toISOString(),
      };
    },
    onboarding: (p) => onboardingReport(ctx, p),
    async audit(p, query = {}) {
      authorize(p, 'admin');
      return store.audit.list(p.tenantId, query);
    },
  };
}
