import { createHash } from 'node:crypto';
import { type DeliveryRecord, isCatalogStoreError } from '@ddex/catalog-store';
import {
  type AckFile,
  type AckRelease,
  ackFileHints,
  createDeliveryRuntime,
  type DeliveryProfile,
  formatTimestamp,
  parseAcknowledgement,
  readAcknowledgements,
} from '@ddex/delivery-transports';
import type { DeliveryTarget } from '@ddex/ern-model';
import { DistroError } from '../errors';
import { openConfig } from '../secrets/config-secrets';
import type { ServiceContext } from '../services/context';
import { SENT_STATUSES } from '../services/delivery-groups';
import { emitEvent } from '../webhooks/service';
import { profileOf } from './build-package';

/** What one collection of acknowledgements did. */
export interface AckCollectionReport {
  /** targets whose acknowledgement folder was read */
  targets: number;
  /** new ack files read */
  files: number;
  /** acknowledgements applied to deliveries (a receipt each) */
  applied: number;
  /** release entries that matched no delivery of the target */
  unmatched: number;
}

/** Ack files that match nothing are read again for this long (their delivery may not be recorded as sent yet). */
const UNMATCHED_RETRY_MS = 86_400_000;

/**
 * Reads the acknowledgement files DSPs leave on their targets (delivery.md §1.6) and applies them: a receipt and a
 * log line on the delivery each names (by its MessageId, or batch id and UPC), status `acknowledged` or `rejected`
 * (error `DSP_REJECTED` with the DSP's ErrorText), and the webhooks `delivery.acknowledged` / `delivery.failed`.
 * Without a `targetId` only targets with deliveries waiting for an answer (`completed`) are read. Files already
 * applied are remembered per target and not read again; applying one twice changes nothing (receipts are keyed).
 */
