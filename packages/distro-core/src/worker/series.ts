import { type DeliveryRecord, isCatalogStoreError } from '@ddex/catalog-store';
import type { ServiceContext } from '../services/context';
import {
  cancelIfQueued,
  DELIVER_JOB,
  type DeliverJobPayload,
  loadGroup,
  nextDue,
  runId,
} from '../services/delivery-groups';

type Log = (level: 'info' | 'warn', message: string, data?: Record<string, unknown>) => Promise<unknown>;

/**
 * Records and queues the next run of a recurring delivery (all of its batch) once a run has ended. Idempotent: the
 * next run's ids follow from the series, so a worker that repeats this after a crash finds them and queues nothing
 * new. A series ends at its `until`, when it was cancelled, or when its release or target is gone or inactive.
 * @internal
 */
export async function scheduleNextRun(ctx: ServiceContext, tenantId: string, leadId: string, log: Log) {
  const { store } = ctx;
  const group = await loadGroup(store, tenantId, leadId);
  const lead = group[0]!;
  const rec = lead.recurrence;
  if (!rec) return;
  const due = nextDue(rec, Date.parse(lead.scheduled ?? lead.createdAt), ctx.now());
  if (due === null) {
    await log('info', `series ${rec.seriesId} ended: no run is due before ${rec.until}`);
    return;
  }
  const target = await store.targets.get(tenantId, lead.targetId).catch(() => null);
  if (!target?.target.active) {
    await log('warn', `series ${rec.seriesId} ended: target ${lead.targetId} is gone or inactive`);
    return;
  }
  const run = rec.run + 1;
  const ids = group.map((d) => runId(d.recurrence?.seriesId ?? d.id, run));
  const scheduled = new Date(due).toISOString();
  const next: DeliveryRecord[] = [];
  try {
    for (const [i, d] of group.entries()) {
      next.push(
        await store.deliveries
          .create(tenantId, {
            id: ids[i],
            releaseId: d.releaseId,
            targetId: d.targetId,
            // a re-send of what the DSP already has is an update (DeliveryType ReDelivery)
            kind: d.kind === 'NewRelease' ? 'Update' : d.kind,
            scheduled,
            recurrence: { ...(d.recurrence ?? rec), run },
            batch: group.length > 1 ? { deliveryIds: ids } : null,
            priority: d.priority,
          })
          .catch(async (error) => {
            if (!isCatalogStoreError(error, 'ALREADY_EXISTS')) throw error;
            return store.deliveries.get(tenantId, ids[i]!);
          }),
      );
    }
  } catch (error) {
    if (!isCatalogStoreError(error, 'NOT_FOUND')) throw error;
    await log('warn', `series ${rec.seriesId} ended: ${(error as Error).message}`);
    return;
  }
  await store.queue.enqueue(tenantId, {
    kind: DELIVER_JOB,
    payload: { deliveryId: ids[0]! } satisfies DeliverJobPayload,
    runAt: scheduled,
    dedupeKey: ids[0]!,
    maxAttempts: ctx.options.deliveryAttempts,
    priority: lead.priority,
  });
  // a cancel that read the series before the next run existed: end it here
  if (!(await store.deliveries.get(tenantId, lead.id)).recurrence) {
    for (const d of next) await cancelIfQueued(store, tenantId, d);
    return;
  }
  await log('info', `run ${run} of series ${rec.seriesId} queued for ${scheduled}`, { deliveryId: ids[0] });
}
