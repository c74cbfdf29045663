import { randomUUID } from 'node:crypto';
import {
  type DeliveryAttempt,
  type DeliveryLogEntry,
  type DeliveryReceipt,
  type DeliveryRecord,
  type DeliveryStatus,
  RECURRENCE_FREQUENCIES,
} from '@ddex/catalog-store';
import { DELIVERY_STATUSES } from '@ddex/ern-model';
import { z } from 'zod';
import { DistroError, notFound, validationError } from '../errors';
import { parseInput } from '../input';
import { authorize, type Principal } from '../principal';
import {
  type AckCollectionReport,
  type AckReceiptReport,
  collectAcknowledgements,
  receiveAcknowledgement,
} from '../worker/acks';
import { planPackage, profileOf, requirementIssues } from '../worker/build-package';
import type { PageView, ServiceContext } from './context';
import type { DeliveryFeedListener } from './delivery-feed';
import { cancelIfQueued, DELIVER_JOB, type DeliverJobPayload, loadGroup, runId } from './delivery-groups';
import { findIdempotentReplay, parseIdempotencyKey } from './delivery-idempotency';
import { retryTimes } from './retry-times';

export { DELIVER_JOB, type DeliverJobPayload } from './delivery-groups';

/** Most releases in one batch. */
export const MAX_BATCH_RELEASES = 100;

/** A schedule of catalog re-sends (RFC 5545 FREQ / INTERVAL / UNTIL). */
export const RecurrenceInputSchema = z
  .object({
    frequency: z.enum(RECURRENCE_FREQUENCIES).describe('unit of the interval'),
    interval: z.number().int().min(1).max(1000).default(1).describe('units between runs'),
    until: z.iso.datetime({ offset: true }).optional().describe('no run is due after this instant'),
  })
  .strict()
  .describe(
    'send again every interval × frequency after each run was due (the first run at `scheduled`, or now); each run ' +
      'is a delivery of its own (kind Update after a NewRelease); POST /api/deliveries/{id}/cancel ends the series',
  );

/** Body of `POST /api/deliveries`. */
export const QueueDeliveryInputSchema = z
  .object({
    releaseId: z.string().min(1).max(256).optional().describe('the release to send (or `releaseIds`)'),
    releaseIds: z
      .array(z.string().min(1).max(256))
      .min(2)
      .max(MAX_BATCH_RELEASES)
      .optional()
      .describe('several releases sent as one DDEX batch (one folder, one completion marker), a delivery each'),
    targetId: z.string().min(1).max(256),
    kind: z.enum(['NewRelease', 'Update', 'Takedown']).default('NewRelease'),
    scheduled: z.iso.datetime({ offset: true }).optional(),
    recurrence: RecurrenceInputSchema.optional(),
    priority: z
      .enum(['high', 'normal', 'low'])
      .default('normal')
      .describe('claim order among due deliveries: high ones go first, low ones last; never before `scheduled`'),
  })
  .strict()
  .superRefine((v, c) => {
    if ((v.releaseId === undefined) === (v.releaseIds === undefined)) {
      c.addIssue({ code: 'custom', path: ['releaseId'], message: 'Give either releaseId or releaseIds.' });
    }
    if (v.releaseIds && new Set(v.releaseIds).size !== v.releaseIds.length) {
      c.addIssue({ code: 'custom', path: ['releaseIds'], message: 'A release can be in a batch only once.' });
    }
  });

/** Input of {@link DeliveryService.queue}. */
export type QueueDeliveryInput = z.input<typeof QueueDeliveryInputSchema>;

/** A delivery as the API returns it. */
export type DeliveryView = Omit<DeliveryRecord, 'tenantId'> & {
  /** ISO instant of the next attempt of a delivery waiting to retry (the queue's backoff); in lists and reads */
  nextAttemptAt?: string;
};

/** Options of {@link DeliveryService.queue}. */
export interface QueueDeliveryOptions {
  /**
   * The caller's `Idempotency-Key`: stored with every delivery of the request; the same key from the same tenant
   * again returns those deliveries instead of queueing twice (CONFLICT when it named another request).
   */
  idempotencyKey?: string;
}