export async function collectAcknowledgements(
  ctx: ServiceContext,
  options: { tenantId?: string; targetId?: string } = {},
): Promise<AckCollectionReport> {
  const report: AckCollectionReport = { targets: 0, files: 0, applied: 0, unmatched: 0 };
  const tenants: string[] = [];
  if (options.tenantId) tenants.push(options.tenantId);
  else {
    let cursor: string | undefined;
    do {
      const page = await ctx.store.tenants.list({ cursor, limit: 200 });
      tenants.push(...page.items.map((t) => t.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  for (const tenantId of tenants) {
    const targets: DeliveryTarget[] = [];
    if (options.targetId) targets.push((await ctx.store.targets.get(tenantId, options.targetId)).target);
    else {
      let cursor: string | undefined;
      do {
        const page = await ctx.store.targets.list(tenantId, { cursor, limit: 200 });
        targets.push(...page.items.map((t) => t.target));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    }
    for (const target of targets) {
      let profile: DeliveryProfile;
      try {
        profile = profileOf(target);
      } catch {
        continue;
      }
      if (!profile.acknowledgements) continue;
      if (!options.targetId) {
        const waiting = await ctx.store.deliveries.list(tenantId, {
          targetId: target.id,
          status: 'completed',
          limit: 1,
        });
        if (waiting.items.length === 0) continue;
      }
      try {
        await collectTarget(ctx, tenantId, target, profile, report);
      } catch (error) {
        if (options.targetId) throw error;
        ctx.logger.warn?.({ tenantId, targetId: target.id, err: (error as Error).name }, 'acknowledgements unread');
      }
    }
  }
  return report;
}

// --- Internal helpers ---

interface SeenFiles {
  /** path → ISO instant it was applied (or given up on) */
  done: Record<string, string>;
  /** path → ISO instant it was first read without a match */
  pending: Record<string, string>;
}

const seenKey = (targetId: string) => `_distro/acks/${encodeURIComponent(targetId)}.json`;

async function readSeen(ctx: ServiceContext, tenantId: string, targetId: string): Promise<SeenFiles> {
  const key = seenKey(targetId);
  if (!(await ctx.store.assets.stat(tenantId, key))) return { done: {}, pending: {} };
  const chunks: Buffer[] = [];
  for await (const c of await ctx.store.assets.get(tenantId, key)) chunks.push(Buffer.from(c as Uint8Array));
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as SeenFiles;
}

async function collectTarget(
  ctx: ServiceContext,
  tenantId: string,
  target: DeliveryTarget,
  profile: DeliveryProfile,
  report: AckCollectionReport,
): Promise<void> {
  const seen = await readSeen(ctx, tenantId, target.id);
  const runtime = createDeliveryRuntime(ctx.transports(target, await openConfig(ctx.box, target.config)), {
    retries: 1,
    minTimeout: 200,
  });
  report.targets++;
  const now = ctx.now();
  const awaiting = awaitingAnswer(ctx, tenantId, target.id);
  try {
    for (const file of await readAcknowledgements(runtime, profile, { skip: (p) => p in seen.done })) {
      report.files++;
      const outcome = await applyAckFile(ctx, tenantId, target.id, file, awaiting);
      report.applied += outcome.applied;
      report.unmatched += outcome.unmatched;
      const { settled, matched } = outcome;
      const first = seen.pending[file.path] ?? new Date(now).toISOString();
      if (settled && (matched || now - Date.parse(first) > UNMATCHED_RETRY_MS)) {
        seen.done[file.path] = new Date(now).toISOString();
        delete seen.pending[file.path];
      } else seen.pending[file.path] = first;
    }
  } finally {
    await runtime.dispose();
    await ctx.store.assets
      .put(tenantId, seenKey(target.id), JSON.stringify(seen), { contentType: 'application/json' })
      .catch(() => undefined);
  }
}

/** The target's deliveries waiting for an answer (`completed`), listed once, on first use. */
function awaitingAnswer(ctx: ServiceContext, tenantId: string, targetId: string): () => Promise<DeliveryRecord[]> {
  let waiting: DeliveryRecord[] | undefined;
  return async () => {
    if (!waiting) {
      waiting = [];
      let cursor: string | undefined;
      do {
        const page = await ctx.store.deliveries.list(tenantId, { targetId, status: 'completed', cursor, limit: 500 });
        waiting.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    }
    return waiting;
  };
}

/** What applying one acknowledgement did. */
interface AckFileOutcome {
  /** entries recorded on a delivery for the first time */
  applied: number;
  /** entries that matched no delivery of the target */
  unmatched: number;
  /** entries about a delivery still being sent */
  waiting: number;
  /** false while an entry waits for its delivery to finish sending */
  settled: boolean;
  /** true when some entry matched a delivery */
  matched: boolean;
}

/** Applies every release entry of one acknowledgement to the delivery it names. */
async function applyAckFile(
  ctx: ServiceContext,
  tenantId: string,
  targetId: string,
  file: AckFile,
  awaiting: () => Promise<DeliveryRecord[]>,
): Promise<AckFileOutcome> {
  const outcome: AckFileOutcome = { applied: 0, unmatched: 0, waiting: 0, settled: true, matched: false };
  for (const [i, entry] of file.ack.releases.entries()) {
    const match = await matchDelivery(ctx, tenantId, targetId, file, entry, awaiting);
    if (match === 'wait') {
      outcome.settled = false;
      outcome.waiting++;
    } else if (!match) outcome.unmatched++;
    else {
      outcome.matched = true;
      if (await applyAck(ctx, tenantId, match, file, entry, i)) outcome.applied++;
    }
  }
  return outcome;
}

/** What one acknowledgement posted by a DSP did. */
export interface AckReceiptReport {
  /** the acknowledgement's root element */
  messageType: string;
  /** release entries recorded on a delivery for the first time (0 when the same ack is posted again) */
  applied: number;
  /** entries that matched no delivery of the target */
  unmatched: number;
  /** entries about a delivery still being sent: post the acknowledgement again later */
  waiting: number;
}

/**
 * Applies an acknowledgement a DSP sent over HTTP instead of leaving a file (delivery.md §1.6: "receive an HTTP
 * callback"), exactly as a collected ack file: receipts, logs, statuses, webhooks. The same body posted twice is
 * applied once (receipts are keyed by its SHA-256). `fileName`, when the DSP names the ack the way the choreography
 * names files (`ACK_<MessageId>_<timestamp>.xml`, `ACK_<BatchId>_<UPC>.xml`), helps to match it.
 */
export async function receiveAcknowledgement(
  ctx: ServiceContext,
  tenantId: string,
  targetId: string,
  xml: string,
  fileName?: string,
): Promise<AckReceiptReport> {
  await ctx.store.targets.get(tenantId, targetId);
  const ack = parseAcknowledgement(xml);
  if (!/Acknowledgement/.test(ack.messageType)) {
    throw new DistroError('VALIDATION', 'the body is not a DDEX acknowledgement', {
      issues: [
        {
          code: 'not_an_acknowledgement',
          path: '',
          message:
            `expected an AcknowledgementMessage, ErnAcknowledgementStatusMessage or FtpAcknowledgementMessage, ` +
            `found ${ack.messageType === 'unknown' ? 'no XML element' : `<${ack.messageType}>`}`,
        },
      ],
    });
  }
  const digest = createHash('sha256').update(xml).digest('hex').slice(0, 32);
  const safeName = fileName?.replace(/[^\w.-]+/g, '_').slice(0, 200);
  const file: AckFile = { path: `http/${digest}/${safeName || 'ack.xml'}`, ack, xml };
  const outcome = await applyAckFile(ctx, tenantId, targetId, file, awaitingAnswer(ctx, tenantId, targetId));
  return {
    messageType: ack.messageType,
    applied: outcome.applied,
    unmatched: outcome.unmatched,
    waiting: outcome.waiting,
  };
}

/** The UPC a sent delivery's ERN was named after (`deliveries/<id>/<upc>.xml`). */
const upcOf = (d: DeliveryRecord) => /([^/]+)\.xml$/.exec(d.package?.ernFile ?? '')?.[1];

/**
 * The delivery an ack entry is about: by the acknowledged MessageId (ours is the delivery id), else by batch id and
 * release id among the target's deliveries waiting for an answer. `wait` when it is still being sent.
 */
async function matchDelivery(
  ctx: ServiceContext,
  tenantId: string,
  targetId: string,
  file: AckFile,
  entry: AckRelease,
  awaiting: () => Promise<DeliveryRecord[]>,
): Promise<DeliveryRecord | 'wait' | undefined> {
  const hints = ackFileHints(file.path);
  const single = file.ack.releases.length === 1;
  const messageId = entry.messageId ?? (single ? (hints.messageId ?? file.ack.messageId) : undefined);
  if (messageId) {
    const d = await ctx.store.deliveries.get(tenantId, messageId).catch((error) => {
      if (isCatalogStoreError(error, 'NOT_FOUND') || isCatalogStoreError(error, 'INVALID_ARGUMENT')) return null;
      throw error;
    });
    if (d && d.targetId === targetId) {
      return d.status === 'processing' || d.status === 'delivering' ? 'wait' : d;
    }
  }
  const releaseId = entry.releaseId ?? (single ? hints.releaseId : undefined);
  const batchId = entry.batchId ?? file.ack.batchId ?? hints.batchId;
  if (!releaseId) return undefined;
  const candidates = (await awaiting()).filter((d) => upcOf(d) === releaseId);
  if (batchId) return candidates.find((d) => d.started && formatTimestamp(new Date(d.started)) === batchId);
  return candidates[0];
}

/** Records one ack entry on its delivery; false when it was applied before. */
async function applyAck(
  ctx: ServiceContext,
  tenantId: string,
  d: DeliveryRecord,
  file: AckFile,
  entry: AckRelease,
  index: number,
): Promise<boolean> {
  const { store } = ctx;
  const id = `ack-${createHash('sha256').update(`${file.path}\n${index}`).digest('hex').slice(0, 32)}`;
  try {
    await store.deliveries.addReceipt(tenantId, d.id, {
      id,
      dspMessageId: file.ack.messageId,
      acknowledgment: entry.status,
      body: file.xml.slice(0, 65_536),
    });
  } catch (error) {
    if (isCatalogStoreError(error, 'ALREADY_EXISTS')) return false;
    throw error;
  }
  const name = file.path.slice(file.path.lastIndexOf('/') + 1);
  const detail = `${entry.statuses.join(', ') || 'no status'}${entry.errorText ? `: ${entry.errorText}` : ''}`;
  await store.deliveries.appendLog(tenantId, d.id, {
    level: entry.status === 'rejected' ? 'error' : entry.status === 'unknown' ? 'warn' : 'info',
    message: `acknowledgement ${name}: ${entry.status} (${detail})`,
    data: { file: file.path, statuses: entry.statuses, ...(entry.errorText ? { errorText: entry.errorText } : {}) },
  });
  const status = entry.status === 'accepted' ? 'acknowledged' : entry.status === 'rejected' ? 'rejected' : undefined;
  // a delivery sent again meanwhile keeps its state: the answer was about the earlier batch
  if (!status || !SENT_STATUSES.includes(d.status) || d.status === status) return true;
  const error =
    status === 'rejected'
      ? { code: 'DSP_REJECTED', message: entry.errorText ?? `the recipient answered ${detail}` }
      : null;
  const data = {
    deliveryId: d.id,
    releaseId: d.releaseId,
    targetId: d.targetId,
    ack: { file: file.path, status: entry.status, statuses: entry.statuses },
  };
  if (status === 'rejected') await emitEvent(ctx, tenantId, 'delivery.failed', `${d.id}:${id}`, { ...data, error });
  else await emitEvent(ctx, tenantId, 'delivery.acknowledged', `${d.id}:${id}`, data);
  await store.deliveries.update(tenantId, d.id, { status, error });
  return true;
}
