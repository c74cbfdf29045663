import { randomUUID } from 'node:crypto';
import { Transform } from 'node:stream';
import { ALL_TENANTS, type ClaimedJob, type DeliveryRecord, isCatalogStoreError } from '@ddex/catalog-store';
import {
  createDeliveryRuntime,
  type DeliveryResource,
  type DeliveryRuntime,
  deliver,
  formatTimestamp,
  isDeliveryError,
  type MessageParty,
} from '@ddex/delivery-transports';
import { DistroError, isDistroError } from '../errors';
import { openConfig } from '../secrets/config-secrets';
import type { ServiceContext } from '../services/context';
import { DELIVER_JOB, type DeliverJobPayload, jobGroup, SENT_STATUSES } from '../services/delivery-groups';
import { buildErn } from '../services/ern';
import type { DistroServices } from '../services/index';
import { sendWebhookJob } from '../webhooks/dispatch';
import { emitEvent, WEBHOOK_JOB } from '../webhooks/service';
import { type AckCollectionReport, collectAcknowledgements } from './acks';
import { planPackage, profileOf } from './build-package';
import { packageFiles } from './package-files';
import { recordProgress } from './progress-recorder';
import { scheduleNextRun } from './series';
import { sweepDeadLetters } from './sweep';

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
  /**
   * Wait between two rounds of upkeep, in ms (0: never): collecting the acknowledgement files DSPs leave, and
   * sweeping deliveries that a dead-lettered job left in flight.
   * @default 300000
   */
  ackPollMs?: number;
}

/** A running worker. */
export interface DeliveryWorker {
  /** Works on due jobs until none is left (tests and one-shot runs); resolves to the number processed. */
  drain(): Promise<number>;
  /** Reads the acknowledgements of targets with deliveries waiting for one and applies them (see the poll). */
  collectAcks(): Promise<AckCollectionReport>;
  /** Records deliveries a dead-lettered job left in flight as failed (see `sweepDeadLetters`); returns how many. */
  sweep(): Promise<number>;
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