/** What {@link DeliveryService.queue} returns: the delivery (the first of a batch), and whether it was queued before. */
export interface QueuedDeliveryView extends DeliveryView {
  /** true when an earlier request with the same idempotency key queued it; nothing was queued now */
  replayed?: boolean;
}

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
  /** Records a delivery and queues its job (or returns the one queued before under the same idempotency key). */
  queue(principal: Principal, input: unknown, options?: QueueDeliveryOptions): Promise<QueuedDeliveryView>;
  /** Lists deliveries, newest first. */
  list(principal: Principal, input?: DeliveryListInput): Promise<PageView<DeliveryView>>;
  /** Reads a delivery with attempts and receipts. */
  get(principal: Principal, id: string): Promise<DeliveryDetail>;
  /**
   * Queues a failed, rejected or cancelled delivery again, with the others of its batch in the same state. A
   * rejected one (or part of a batch) goes out in a new batch; a whole failed batch completes the one it started.
   */
  retry(principal: Principal, id: string): Promise<DeliveryView>;
  /**
   * Cancels a delivery that has not started (with its batch), and ends the series of a recurring one: its queued
   * run is cancelled and no further run is queued. INVALID_STATE for a one-off delivery that already started.
   */
  cancel(principal: Principal, id: string): Promise<DeliveryView>;
  /** Reads the target's acknowledgement folder now and applies what is new (see `collectAcknowledgements`). */
  collectAcks(principal: Principal, targetId: string): Promise<AckCollectionReport>;
  /**
   * Applies an acknowledgement the DSP posted (its HTTP callback) like a collected ack file; the same body twice is
   * applied once. VALIDATION when the body is not a DDEX acknowledgement.
   */
  receiveAck(principal: Principal, targetId: string, xml: string, fileName?: string): Promise<AckReceiptReport>;
  /** Log lines, oldest first. */
  logs(
    principal: Principal,
    id: string,
    page?: { cursor?: string; limit?: number },
  ): Promise<PageView<DeliveryLogEntry>>;
  /**
   * Follows the changes of the caller's tenant's deliveries (the event stream); returns the unsubscribe function.
   * `listener.close` is called when the service stops.
   */
  subscribe(principal: Principal, listener: DeliveryFeedListener): () => void;
  /** A stored document of a sent delivery: its ERN message, the batch's manifest, or a receipt's body (an ack). */
  document(principal: Principal, id: string, which: DeliveryDocumentName): Promise<DeliveryDocument>;
}

/** Which document of a delivery: `ern`, `manifest`, or `receipt:<receipt id>`. */
export type DeliveryDocumentName = 'ern' | 'manifest' | `receipt:${string}`;

/** A stored document of a delivery. */
export interface DeliveryDocument {
  /** a file name to download it as */
  fileName: string;
  /** the XML */
  body: string;
}

/** The view of a stored delivery. */
export function deliveryView(record: DeliveryRecord): DeliveryView {
  const { tenantId: _tenant, ...view } = record;
  return view;
}

/** Statuses a delivery can be retried from. */
const RETRYABLE: readonly DeliveryStatus[] = ['failed', 'rejected', 'cancelled'];

