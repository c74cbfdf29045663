import { randomUUID } from 'node:crypto';
import { Transform } from 'node:stream';
import { ALL_TENANTS, type ClaimedJob, isCatalogStoreError } from '@ddex/catalog-store';
import {
  createDeliveryRuntime,
  type DeliveryRuntime,
  deliver,
  formatTimestamp,
  isDeliveryError,
} from '@ddex/delivery-transports';
import { isDistroError } from '../errors';
import { openConfig } from '../secrets/config-secrets';
import type { ServiceContext } from '../services/context';
import { DELIVER_JOB, type DeliverJobPayload } from '../services/deliveries';
import { buildErn } from '../services/ern';
import type { DistroServices } from '../services/index';
import { sendWebhookJob } from '../webhooks/dispatch';
import { emitEvent, WEBHOOK_JOB } from '../webhooks/service';
import { planPackage, profileOf } from './build-package';

/** Options of {@link startDeliveryWorker}. */
export interface DeliveryWorkerOptions {
  /**
   * Id recorded on claimed jobs.
   * @default `worker-<random>`
   */
  workerId?: string;
  /**
   * Jobs worked on at once.
   * @default 1
   */
  concurrency?: number;
  /**
   * Wait between polls of an empty queue, in ms.
   * @default 1000
   */
  pollMs?: number;
  /**
   * Lease length in ms; the worker renews it every third of that while it works.
   * @default 60000
   */
  leaseMs?: number;
  /** retries of one transport operation within an attempt (the queue retries whole attempts) @default 2 */
  transportRetries?: number;
}

