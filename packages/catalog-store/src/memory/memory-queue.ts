import { randomUUID } from 'node:crypto';
import { pageBySeq } from '../cursor';
import { invalidArgument, LeaseLostError, NotFoundError } from '../errors';
import { assertId, isoInstant, manyOf } from '../prepare';
import {
  ALL_TENANTS,
  backoffDelay,
  type ClaimedJob,
  type DeliveryQueue,
  type JobRecord,
  PRIORITY_RANK,
} from '../queue';
import { validateClaim, validateEnqueue } from '../queue-checks';
import { clone, type MemoryState, tk } from './state';

interface Row {
  seq: number;
  job: JobRecord;
  token: string | null;
}

/** In-memory delivery queue. @internal */
export function memoryQueue(state: MemoryState): DeliveryQueue {
  const rows = new Map<string, Row>();
  const opts = { store: 'memory' };
  const row = (tenantId: string, id: string): Row => {
    state.check(tenantId);
    assertId('job', id);
    const r = rows.get(tk(tenantId, id));
    if (!r) throw new NotFoundError('job', id, opts);
    return r;
  };
  const leased = (tenantId: string, id: string, token: string): Row => {
    const r = row(tenantId, id);
    if (r.job.status !== 'running' || r.token !== token) throw new LeaseLostError(id, opts);
    return r;
  };
  const touch = (r: Row, patch: Partial<JobRecord>): JobRecord => {
    r.job = { ...r.job, ...patch, updatedAt: state.now() };
    return clone(r.job);
  };

  return {
    async enqueue(tenantId, input) {
      state.requireTenant(tenantId);
      validateEnqueue(input);
      if (input.dedupeKey !== undefined) {
        for (const r of rows.values()) {
          if (r.job.tenantId === tenantId && r.job.dedupeKey === input.dedupeKey) return clone(r.job);
        }
      }
      const now = state.now();
      const job: JobRecord = {
        id: randomUUID(),
        tenantId,
        kind: input.kind,
        payload: clone(input.payload ?? null),
        status: 'queued',
        attempts: 0,
        maxAttempts: input.maxAttempts ?? 5,
        runAt: isoInstant(input.runAt, state.clock()),
        priority: input.priority ?? 'normal',
        leaseExpiresAt: null,
        lockedBy: null,
        lastError: null,
        result: null,
        dedupeKey: input.dedupeKey ?? null,
        createdAt: now,
        updatedAt: now,
        finishedAt: null,
      };
      rows.set(tk(tenantId, job.id), { seq: state.seq(), job, token: null });
      return clone(job);
    },
    async claim(scope, options) {
      state.check(scope === ALL_TENANTS ? undefined : scope);
      const limit = validateClaim(options);
      const nowMs = state.clock();
      const now = state.now();
      const due = [...rows.values()]
        .filter(
          (r) =>
            (scope === ALL_TENANTS || r.job.tenantId === scope) &&
            (options.kinds === undefined || options.kinds.includes(r.job.kind)) &&
            ((r.job.status === 'queued' && Date.parse(r.job.runAt) <= nowMs) ||
              (r.job.status === 'running' && Date.parse(r.job.leaseExpiresAt!) <= nowMs)),
        )
        .sort(
          (a, b) =>
            PRIORITY_RANK[b.job.priority] - PRIORITY_RANK[a.job.priority] ||
            Date.parse(a.job.runAt) - Date.parse(b.job.runAt) ||
            a.seq - b.seq,
        );
      const claimed: ClaimedJob[] = [];
      for (const r of due) {
        if (claimed.length >= limit) break;
        if (r.job.status === 'running' && r.job.attempts >= r.job.maxAttempts) {
          touch(r, {
            status: 'dead',
            lastError: `lease expired on attempt ${r.job.attempts} of ${r.job.maxAttempts}`,
            leaseExpiresAt: null,
            lockedBy: null,
            finishedAt: now,
          });
          r.token = null;
          continue;
        }
        r.token = randomUUID();
        const job = touch(r, {
          status: 'running',
          attempts: r.job.attempts + 1,
          leaseExpiresAt: new Date(nowMs + options.leaseMs).toISOString(),
          lockedBy: options.workerId,
        });
        claimed.push({ ...job, leaseToken: r.token });
      }
      return claimed;
    },
    async heartbeat(tenantId, jobId, leaseToken, leaseMs) {
      if (!Number.isFinite(leaseMs) || leaseMs <= 0) throw invalidArgument('leaseMs must be positive');
      const r = leased(tenantId, jobId, leaseToken);
      return touch(r, { leaseExpiresAt: new Date(state.clock() + leaseMs).toISOString() });
    },
    async complete(tenantId, jobId, leaseToken, result) {
      const r = row(tenantId, jobId);
      if (r.job.status === 'completed' && r.token === leaseToken) return clone(r.job);
      leased(tenantId, jobId, leaseToken);
      return touch(r, {
        status: 'completed',
        result: clone(result ?? null),
        leaseExpiresAt: null,
        finishedAt: state.now(),
      });
    },
    async fail(tenantId, jobId, leaseToken, options) {
      const r = leased(tenantId, jobId, leaseToken);
      r.token = null;
      if (options.permanent || r.job.attempts >= r.job.maxAttempts) {
        return touch(r, {
          status: 'dead',
          lastError: options.error,
          leaseExpiresAt: null,
          lockedBy: null,
          finishedAt: state.now(),
        });
      }
      const delay = options.retryInMs ?? backoffDelay(r.job.attempts, state.backoff);
      return touch(r, {
        status: 'queued',
        lastError: options.error,
        leaseExpiresAt: null,
        lockedBy: null,
        runAt: new Date(state.clock() + delay).toISOString(),
      });
    },
    async requeue(tenantId, jobId, options = {}) {
      const r = row(tenantId, jobId);
      if (r.job.status !== 'dead') throw invalidArgument(`job "${jobId}" is ${r.job.status}, not dead`);
      return touch(r, {
        status: 'queued',
        attempts: 0,
        runAt: isoInstant(options.runAt, state.clock()),
        finishedAt: null,
      });
    },
    async get(tenantId, jobId) {
      return clone(row(tenantId, jobId).job);
    },
    async list(tenantId, query = {}) {
      state.check(tenantId);
      const status = manyOf(query.status);
      const hits = [...rows.values()].filter(
        (r) =>
          r.job.tenantId === tenantId &&
          (status === undefined || status.includes(r.job.status)) &&
          (query.kind === undefined || r.job.kind === query.kind),
      );
      const page = pageBySeq(hits, (r) => r.seq, query);
      return { items: page.items.map((r) => clone(r.job)), nextCursor: page.nextCursor };
    },
  };
}