  const ackPollMs = options.ackPollMs ?? 300_000;
  const collectAcks = () => collectAcknowledgements(ctx);
  // acknowledgements arrive hours or days after a delivery: a slow poll beside the job loops
  const ackLoop = async () => {
    while (!stopped) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, ackPollMs);
        function done() {
          clearTimeout(t);
          wake.delete(done);
          resolve();
        }
        wake.add(done);
      });
      if (stopped) break;
      await sweepDeadLetters(ctx).catch((error) =>
        ctx.logger.error?.({ workerId, err: (error as Error).name }, 'dead-letter sweep failed'),
      );
      await collectAcks().catch((error) =>
        ctx.logger.error?.({ workerId, err: (error as Error).name }, 'acknowledgement poll failed'),
      );
    }
  };
  const loops =
    options.autoStart === false
      ? []
      : [...Array.from({ length: Math.max(1, options.concurrency ?? 1) }, loop), ...(ackPollMs > 0 ? [ackLoop()] : [])];
  return {
    collectAcks,
    sweep: () => sweepDeadLetters(ctx),
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
  const payload = (job.payload ?? {}) as DeliverJobPayload;
  const { deliveryId } = payload;
  let group: DeliveryRecord[] = [];
  const logTo = (id: string, level: LogLevel, message: string, data?: Record<string, unknown>) =>
    store.deliveries.appendLog(tenantId, id, { level, message, data }).catch(() => undefined);
  // lines about the whole job go to every delivery of its batch
  const log = (level: LogLevel, message: string, data?: Record<string, unknown>) =>
    Promise.all((group.length ? group.map((d) => d.id) : [deliveryId]).map((id) => logTo(id, level, message, data)));
  const heartbeat = setInterval(
    () => {
      store.queue.heartbeat(tenantId, job.id, job.leaseToken, leaseMs).catch(() => undefined);
    },
    Math.max(1000, Math.floor(leaseMs / 3)),
  );
  const attempts = new Map<string, number>();
  let runtime: DeliveryRuntime | undefined;
  // the running packages carry a progress reading: a failed attempt takes them back
  let progressWritten = false;
  try {
    group = await jobGroup(store, tenantId, payload);
    const lead = group[0]!;
    if (SENT_STATUSES.includes(lead.status) || lead.status === 'cancelled') {
      // sent before a crash (or cancelled): only the series may still need its next run
      if (lead.status !== 'cancelled') await scheduleNextRun(ctx, tenantId, seriesLead(lead), log);
      await store.queue.complete(tenantId, job.id, job.leaseToken, { skipped: lead.status });
      return;
    }
    // the batch id comes from the first start, so every attempt completes the same batch
    const started = lead.started ?? (await openBatch(ctx, tenantId, lead.id));
    if (!(await startGroup(ctx, tenantId, group, started))) {
      await store.queue.complete(tenantId, job.id, job.leaseToken, { skipped: 'cancelled' });
      return;
    }
    for (const d of group) {
      await closeInterruptedAttempts(ctx, tenantId, d.id);
      attempts.set(d.id, (await store.deliveries.startAttempt(tenantId, d.id)).number);
    }
    await log('info', `attempt ${attempts.get(lead.id)} started`, {
      workerId: job.lockedBy,
      ...(group.length > 1 ? { releases: group.length } : {}),
    });

    const { target } = await store.targets.get(tenantId, lead.targetId);
    const profile = profileOf(target);
    const parts: Part[] = [];
    for (const d of group) {
      const { release } = await store.releases.get(tenantId, d.releaseId);
      const plan = await planPackage(store.assets, tenantId, release, profile, (key) => ({
        stream: (start) => skipBytes(start, () => store.assets.get(tenantId, key)),
      }));
      for (const id of plan.missing) await logTo(d.id, 'warn', `no stored file for asset ${id}: not sent`);
      const ern = await buildErn(ctx, tenantId, plan.release, {
        targetId: target.id,
        version: target.requirements?.ernVersion ?? profile.ernVersion,
        kind: d.kind,
        takedownMethod: TAKEDOWN[profile.takedown],
        messageId: d.id,
        createdAt: started,
        test: target.testMode || profile.messageControlType === 'TestMessage',
      });
      for (const issue of ern.issues) {
        await logTo(d.id, 'warn', `ERN ${ern.version}: ${issue.path}: ${issue.message}`, { code: issue.code });
      }
      const ernKey = `deliveries/${d.id}/${plan.upc}.xml`;
      await store.assets.put(tenantId, ernKey, ern.xml, { contentType: 'application/xml' });
      if (parts.some((p) => p.upc === plan.upc)) {
        throw new DistroError('VALIDATION', `two releases of one batch have the UPC ${plan.upc}`);
      }
      parts.push({ d, upc: plan.upc, ern, ernKey, resources: d.kind === 'Takedown' ? [] : plan.resources });
    }

    for (const d of group) await store.deliveries.update(tenantId, d.id, { status: 'delivering' });
    runtime = createDeliveryRuntime(ctx.transports(target, await openConfig(ctx.box, target.config)), {
      retries,
      minTimeout: 200,
      logger: { warn: (m) => void log('warn', m) },
    });
    const purge = profile.takedown === 'purge';
    const progress = recordProgress({
      now: ctx.now,
      log: (message, data) => log('info', message, data),
      write: (reading) => {
        progressWritten = true;
        return Promise.all(
          parts.map((p) =>
            store.deliveries.update(tenantId, p.d.id, {
              package: {
                ernFile: p.ernKey,
                audioFiles: [],
                imageFiles: [],
                totalSize: totalSize(p),
                progress: reading,
              },
            }),
          ),
        );
      },
    });
    const result = await deliver(
      runtime,
      parts.map((p) => ({
        upc: p.upc,
        ern: {
          data: p.ern.xml,
          messageId: p.d.id,
          messageType: purge && p.d.kind === 'Takedown' ? 'PurgeReleaseMessage' : 'NewReleaseMessage',
        },
        deliveryType: DELIVERY_TYPE[p.d.kind],
        resources: p.resources,
      })),
      {
        profile,
        sender: parts[0]!.ern.sender,
        recipients: [parts[0]!.ern.recipient],
        resume: formatTimestamp(new Date(started)),
        now: () => new Date(started),
        onProgress: progress.onProgress,
        onEvent: progress.onEvent,
      },
    ).finally(() => progress.close());
    const finalReading = await progress.close();

    // files come back in plan order: each release's resources, then its ERN (then the marker)
    let offset = 0;
    // the manifest is kept beside the first release's ERN: the delivery detail links to it
    const manifestKey = result.markerContent ? `deliveries/${parts[0]!.d.id}/manifest.xml` : undefined;
    if (manifestKey) {
      await store.assets.put(tenantId, manifestKey, result.markerContent!, { contentType: 'application/xml' });
    }
    for (const p of parts) {
      const files = result.files.slice(offset, offset + p.resources.length);
      const sent = packageFiles(result, { resources: p.resources, ernXml: p.ern.xml, offset });
      offset += p.resources.length + 1;
      // queued before the delivery is marked completed, and idempotent: a crash in between cannot lose the event
      await emitEvent(ctx, tenantId, 'delivery.completed', p.d.id, {
        deliveryId: p.d.id,
        releaseId: p.d.releaseId,
        targetId: p.d.targetId,
        kind: p.d.kind,
        batchId: result.batchId,
      });
      await store.deliveries.finishAttempt(tenantId, p.d.id, attempts.get(p.d.id)!, { status: 'succeeded' });
      attempts.delete(p.d.id);
      await store.deliveries.update(tenantId, p.d.id, {
        status: 'completed',
        completed: new Date(ctx.now()).toISOString(),
        package: {
          ernFile: p.ernKey,
          audioFiles: files.filter((_, i) => p.resources[i]?.kind === 'audio'),
          imageFiles: files.filter((_, i) => p.resources[i]?.kind === 'image'),
          totalSize: totalSize(p),
          files: sent,
          ...(manifestKey ? { manifestFile: manifestKey } : {}),
          ...(finalReading ? { progress: finalReading } : {}),
        },
      });
    }
    await log(
      'info',
      `delivered batch ${result.batchId}: ${result.files.length} files (${result.skipped.length} already there)`,
    );
    await scheduleNextRun(ctx, tenantId, seriesLead(lead), log);
    await store.queue.complete(tenantId, job.id, job.leaseToken, { batch: result.batchId });
  } catch (error) {
    const ids = group.length ? group.map((d) => d.id) : [deliveryId];
    if (isDeliveryError(error) && error.code === 'EXISTS' && error.transport === 'choreography') {
      // the batch id was taken by another delivery's complete batch: the next attempt opens a new one
      for (const id of ids) await store.deliveries.update(tenantId, id, { started: null }).catch(() => undefined);
      await fail(ctx, job, ids, attempts, error, log, true, progressWritten);
    } else await fail(ctx, job, ids, attempts, error, log, undefined, progressWritten);
  } finally {
    clearInterval(heartbeat);
    await runtime?.dispose();
  }
}