/** A running worker. */
export interface DeliveryWorker {
  /** Works on due jobs until none is left (tests and one-shot runs); resolves to the number processed. */
  drain(): Promise<number>;
  /** Stops polling and waits for the jobs in hand. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Claims `deliver` jobs of every tenant from the store's durable queue, builds each package (the ERN message for
 * the target's version and recipient, plus the release's stored files named by the target's DSP profile) and sends
 * it with the DDEX choreography of `@ddex/delivery-transports` (resources, ERN, then the BatchComplete manifest last;
 * the batch id is fixed at the first attempt and later attempts resume it), recording attempts, logs and the outcome. A failed attempt goes
 * back to the queue with backoff and becomes `failed` when the queue dead-letters it.
 * @example
 * const worker = startDeliveryWorker(services, { concurrency: 2 });
 * process.on('SIGTERM', () => worker.stop());
 */
export function startDeliveryWorker(
  services: DistroServices,
  options: DeliveryWorkerOptions & { autoStart?: boolean } = {},
): DeliveryWorker {
  const ctx = services.context;
  const workerId = options.workerId ?? `worker-${randomUUID().slice(0, 8)}`;
  const leaseMs = options.leaseMs ?? 60_000;
  const pollMs = options.pollMs ?? 1000;
  let stopped = false;
  const wake = new Set<() => void>();

  const claimOne = async (): Promise<ClaimedJob | undefined> =>
    (await ctx.store.queue.claim(ALL_TENANTS, { workerId, leaseMs, limit: 1, kinds: [DELIVER_JOB, WEBHOOK_JOB] }))[0];
  const run = (job: ClaimedJob) =>
    job.kind === WEBHOOK_JOB ? sendWebhookJob(ctx, job) : processJob(ctx, job, leaseMs, options.transportRetries ?? 2);

  const loop = async () => {
    while (!stopped) {
      let job: ClaimedJob | undefined;
      try {
        job = await claimOne();
        if (job) await run(job);
      } catch (error) {
        ctx.logger.error?.({ workerId, err: (error as Error).name }, 'worker loop error');
      }
      if (!job && !stopped)
        await new Promise<void>((resolve) => {
          const t = setTimeout(done, pollMs);
          function done() {
            clearTimeout(t);
            wake.delete(done);
            resolve();
          }
          wake.add(done);
        });
    }
  };

  const loops = options.autoStart === false ? [] : Array.from({ length: Math.max(1, options.concurrency ?? 1) }, loop);
  return {
    async drain() {
      let n = 0;
      for (let job = await claimOne(); job; job = await claimOne()) {
        await run(job);
        n++;
      }
      return n;
    },
    async stop() {
      stopped = true;
      for (const w of [...wake]) w();
      await Promise.all(loops);
    },
  };
}

// --- Internal helpers ---

async function processJob(ctx: ServiceContext, job: ClaimedJob, leaseMs: number, retries: number): Promise<void> {
  const { store } = ctx;
  const tenantId = job.tenantId;
  const { deliveryId } = (job.payload ?? {}) as DeliverJobPayload;
  const log = (level: 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>) =>
    store.deliveries.appendLog(tenantId, deliveryId, { level, message, data }).catch(() => undefined);
  const heartbeat = setInterval(
    () => {
      store.queue.heartbeat(tenantId, job.id, job.leaseToken, leaseMs).catch(() => undefined);
    },
    Math.max(1000, Math.floor(leaseMs / 3)),
  );
  let attempt: number | undefined;
  let runtime: DeliveryRuntime | undefined;
  try {
    const delivery = await store.deliveries.get(tenantId, deliveryId);
    if (delivery.status === 'completed' || delivery.status === 'cancelled') {
      await store.queue.complete(tenantId, job.id, job.leaseToken, { skipped: delivery.status });
      return;
    }
    // the batch id comes from the first start, so every attempt completes the same batch
    const started = delivery.started ?? (await openBatch(ctx, tenantId, deliveryId));
    await store.deliveries.update(tenantId, deliveryId, { status: 'processing', started, error: null });
    await closeInterruptedAttempts(ctx, tenantId, deliveryId);
    attempt = (await store.deliveries.startAttempt(tenantId, deliveryId)).number;
    await log('info', `attempt ${attempt} started`, { workerId: job.lockedBy });

    const { release } = await store.releases.get(tenantId, delivery.releaseId);
    const { target } = await store.targets.get(tenantId, delivery.targetId);
    const profile = profileOf(target);
    const plan = await planPackage(store.assets, tenantId, release, profile, (key) => ({
      stream: (start) => skipBytes(start, () => store.assets.get(tenantId, key)),
    }));
    for (const id of plan.missing) await log('warn', `no stored file for asset ${id}: not sent`);
    const ern = await buildErn(ctx, tenantId, plan.release, {
      targetId: target.id,
      version: target.requirements?.ernVersion ?? profile.ernVersion,
      kind: delivery.kind,
      takedownMethod: TAKEDOWN[profile.takedown],
      messageId: delivery.id,
      createdAt: started,
      test: target.testMode || profile.messageControlType === 'TestMessage',
    });
    for (const issue of ern.issues) {
      await log('warn', `ERN ${ern.version}: ${issue.path}: ${issue.message}`, { code: issue.code });
    }
    const ernKey = `deliveries/${deliveryId}/${plan.upc}.xml`;
    await store.assets.put(tenantId, ernKey, ern.xml, { contentType: 'application/xml' });

    await store.deliveries.update(tenantId, deliveryId, { status: 'delivering' });
    runtime = createDeliveryRuntime(ctx.transports(target, await openConfig(ctx.box, target.config)), {
      retries,
      minTimeout: 200,
      logger: { warn: (m) => void log('warn', m) },
    });
    const purge = delivery.kind === 'Takedown' && profile.takedown === 'purge';
    const result = await deliver(
      runtime,
      [
        {
          upc: plan.upc,
          ern: {
            data: ern.xml,
            messageId: delivery.id,
            messageType: purge ? 'PurgeReleaseMessage' : 'NewReleaseMessage',
          },
          deliveryType: DELIVERY_TYPE[delivery.kind],
          resources: delivery.kind === 'Takedown' ? [] : plan.resources,
        },
      ],
      {
        profile,
        sender: ern.sender,
        recipients: [ern.recipient],
        resume: formatTimestamp(new Date(started)),
        now: () => new Date(started),
      },
    );

    // queued before the delivery is marked completed, and idempotent: a crash in between cannot lose the event
    await emitEvent(ctx, tenantId, 'delivery.completed', deliveryId, {
      deliveryId,
      releaseId: delivery.releaseId,
      targetId: delivery.targetId,
      kind: delivery.kind,
      batchId: result.batchId,
    });
    await store.deliveries.finishAttempt(tenantId, deliveryId, attempt, { status: 'succeeded' });
    const sentResources = delivery.kind === 'Takedown' ? [] : plan.resources;
    const paths = (kind: string) => result.files.filter((_, i) => sentResources[i]?.kind === kind);
    await store.deliveries.update(tenantId, deliveryId, {
      status: 'completed',
      completed: new Date(ctx.now()).toISOString(),
      package: {
        ernFile: ernKey,
        audioFiles: paths('audio'),
        imageFiles: paths('image'),
        totalSize: Buffer.byteLength(ern.xml) + sentResources.reduce((n, r) => n + (r.size ?? 0), 0),
      },
    });
    await log(
      'info',
      `delivered batch ${result.batchId}: ${result.files.length} files (${result.skipped.length} already there)`,
    );
    await store.queue.complete(tenantId, job.id, job.leaseToken, { batch: result.batchId });
  } catch (error) {
    if (isDeliveryError(error) && error.code === 'EXISTS' && error.transport === 'choreography') {
      // the batch id was taken by another delivery's complete batch: the next attempt opens a new one
      await store.deliveries.update(tenantId, deliveryId, { started: null }).catch(() => undefined);
      await fail(ctx, job, deliveryId, attempt, error, log, true);
    } else await fail(ctx, job, deliveryId, attempt, error, log);
  } finally {
    clearInterval(heartbeat);
    await runtime?.dispose();
  }
}

const TAKEDOWN = { 'end-dated-deal': 'EndDatedDeal', 'empty-deal-list': 'EmptyDealList', purge: 'Purge' } as const;
const DELIVERY_TYPE = { NewRelease: 'NewReleaseDelivery', Update: 'ReDelivery', Takedown: 'TakeDown' } as const;

async function fail(
  ctx: ServiceContext,
  job: ClaimedJob,
  deliveryId: string,
  attempt: number | undefined,
  error: unknown,
  log: (level: 'error', message: string, data?: Record<string, unknown>) => Promise<unknown>,
  retry?: boolean,
): Promise<void> {
  const { store } = ctx;
  const tenantId = job.tenantId;
  // messages of our own error classes never carry credentials; anything else is reported by name only
  const known = isDeliveryError(error) || isDistroError(error) || isCatalogStoreError(error);
  const code = known ? String((error as { code: string }).code) : 'UNKNOWN';
  const message = known ? (error as Error).message : `unexpected ${(error as Error)?.name ?? 'error'}`;
  const retryable =
    retry ??
    (isDeliveryError(error)
      ? error.retryable
      : !isDistroError(error, 'VALIDATION') && !isCatalogStoreError(error, 'NOT_FOUND'));
  try {
    if (attempt !== undefined) {
      await store.deliveries.finishAttempt(tenantId, deliveryId, attempt, {
        status: 'failed',
        error: { code, message },
      });
    }
    const after = await store.queue.fail(tenantId, job.id, job.leaseToken, {
      error: `${code}: ${message}`,
      permanent: !retryable,
    });
    const dead = after.status === 'dead';
    if (dead) {
      await emitEvent(ctx, tenantId, 'delivery.failed', `${deliveryId}:${job.id}:${job.attempts}`, {
        deliveryId,
        error: { code, message },
        attempts: job.attempts,
      });
    }
    await store.deliveries
      .update(tenantId, deliveryId, { status: dead ? 'failed' : 'queued', error: { code, message } })
      .catch(() => undefined);
    await log('error', `attempt ${attempt ?? '-'} failed: ${code}: ${message}${dead ? '' : ' (will retry)'}`);
  } catch (inner) {
    const err = isCatalogStoreError(inner) ? inner.code : (inner as Error).name;
    ctx.logger.error?.({ deliveryId, err }, 'could not record a failed delivery');
  }
}

/**
 * The instant a new delivery's batch is named after (`YYYYMMDDhhmmssnnn`). Two deliveries to one target must never
 * share a batch, even when workers in several processes start them in the same millisecond, so the milliseconds are
 * taken from the store-wide sequence number of the log line that opens the batch, and the rest from the clock.
 */
async function openBatch(ctx: ServiceContext, tenantId: string, deliveryId: string): Promise<string> {
  const entry = await ctx.store.deliveries.appendLog(tenantId, deliveryId, { level: 'info', message: 'batch opened' });
  return new Date(Math.floor(ctx.now() / 1000) * 1000 + (entry.seq % 1000)).toISOString();
}

/** Attempts still `running` belong to a worker that died (its lease expired): record them as interrupted. */
async function closeInterruptedAttempts(ctx: ServiceContext, tenantId: string, deliveryId: string): Promise<void> {
  for (const a of await ctx.store.deliveries.listAttempts(tenantId, deliveryId)) {
    if (a.status !== 'running') continue;
    await ctx.store.deliveries
      .finishAttempt(tenantId, deliveryId, a.number, {
        status: 'failed',
        error: { code: 'INTERRUPTED', message: 'the worker stopped before the attempt finished' },
      })
      .catch(() => undefined);
  }
}

/** A stream factory's view of `open()` from byte `start`. */
function skipBytes(start: number, open: () => Promise<NodeJS.ReadableStream>): import('node:stream').Readable {
  let skip = start;
  const out = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      if (skip >= chunk.length) {
        skip -= chunk.length;
        cb();
      } else {
        const rest = chunk.subarray(skip);
        skip = 0;
        cb(null, rest);
      }
    },
  });
  open().then(
    (src) => {
      src.on('error', (e) => out.destroy(e));
      src.pipe(out);
    },
    (e) => out.destroy(e as Error),
  );
  return out;
}