/** @internal */
export function deliveryService(ctx: ServiceContext): DeliveryService {
  const { store } = ctx;

  const enqueue = async (record: DeliveryRecord, dedupe: string, ids?: string[]) => {
    try {
      return await store.queue.enqueue(record.tenantId, {
        kind: DELIVER_JOB,
        payload: { deliveryId: record.id, ...(ids ? { deliveryIds: ids } : {}) } satisfies DeliverJobPayload,
        runAt: record.scheduled ?? undefined,
        dedupeKey: dedupe,
        maxAttempts: ctx.options.deliveryAttempts,
        // a retry goes out with the priority the delivery was queued with
        priority: record.priority,
      });
    } catch (error) {
      // leave no queued delivery without a job
      for (const id of ids ?? record.batch?.deliveryIds ?? [record.id]) {
        await store.deliveries
          .update(record.tenantId, id, { status: 'failed', error: { code: 'ENQUEUE', message: 'could not be queued' } })
          .catch(() => undefined);
      }
      throw error;
    }
  };

  return {
    async queue(p, raw, options = {}) {
      authorize(p, 'delivery:write');
      const input = parseInput(QueueDeliveryInputSchema, raw);
      const releaseIds = input.releaseIds ?? [input.releaseId!];
      const idempotencyKey = parseIdempotencyKey(options.idempotencyKey);
      const request = { releaseIds, targetId: input.targetId, kind: input.kind };
      if (idempotencyKey) {
        const [earlier] = await findIdempotentReplay(store, p.tenantId, idempotencyKey, request);
        if (earlier) return { ...deliveryView(earlier), replayed: true };
      }
      const { target } = await store.targets.get(p.tenantId, input.targetId);
      if (!target.active) throw new DistroError('INVALID_STATE', `target "${target.id}" is not active`);
      const profile = profileOf(target);
      const upcs = new Map<string, number>();
      for (const [i, releaseId] of releaseIds.entries()) {
        const { release } = await store.releases.get(p.tenantId, releaseId);
        const plan = await planPackage(store.assets, p.tenantId, release, profile, () => ({ data: '' }));
        // two releases with one UPC would share a folder of the batch
        const at = input.releaseIds ? `releaseIds.${i}` : 'releaseId';
        if (upcs.has(plan.upc)) {
          throw validationError(
            [{ code: 'duplicate_upc', path: at, message: `The UPC ${plan.upc} is already in this batch.` }],
            'two releases of the batch have the same UPC',
          );
        }
        upcs.set(plan.upc, i);
        if (input.kind === 'Takedown') continue;
        // the target's profile requirements are checked before anything is queued
        const issues = requirementIssues(profile, plan).map((issue) =>
          input.releaseIds ? { ...issue, path: `${at}.${issue.path}` } : issue,
        );
        if (issues.length > 0)
          throw validationError(issues, `the release does not meet the requirements of ${profile.name}`);
      }
      const ids = releaseIds.map(() => randomUUID());
      const batch = ids.length > 1 ? { deliveryIds: ids } : null;
      const records: DeliveryRecord[] = [];
      try {
        for (const [i, releaseId] of releaseIds.entries()) {
          const recurrence = input.recurrence
            ? { ...input.recurrence, until: input.recurrence.until ?? null, seriesId: ids[i]!, run: 1 }
            : null;
          records.push(
            await store.deliveries.create(p.tenantId, {
              id: ids[i],
              releaseId,
              targetId: input.targetId,
              kind: input.kind,
              scheduled: input.scheduled,
              recurrence,
              batch,
              idempotencyKey,
              priority: input.priority,
            }),
          );
        }
      } catch (error) {
        // a batch is queued whole or not at all
        for (const r of records) await cancelIfQueued(store, p.tenantId, r).catch(() => undefined);
        throw error;
      }
      const record = records[0]!;
      // the job's dedupe key settles two requests with one idempotency key racing past the lookup: one job wins
      const job = await enqueue(record, idempotencyKey ? `idempotency:${idempotencyKey}` : record.id);
      const winner = (job.payload as DeliverJobPayload | null)?.deliveryId;
      if (winner && winner !== record.id) {
        for (const r of records) await cancelIfQueued(store, p.tenantId, r).catch(() => undefined);
        return { ...deliveryView(await store.deliveries.get(p.tenantId, winner)), replayed: true };
      }
      await ctx.audit(p, 'delivery.queue', 'delivery', record.id, {
        ...(input.releaseIds ? { releaseIds, deliveryIds: ids } : { releaseId: input.releaseId }),
        targetId: input.targetId,
        ...(input.recurrence ? { recurrence: input.recurrence } : {}),
        ...(input.priority !== 'normal' ? { priority: input.priority } : {}),
      });
      return deliveryView(record);
    },
    async list(p, input = {}) {
      authorize(p, 'catalog:read');
      const page = await store.deliveries.list(p.tenantId, input);
      const due = await retryTimes(store, p.tenantId, page.items);
      return { items: page.items.map((d) => withRetryTime(d, due)), nextCursor: page.nextCursor };
    },
    async get(p, id) {
      authorize(p, 'catalog:read');
      const record = await store.deliveries.get(p.tenantId, id);
      const [attempts, receipts, due] = await Promise.all([
        store.deliveries.listAttempts(p.tenantId, id),
        store.deliveries.listReceipts(p.tenantId, id),
        retryTimes(store, p.tenantId, [record]),
      ]);
      return { ...withRetryTime(record, due), attempts, receipts };
    },
    async retry(p, id) {
      authorize(p, 'delivery:write');
      const group = await loadGroup(store, p.tenantId, id);
      const asked = group.find((d) => d.id === id)!;
      if (!RETRYABLE.includes(asked.status)) {
        throw new DistroError(
          'INVALID_STATE',
          `delivery "${id}" is ${asked.status}; only failed, rejected or cancelled ones can be retried`,
        );
      }
      // the deliveries of the batch in a state to retry go out again together
      const again = group.filter((d) => RETRYABLE.includes(d.status));
      const whole = again.length === group.length && !again.some((d) => d.status === 'rejected');
      const patch = { status: 'queued', error: null, completed: null, ...(whole ? {} : { started: null }) } as const;
      const [first, ...rest] = again;
      const record = await store.deliveries.update(p.tenantId, first!.id, patch, { expectedVersion: first!.version });
      for (const d of rest) await store.deliveries.update(p.tenantId, d.id, patch);
      await enqueue(
        record,
        `${record.id}#${record.version}`,
        group.length > 1 && !whole ? again.map((d) => d.id) : undefined,
      );
      await ctx.audit(p, 'delivery.retry', 'delivery', id, { deliveryIds: again.map((d) => d.id) });
      return deliveryView(record.id === id ? record : await store.deliveries.get(p.tenantId, id));
    },
    async cancel(p, id) {
      authorize(p, 'delivery:write');
      const group = await loadGroup(store, p.tenantId, id);
      const lead = group[0]!;
      if (lead.recurrence) {
        // the series' latest run: cancelled if it has not started, and no run after it
        let latest = group;
        for (let run = lead.recurrence.run + 1; ; run++) {
          const next = await loadGroup(store, p.tenantId, runId(lead.recurrence.seriesId, run)).catch(() => null);
          if (!next) break;
          latest = next;
        }
        for (const d of latest) await cancelIfQueued(store, p.tenantId, d);
        for (const d of latest === group ? [] : group) {
          if (d.recurrence) await store.deliveries.update(p.tenantId, d.id, { recurrence: null });
        }
      } else if (lead.status === 'queued' && (await cancelIfQueued(store, p.tenantId, lead))) {
        for (const d of group.slice(1)) await cancelIfQueued(store, p.tenantId, d);
      } else {
        throw new DistroError('INVALID_STATE', `delivery "${id}" has started; only a queued one can be cancelled`);
      }
      await ctx.audit(p, 'delivery.cancel', 'delivery', id);
      return deliveryView(await store.deliveries.get(p.tenantId, id));
    },
    async collectAcks(p, targetId) {
      authorize(p, 'delivery:write');
      const report = await collectAcknowledgements(ctx, { tenantId: p.tenantId, targetId });
      await ctx.audit(p, 'target.collect-acks', 'target', targetId, { ...report });
      return report;
    },
    async receiveAck(p, targetId, xml, fileName) {
      authorize(p, 'delivery:write');
      const report = await receiveAcknowledgement(ctx, p.tenantId, targetId, xml, fileName);
      await ctx.audit(p, 'target.receive-ack', 'target', targetId, { ...report });
      return report;
    },
    async logs(p, id, page = {}) {
      authorize(p, 'catalog:read');
      await store.deliveries.get(p.tenantId, id);
      return store.deliveries.listLogs(p.tenantId, id, page);
    },
    subscribe(p, listener) {
      authorize(p, 'catalog:read');
      return ctx.deliveryFeed.subscribe(p.tenantId, listener);
    },
    async document(p, id, which) {
      authorize(p, 'catalog:read');
      const record = await store.deliveries.get(p.tenantId, id);
      if (which.startsWith('receipt:')) {
        const receiptId = which.slice('receipt:'.length);
        const receipt = (await store.deliveries.listReceipts(p.tenantId, id)).find((r) => r.id === receiptId);
        if (!receipt?.body) throw notFound('receipt', receiptId);
        return { fileName: `${id}-ack-${receiptId}.xml`.replace(/[^A-Za-z0-9._-]/g, '_'), body: receipt.body };
      }
      const key = which === 'ern' ? record.package?.ernFile : record.package?.manifestFile;
      if (!key) throw notFound(which, id);
      const body = await readAll(await store.assets.get(p.tenantId, key));
      const name = which === 'ern' ? (key.split('/').at(-1) ?? 'ern.xml') : 'manifest.xml';
      return { fileName: `${id}-${name}`.replace(/[^A-Za-z0-9._-]/g, '_'), body };
    },
  };
}

/** A delivery's view with the time of its next attempt, when it waits to retry. */
function withRetryTime(record: DeliveryRecord, due: Map<string, string>): DeliveryView {
  const at = due.get(record.id);
  return at === undefined ? deliveryView(record) : { ...deliveryView(record), nextAttemptAt: at };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

/** Delivery statuses, for query validation. */
export const DeliveryStatusSchema = z.enum(DELIVERY_STATUSES);
