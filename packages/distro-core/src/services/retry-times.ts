import type { CatalogStore, DeliveryRecord } from '@ddex/catalog-store';
import { DELIVER_JOB, type DeliverJobPayload } from './delivery-groups';

/** Most queued jobs read to find retry times (pages of 500). */
const MAX_JOBS = 2000;

/** A delivery waiting to retry: queued again after a failed attempt. */
export const waitsToRetry = (d: Pick<DeliveryRecord, 'status' | 'attemptCount'>): boolean =>
  d.status === 'queued' && d.attemptCount > 0;

/**
 * When each delivery of `records` that waits to retry is tried next: the `runAt` of the queued job that sends it
 * (the queue's backoff). Only read when one of them waits, so a list of finished deliveries costs nothing.
 * @internal
 */
export async function retryTimes(
  store: CatalogStore,
  tenantId: string,
  records: readonly DeliveryRecord[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const waiting = records.filter(waitsToRetry);
  if (waiting.length === 0) return out;
  const due = new Map<string, string>();
  let cursor: string | undefined;
  for (let read = 0; read < MAX_JOBS; ) {
    const page = await store.queue.list(tenantId, { status: 'queued', kind: DELIVER_JOB, limit: 500, cursor });
    for (const job of page.items) {
      const payload = (job.payload ?? {}) as Partial<DeliverJobPayload>;
      for (const id of [payload.deliveryId, ...(payload.deliveryIds ?? [])]) {
        if (id !== undefined && job.attempts > 0) due.set(id, job.runAt);
      }
    }
    read += page.items.length;
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  for (const d of waiting) {
    // a batch's job names its first delivery
    const at = due.get(d.id) ?? (d.batch ? due.get(d.batch.deliveryIds[0]!) : undefined);
    if (at !== undefined) out.set(d.id, at);
  }
  return out;
}
