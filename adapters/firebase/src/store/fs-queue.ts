// The delivery queue on Firestore documents (`tenants/{tenantId}/jobs/{jobId}`), without transactions on the hot
// path: every state change is a read followed by a write with a `lastUpdateTime` precondition, so two workers that
// race for one job cannot both win (the loser's write fails with FAILED_PRECONDITION and it moves on). A claim reads
// a window of due jobs (`claimable == true && dueAt <= now`, oldest first; `dueAt` is `runAt` for queued jobs and the
// lease end for running ones, so an expired lease is due again) and takes them one by one. Claimers in one process
// also skip the jobs another local claimer is taking, which keeps N local workers from queueing on the same job.
// Priorities: Firestore orders by the field of the range filter (dueAt) first, so "priority, then dueAt" is not one
// query; a claim reads the levels in turn (`priority == level`), high first, three small indexed queries at most.
// Job documents written before priorities have no `priority` field and match no level: a last pass without the
// level filter (the pre-priority index) claims them, and whatever due job a busy level pass left, so none is lost.
import { createHash, randomUUID } from 'node:crypto';
import {
  ALL_TENANTS,
  assertId,
  backoffDelay,
  type ClaimedJob,
  type ClaimOptions,
  type ClaimScope,
  type DeliveryQueue,
  invalidArgument,
  isoInstant,
  JOB_PRIORITIES,
  type JobPriority,
  type JobRecord,
  LeaseLostError,
  manyOf,
  NotFoundError,
  pageSize,
  validateClaim,
  validateEnqueue,
} from '@ddex/catalog-store';
import type { DocumentSnapshot, Query, QueryDocumentSnapshot } from 'firebase-admin/firestore';
import { ERR, type FsDb, GRPC, grpcCode, pageQuery, withRetry } from './fs-db';

/** A job document. Payload and result are JSON text, so any JSON value (nested arrays too) round-trips. */
interface JobDoc extends Omit<JobRecord, 'payload' | 'result'> {
  payloadJson: string;
  resultJson: string;
  seq: number;
  /** queued or running: a claim may take it once `dueAt` has passed */
  claimable: boolean;
  /** ms: runAt (queued), lease end (running), or 0 (finished) */
  dueAt: number;
  leaseToken: string | null;
}

const toJob = (d: JobDoc): JobRecord => {
  const { payloadJson, resultJson, seq: _s, claimable: _c, dueAt: _d, leaseToken: _t, ...rest } = d;
  return {
    ...rest,
    priority: rest.priority ?? 'normal',
    payload: JSON.parse(payloadJson),
    result: JSON.parse(resultJson),
  };
};

const json = (value: unknown): string => JSON.stringify(value ?? null);

/** The job id of a dedupe key: enqueueing the key twice creates the same document, so the second create fails. */
const dedupeId = (tenantId: string, key: string) =>
  `d-${createHash('sha256').update(`${tenantId}\u0000${key}`, 'utf8').digest('hex').slice(0, 40)}`;

/** Most rounds of a claim whose candidates were all taken by other claimers. */
const CLAIM_ROUNDS = 10;

