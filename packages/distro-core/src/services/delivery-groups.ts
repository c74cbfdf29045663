import {
  type CatalogStore,
  type DeliveryRecord,
  type DeliveryRecurrence,
  isCatalogStoreError,
} from '@ddex/catalog-store';

/** Kind of the queue jobs that deliver. */
export const DELIVER_JOB = 'deliver';

/** Payload of a {@link DELIVER_JOB} job. */
export interface DeliverJobPayload {
  /** the delivery to carry out (the first of its batch) */
  deliveryId: string;
  /** when only some deliveries of a batch are sent again (a retry): those, in order */
  deliveryIds?: string[];
}

/** Statuses a delivery is finished in: its job has nothing left to send. */
export const SENT_STATUSES: readonly DeliveryRecord['status'][] = ['completed', 'acknowledged', 'rejected'];

/** Id of run `run` of a series (the first run is the series itself). @internal */
export function runId(seriesId: string, run: number): string {
  return run === 1 ? seriesId : `${seriesId}.r${run}`;
}

/** A delivery and the others of its batch, the first of the batch first. @internal */
export async function loadGroup(store: CatalogStore, tenantId: string, id: string): Promise<DeliveryRecord[]> {
  const d = await store.deliveries.get(tenantId, id);
  if (!d.batch || d.batch.deliveryIds.length < 2) return [d];
  return Promise.all(d.batch.deliveryIds.map((m) => (m === d.id ? d : store.deliveries.get(tenantId, m))));
}

/** The deliveries a job sends: the ids it names, or the whole batch of its delivery. @internal */
export async function jobGroup(
  store: CatalogStore,
  tenantId: string,
  payload: DeliverJobPayload,
): Promise<DeliveryRecord[]> {
  if (payload.deliveryIds?.length) {
    return Promise.all(payload.deliveryIds.map((id) => store.deliveries.get(tenantId, id)));
  }
  return loadGroup(store, tenantId, payload.deliveryId);
}

/**
 * When the run after one due `from` (ms) is due: `interval` × `frequency` later, skipping runs already past `now`
 * (a worker that was down does not replay them); null after `until`.
 * @internal
 */
export function nextDue(rec: Pick<DeliveryRecurrence, 'frequency' | 'interval' | 'until'>, from: number, now: number) {
  const step = (t: number) => {
    const d = new Date(t);
    switch (rec.frequency) {
      case 'hourly':
        return t + rec.interval * 3_600_000;
      case 'daily':
        return t + rec.interval * 86_400_000;
      case 'weekly':
        return t + rec.interval * 7 * 86_400_000;
      case 'monthly': {
        // the same day of the month, or the month's last day when it is shorter
        const day = d.getUTCDate();
        const m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + rec.interval, 1, d.getUTCHours()));
        const last = new Date(Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + 1, 0)).getUTCDate();
        m.setUTCDate(Math.min(day, last));
        m.setUTCMinutes(d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
        return m.getTime();
      }
    }
  };
  let next = step(from);
  while (next <= now) next = step(next);
  if (rec.until && next > Date.parse(rec.until)) return null;
  return next;
}

/**
 * Cancels a delivery that has not started (its worker re-reads the version and skips it) and ends its series; one
 * that started meanwhile only has its series ended. Returns whether it was cancelled.
 * @internal
 */
export async function cancelIfQueued(store: CatalogStore, tenantId: string, d: DeliveryRecord): Promise<boolean> {
  if (d.status === 'queued') {
    try {
      await store.deliveries.update(
        tenantId,
        d.id,
        { status: 'cancelled', recurrence: null },
        { expectedVersion: d.version },
      );
      return true;
    } catch (error) {
      if (!isCatalogStoreError(error, 'CONFLICT')) throw error;
    }
  }
  if (d.recurrence) await store.deliveries.update(tenantId, d.id, { recurrence: null });
  return false;
}