type LogLevel = 'info' | 'warn' | 'error';

/** One release of a job's batch, ready to send. */
interface Part {
  d: DeliveryRecord;
  upc: string;
  ern: { xml: string; sender: MessageParty; recipient: MessageParty };
  ernKey: string;
  resources: DeliveryResource[];
}

/** Bytes of a release's package: its ERN and resources. */
const totalSize = (p: Part) => Buffer.byteLength(p.ern.xml) + p.resources.reduce((n, r) => n + (r.size ?? 0), 0);

/** The delivery whose recurrence drives a batch's series: the first of its batch. */
const seriesLead = (d: DeliveryRecord) => d.batch?.deliveryIds[0] ?? d.id;

/**
 * Marks a job's deliveries `processing` with their batch instant. The first goes from the version this worker read,
 * so a cancel that came in between wins: false when the first delivery was cancelled.
 */
async function startGroup(ctx: ServiceContext, tenantId: string, group: DeliveryRecord[], started: string) {
  const { store } = ctx;
  const patch = { status: 'processing', started, error: null } as const;
  const [lead, ...rest] = group;
  try {
    await store.deliveries.update(tenantId, lead!.id, patch, { expectedVersion: lead!.version });
  } catch (error) {
    if (!isCatalogStoreError(error, 'CONFLICT')) throw error;
    if ((await store.deliveries.get(tenantId, lead!.id)).status === 'cancelled') return false;
    await store.deliveries.update(tenantId, lead!.id, patch);
  }
  for (const d of rest) await store.deliveries.update(tenantId, d.id, patch);
  return true;
}

const TAKEDOWN = { 'end-dated-deal': 'EndDatedDeal', 'empty-deal-list': 'EmptyDealList', purge: 'Purge' } as const;
const DELIVERY_TYPE = { NewRelease: 'NewReleaseDelivery', Update: 'ReDelivery', Takedown: 'TakeDown' } as const;

async function fail(
  ctx: ServiceContext,
  job: ClaimedJob,
  ids: string[],
  attempts: Map<string, number>,
  error: unknown,
  log: (level: LogLevel, message: string, data?: Record<string, unknown>) => Promise<unknown>,
  retry?: boolean,
  dropPackage?: boolean,
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
    for (const [id, attempt] of attempts) {
      await store.deliveries.finishAttempt(tenantId, id, attempt, { status: 'failed', error: { code, message } });
    }
    const after = await store.queue.fail(tenantId, job.id, job.leaseToken, {
      error: `${code}: ${message}`,
      permanent: !retryable,
    });
    const dead = after.status === 'dead';
    for (const id of ids) {
      if (dead) {
        await emitEvent(ctx, tenantId, 'delivery.failed', `${id}:${job.id}:${job.attempts}`, {
          deliveryId: id,
          error: { code, message },
          attempts: job.attempts,
        });
      }
      await store.deliveries
        .update(tenantId, id, {
          status: dead ? 'failed' : 'queued',
          error: { code, message },
          ...(dropPackage ? { package: null } : {}),
        })
        .catch(() => undefined);
    }
    const attempt = attempts.values().next().value;
    await log('error', `attempt ${attempt ?? '-'} failed: ${code}: ${message}${dead ? '' : ' (will retry)'}`);
    // a failed run does not end its series: the next catalog re-send is still due
    if (dead) {
      const first = await store.deliveries.get(tenantId, ids[0]!).catch(() => null);
      if (first) await scheduleNextRun(ctx, tenantId, seriesLead(first), log);
    }
  } catch (inner) {
    const err = isCatalogStoreError(inner) ? inner.code : (inner as Error).name;
    ctx.logger.error?.({ deliveryId: ids[0], err }, 'could not record a failed delivery');
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