/** The delivery queue on Firestore. @internal */
export function fsQueue(db: FsDb): DeliveryQueue {
  const inFlight = new Set<string>();
  const ref = (tenantId: string, id: string) => {
    db.check(tenantId);
    assertId('job', id);
    return db.doc(tenantId, 'jobs', id);
  };
  const existing = (snap: DocumentSnapshot, id: string): JobDoc => {
    if (!snap.exists) throw new NotFoundError('job', id, ERR);
    return snap.data() as JobDoc;
  };
  /** writes `patch` on the job read as `snap`, only if nobody wrote it since; returns the new document */
  const write = async (snap: DocumentSnapshot, doc: JobDoc, patch: Partial<JobDoc>): Promise<JobDoc> => {
    const next: JobDoc = { ...doc, ...patch, updatedAt: db.now() };
    await snap.ref.update({ ...patch, updatedAt: next.updatedAt }, { lastUpdateTime: snap.updateTime! });
    return next;
  };
  /** a lease-holder operation: read, check the token, write; again when another write got in between */
  const leased = (
    tenantId: string,
    jobId: string,
    token: string,
    change: (doc: JobDoc) => Partial<JobDoc> | JobDoc,
  ): Promise<JobRecord> =>
    withRetry(async () => {
      const r = ref(tenantId, jobId);
      const snap = await r.get();
      const doc = existing(snap, jobId);
      const patch = change(doc);
      if (patch === doc) return toJob(doc);
      if (doc.status !== 'running' || doc.leaseToken !== token) throw new LeaseLostError(jobId, ERR);
      return toJob(await write(snap, doc, patch));
    });

  /** takes one candidate: null when another claimer got it first or it was dead-lettered instead */
  const take = async (snap: QueryDocumentSnapshot, nowMs: number, workerId: string, leaseMs: number) => {
    const doc = snap.data() as JobDoc;
    try {
      if (doc.status === 'running' && doc.attempts >= doc.maxAttempts) {
        await write(snap, doc, {
          status: 'dead',
          claimable: false,
          dueAt: 0,
          lastError: `lease expired on attempt ${doc.attempts} of ${doc.maxAttempts}`,
          leaseExpiresAt: null,
          lockedBy: null,
          leaseToken: null,
          finishedAt: db.now(),
        });
        return null;
      }
      const leaseToken = randomUUID();
      const next = await write(snap, doc, {
        // a job written before priorities gets its level now, so the level passes find it from here on
        priority: doc.priority ?? 'normal',
        status: 'running',
        attempts: doc.attempts + 1,
        leaseExpiresAt: new Date(nowMs + leaseMs).toISOString(),
        dueAt: nowMs + leaseMs,
        lockedBy: workerId,
        leaseToken,
      });
      return { ...toJob(next), leaseToken } satisfies ClaimedJob;
    } catch (error) {
      if (grpcCode(error) === GRPC.FAILED_PRECONDITION) return null;
      throw error;
    }
  };

  /** claims up to `limit` due jobs of one priority level (any, when undefined), oldest first */
  const claimLevel = async (
    scope: ClaimScope,
    level: JobPriority | undefined,
    kinds: string[] | undefined,
    limit: number,
    options: ClaimOptions,
  ): Promise<ClaimedJob[]> => {
    const claimed: ClaimedJob[] = [];
    for (let round = 0; round < CLAIM_ROUNDS && claimed.length < limit; round++) {
      const nowMs = db.clock();
      let q: Query = scope === ALL_TENANTS ? db.db.collectionGroup('jobs') : db.col(scope, 'jobs');
      q = q.where('claimable', '==', true);
      if (level !== undefined) q = q.where('priority', '==', level);
      q = q.where('dueAt', '<=', nowMs);
      if (kinds !== undefined) q = q.where('kind', 'in', kinds.slice(0, 30));
      const window = await q
        .orderBy('dueAt')
        .orderBy('seq')
        .limit(Math.min(300, (limit - claimed.length) * 2 + 8))
        .get();
      if (window.empty) break;
      let lost = 0;
      for (const snap of window.docs) {
        if (claimed.length >= limit) break;
        const key = snap.ref.path;
        if (inFlight.has(key)) {
          lost++;
          continue;
        }
        inFlight.add(key);
        try {
          const job = await take(snap, nowMs, options.workerId, options.leaseMs);
          if (job) claimed.push(job);
          else lost++;
        } finally {
          inFlight.delete(key);
        }
      }
      // candidates went to other claimers: look again until the claim is full or nothing is due
      if (claimed.length >= limit || lost === 0) break;
      await new Promise((r) => setTimeout(r, Math.random() * 5));
    }
    return claimed;
  };

  return {
    async enqueue(tenantId, input) {
      db.check(tenantId);
      validateEnqueue(input);
      await db.requireTenant(tenantId);
      const id = input.dedupeKey === undefined ? randomUUID() : dedupeId(tenantId, input.dedupeKey);
      const nowMs = db.clock();
      const now = new Date(nowMs).toISOString();
      const runAt = isoInstant(input.runAt, nowMs);
      const doc: JobDoc = {
        id,
        tenantId,
        kind: input.kind,
        payloadJson: json(input.payload),
        resultJson: 'null',
        status: 'queued',
        attempts: 0,
        maxAttempts: input.maxAttempts ?? 5,
        runAt,
        priority: input.priority ?? 'normal',
        leaseExpiresAt: null,
        lockedBy: null,
        lastError: null,
        dedupeKey: input.dedupeKey ?? null,
        createdAt: now,
        updatedAt: now,
        finishedAt: null,
        seq: db.seq(),
        claimable: true,
        dueAt: Date.parse(runAt),
        leaseToken: null,
      };
      try {
        await ref(tenantId, id).create(doc);
      } catch (error) {
        if (grpcCode(error) !== GRPC.ALREADY_EXISTS || input.dedupeKey === undefined) throw error;
        return toJob(existing(await ref(tenantId, id).get(), id));
      }
      return toJob(doc);
    },

    async claim(scope, options) {
      db.check(scope === ALL_TENANTS ? undefined : scope);
      const limit = validateClaim(options);
      const kinds = options.kinds;
      if (kinds !== undefined && kinds.length === 0) return [];
      const claimed: ClaimedJob[] = [];
      for (const level of JOB_PRIORITIES) {
        if (claimed.length >= limit) break;
        claimed.push(...(await claimLevel(scope, level, kinds, limit - claimed.length, options)));
      }
      if (claimed.length < limit)
        claimed.push(...(await claimLevel(scope, undefined, kinds, limit - claimed.length, options)));
      return claimed;
    },

    async heartbeat(tenantId, jobId, leaseToken, leaseMs) {
      if (!Number.isFinite(leaseMs) || leaseMs <= 0) throw invalidArgument('leaseMs must be positive', ERR);
      return leased(tenantId, jobId, leaseToken, () => {
        const nowMs = db.clock();
        return { leaseExpiresAt: new Date(nowMs + leaseMs).toISOString(), dueAt: nowMs + leaseMs };
      });
    },

    async complete(tenantId, jobId, leaseToken, result) {
      return leased(tenantId, jobId, leaseToken, (doc) =>
        doc.status === 'completed' && doc.leaseToken === leaseToken
          ? doc
          : {
              status: 'completed',
              claimable: false,
              dueAt: 0,
              resultJson: json(result),
              leaseExpiresAt: null,
              finishedAt: db.now(),
            },
      );
    },

    async fail(tenantId, jobId, leaseToken, options) {
      return leased(tenantId, jobId, leaseToken, (doc) => {
        if (options.permanent || doc.attempts >= doc.maxAttempts) {
          return {
            status: 'dead',
            claimable: false,
            dueAt: 0,
            lastError: options.error,
            leaseExpiresAt: null,
            lockedBy: null,
            leaseToken: null,
            finishedAt: db.now(),
          };
        }
        const runAtMs = db.clock() + (options.retryInMs ?? backoffDelay(doc.attempts, db.backoff));
        return {
          status: 'queued',
          dueAt: runAtMs,
          runAt: new Date(runAtMs).toISOString(),
          lastError: options.error,
          leaseExpiresAt: null,
          lockedBy: null,
          leaseToken: null,
        };
      });
    },

    async requeue(tenantId, jobId, options = {}) {
      return withRetry(async () => {
        const snap = await ref(tenantId, jobId).get();
        const doc = existing(snap, jobId);
        if (doc.status !== 'dead') throw invalidArgument(`job "${jobId}" is ${doc.status}, not dead`, ERR);
        const runAt = isoInstant(options.runAt, db.clock());
        return toJob(
          await write(snap, doc, {
            status: 'queued',
            claimable: true,
            attempts: 0,
            runAt,
            dueAt: Date.parse(runAt),
            finishedAt: null,
          }),
        );
      });
    },

    async get(tenantId, jobId) {
      return toJob(existing(await ref(tenantId, jobId).get(), jobId));
    },

    async list(tenantId, query = {}) {
      db.check(tenantId);
      let q: Query = db.col(tenantId, 'jobs');
      const status = manyOf(query.status);
      if (status?.length === 1) q = q.where('status', '==', status[0]);
      else if (status) q = q.where('status', 'in', status);
      if (query.kind !== undefined) q = q.where('kind', '==', query.kind);
      return pageQuery({
        query: q,
        cursor: query.cursor,
        limit: pageSize(query.limit),
        order: 'desc',
        map: (snap) => toJob(snap.data() as JobDoc),
      });
    },
  };
}
