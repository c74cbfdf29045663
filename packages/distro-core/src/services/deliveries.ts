import type {
  DeliveryAttempt,
  DeliveryLogEntry,
  DeliveryReceipt,
  DeliveryRecord,
  DeliveryStatus,
} from '@ddex/catalog-store';
import { DELIVERY_STATUSES } from '@ddex/ern-model';
import { z } from 'zod';
import { DistroError, validationError } from '../errors';
import { parseInput } from '../input';
import { authorize, type Principal } from '../principal';
import { planPackage, profileOf, requirementIssues } from '../worker/build-package';
import type { PageView, ServiceContext } from './context';

/** Kind of the queue jobs that deliver. */
export const DELIVER_JOB = 'deliver';

/** Payload of a {@link DELIVER_JOB} job. */
export interface DeliverJobPayload {
  /** the delivery to carry out */
  deliveryId: string;
}

/** Body of `POST /api/deliveries`. */
export const QueueDeliveryInputSchema = z
  .object({
    releaseId: z.string().min(1).max(256),
    targetId: z.string().min(1).max(256),
    kind: z.enum(['NewRelease', 'Update', 'Takedown']).default('NewRelease'),
    scheduled: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

/** Input of {@link DeliveryService.queue}. */
export type QueueDeliveryInput = z.input<typeof QueueDeliveryInputSchema>;

/** A delivery as the API returns it. */
export type DeliveryView = Omit<DeliveryRecord, 'tenantId'>;

/** A delivery with its attempts and receipts. */
export interface DeliveryDetail extends DeliveryView {
  /** attempts in order */
  attempts: DeliveryAttempt[];
  /** receipts and acknowledgements */
  receipts: DeliveryReceipt[];
}

/** Filters of {@link DeliveryService.list}. */
export interface DeliveryListInput {
  /** only this release */
  releaseId?: string;
  /** only this target */
  targetId?: string;
  /** only these states */
  status?: DeliveryStatus[];
  /** paging cursor */
  cursor?: string;
  /** page size */
  limit?: number;
}

/** Deliveries: queue, list, read, retry, logs. */
export interface DeliveryService {
  /** Records a delivery and queues its job. */
  queue(principal: Principal, input: unknown): Promise<DeliveryView>;
  /** Lists deliveries, newest first. */
  list(principal: Principal, input?: DeliveryListInput): Promise<PageView<DeliveryView>>;
  /** Reads a delivery with attempts and receipts. */
  get(principal: Principal, id: string): Promise<DeliveryDetail>;
  /** Queues a failed or cancelled delivery again. */
  retry(principal: Principal, id: string): Promise<DeliveryView>;
  /** Log lines, oldest first. */
  logs(
    principal: Principal,
    id: string,
    page?: { cursor?: string; limit?: number },
  ): Promise<PageView<DeliveryLogEntry>>;
}

/** The view of a stored delivery. */
export function deliveryView(record: DeliveryRecord): DeliveryView {
  const { tenantId: _tenant, ...view } = record;
  return view;
}

/** Statuses a delivery can be retried from. */
const RETRYABLE: readonly DeliveryStatus[] = ['failed', 'cancelled'];

/** @internal */
export function deliveryService(ctx: ServiceContext): DeliveryService {
  const { store } = ctx;

  const enqueue = async (record: DeliveryRecord, dedupe: string) => {
    try {
      await store.queue.enqueue(record.tenantId, {
        kind: DELIVER_JOB,
        payload: { deliveryId: record.id } satisfies DeliverJobPayload,
        runAt: record.scheduled ?? undefined,
        dedupeKey: dedupe,
        maxAttempts: ctx.options.deliveryAttempts,
      });
    } catch (error) {
      // leave no queued delivery without a job
      await store.deliveries
        .update(record.tenantId, record.id, {
          status: 'failed',
          error: { code: 'ENQUEUE', message: 'could not be queued' },
        })
        .catch(() => undefined);
      throw error;
    }
  };

  return {
    async queue(p, raw) {
      authorize(p, 'delivery:write');
      const input = parseInput(QueueDeliveryInputSchema, raw);
      const { release } = await store.releases.get(p.tenantId, input.releaseId);
      const { target } = await store.targets.get(p.tenantId, input.targetId);
      if (!target.active) throw new DistroError('INVALID_STATE', `target "${target.id}" is not active`);
      if (input.kind !== 'Takedown') {
        // the target's profile requirements are checked before anything is queued
        const profile = profileOf(target);
        const plan = await planPackage(store.assets, p.tenantId, release, profile, () => ({ data: '' }));
        const issues = requirementIssues(profile, plan);
        if (issues.length > 0)
          throw validationError(issues, `the release does not meet the requirements of ${profile.name}`);
      }
      const record = await store.deliveries.create(p.tenantId, input);
      await enqueue(record, record.id);
      await ctx.audit(p, 'delivery.queue', 'delivery', record.id, {
        releaseId: input.releaseId,
        targetId: input.targetId,
      });
      return deliveryView(record);
    },
    async list(p, input = {}) {
      authorize(p, 'catalog:read');
      const page = await store.deliveries.list(p.tenantId, input);
      return { items: page.items.map(deliveryView), nextCursor: page.nextCursor };
    },
    async get(p, id) {
      authorize(p, 'catalog:read');
      const record = await store.deliveries.get(p.tenantId, id);
      const [attempts, receipts] = await Promise.all([
        store.deliveries.listAttempts(p.tenantId, id),
        store.deliveries.listReceipts(p.tenantId, id),
      ]);
      return { ...deliveryView(record), attempts, receipts };
    },
    async retry(p, id) {
      authorize(p, 'delivery:write');
      const before = await store.deliveries.get(p.tenantId, id);
      if (!RETRYABLE.includes(before.status)) {
        throw new DistroError(
          'INVALID_STATE',
          `delivery "${id}" is ${before.status}; only failed or cancelled ones can be retried`,
        );
      }
      const record = await store.deliveries.update(
        p.tenantId,
        id,
        { status: 'queued', error: null, completed: null },
        { expectedVersion: before.version },
      );
      await enqueue(record, `${id}#${record.version}`);
      await ctx.audit(p, 'delivery.retry', 'delivery', id);
      return deliveryView(record);
    },
    async logs(p, id, page = {}) {
      authorize(p, 'catalog:read');
      await store.deliveries.get(p.tenantId, id);
      return store.deliveries.listLogs(p.tenantId, id, page);
    },
  };
}

/** Delivery statuses, for query validation. */
export const DeliveryStatusSchema = z.enum(DELIVERY_STATUSES);
