import type { ServiceContext } from '../services/context';
import { DELIVER_JOB, type DeliverJobPayload, jobGroup } from '../services/delivery-groups';
import { emitEvent } from '../webhooks/service';

/** States a delivery with a live job is in; with a dead job it is stuck. */
const IN_FLIGHT = new Set(['queued', 'processing', 'delivering']);

/**
 * Finds deliveries left in flight by a dead-lettered job (a worker that died between dead-lettering its job and
 * recording the failure) and records them `failed` (error `DEAD_LETTER`, webhook `delivery.failed`). Jobs whose
 * lease expired need nothing here: the queue hands them to the next claimer. A delivery written after its job died
 * (a retry) is left alone. Looks at the 100 newest dead jobs of each tenant; returns how many deliveries it fixed.
 */
export async function sweepDeadLetters(ctx: ServiceContext): Promise<number> {
  const { store } = ctx;
  let fixed = 0;
  let cursor: string | undefined;
  do {
    const tenants = await store.tenants.list({ cursor, limit: 200 });
    for (const tenant of tenants.items) {
      const dead = await store.queue.list(tenant.id, { status: 'dead', kind: DELIVER_JOB, limit: 100 });
      for (const job of dead.items) {
        const group = await jobGroup(store, tenant.id, job.payload as DeliverJobPayload).catch(() => []);
        for (const d of group) {
          if (!IN_FLIGHT.has(d.status) || !job.finishedAt || d.updatedAt > job.finishedAt) continue;
          const error = { code: 'DEAD_LETTER', message: job.lastError ?? 'the delivery job was dead-lettered' };
          await emitEvent(ctx, tenant.id, 'delivery.failed', `${d.id}:${job.id}:swept`, {
            deliveryId: d.id,
            error,
            attempts: job.attempts,
          });
          await store.deliveries.update(tenant.id, d.id, { status: 'failed', error }, { expectedVersion: d.version });
          await store.deliveries.appendLog(tenant.id, d.id, {
            level: 'error',
            message: `found ${d.status} with a dead-lettered job: failed (${error.message})`,
          });
          fixed++;
        }
      }
    }
    cursor = tenants.nextCursor ?? undefined;
  } while (cursor);
  return fixed;
}
