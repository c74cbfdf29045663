// The delivery queue on a plain `jobs` table with `SELECT ... FOR UPDATE SKIP LOCKED` and leases, rather than on
// pg-boss or graphile-worker. Why this fits better here:
// - The catalog-store contract is a leased queue: claim returns a lease token, heartbeat/complete/fail must present
//   it, an expired lease is reclaimed by the next claim as a new attempt, and the lease-expired-on-the-last-attempt
//   case dead-letters. pg-boss expires jobs with its own maintenance loop and has no per-claim token; graphile-worker
//   runs the handler itself (a worker loop owning the job) instead of handing jobs to our workers. Either would need an
//   adapter layer that re-implements exactly these rules on top of theirs.
// - Time comes from the store's clock (tests move it; leases and backoff follow), which neither engine accepts: both
//   compare against the database's now().
// - Jobs are tenant rows like everything else: the same RLS policy, the same transaction scope, enqueue in the same
//   transaction as the caller's other writes, and no second schema, background timers or LISTEN connection to run.
// - SKIP LOCKED is what both engines use underneath; the claim below locks its candidates with it, so N workers on N
//   machines never block on each other's rows and never take the same job (a locked row is skipped; a row committed
//   as running in between is re-checked by PostgreSQL and no longer due).
import { randomUUID } from 'node:crypto';
import {
  ALL_TENANTS,
  assertId,
  assertTenantId,
  type BackoffOptions,
  backoffDelay,
  type ClaimedJob,
  type DeliveryQueue,
  decodeCursor,
  invalidArgument,
  isoInstant,
  type JobRecord,
  LeaseLostError,
  manyOf,
  NotFoundError,
  PRIORITY_RANK,
  pageSize,
  priorityOfRank,
  validateClaim,
  validateEnqueue,
} from '@ddex/catalog-store';
import { ALL_TENANTS_SCOPE, ERR, type PgDb } from './db';
import type { PgQueryable } from './pg-types';
import { insertError, iso, isoOf, json, pageOf, Where } from './rows';

interface Row {
  seq: string;
  id: string;
  tenant_id: string;
  kind: string;
  payload: unknown;
  status: JobRecord['status'];
  attempts: number;
  max_attempts: number;
  run_at: Date;
  priority: number;
  lease_expires_at: Date | null;
  locked_by: string | null;
  lease_token: string | null;
  last_error: string | null;
  result: unknown;
  dedupe_key: string | null;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}

const COLS = `seq, id, tenant_id, kind, payload, status, attempts, max_attempts, run_at, priority, lease_expires_at,
  locked_by, lease_token, last_error, result, dedupe_key, created_at, updated_at, finished_at`;

const toJob = (r: Row): JobRecord => ({
  id: r.id,
  tenantId: r.tenant_id,
  kind: r.kind,
  payload: r.payload,
  status: r.status,
  attempts: r.attempts,
  maxAttempts: r.max_attempts,
  runAt: isoOf(r.run_at),
  priority: priorityOfRank(r.priority),
  leaseExpiresAt: iso(r.lease_expires_at),
  lockedBy: r.locked_by,
  lastError: r.last_error,
  result: r.result,
  dedupeKey: r.dedupe_key,
  createdAt: isoOf(r.created_at),
  updatedAt: isoOf(r.updated_at),
  finishedAt: iso(r.finished_at),
});

/** A due job locked by a claim, before it is leased. */
type Candidate = Pick<Row, 'seq' | 'priority' | 'run_at'>;

/** The order claims take due jobs in: priority (high first), then run_at, then enqueue order. */
const claimOrder = (a: Candidate, b: Candidate) =>
  b.priority - a.priority || a.run_at.getTime() - b.run_at.getTime() || Number(a.seq) - Number(b.seq);

/** Reads a job for a lease check; NOT_FOUND when the tenant has no such job. */
async function jobRow(q: PgQueryable, tenantId: string, id: string, lock = false): Promise<Row> {
  const res = await q.query<Row>(
    `SELECT ${COLS} FROM jobs WHERE tenant_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`,
    [tenantId, id],
  );
  if (!res.rows[0]) throw new NotFoundError('job', id, ERR);
  return res.rows[0];
}

/** The delivery queue on PostgreSQL (`FOR UPDATE SKIP LOCKED` + leases). @internal */
export function pgQueue(db: PgDb, backoff: BackoffOptions): DeliveryQueue {
  const scoped = (tenantId: string, id: string) => {
    db.checkOpen();
    assertTenantId(tenantId);
    assertId('job', id);
  };
  /** Runs a lease-guarded UPDATE; when it matched nothing, tells NOT_FOUND from LEASE_LOST. */
  const leased = async (tenantId: string, id: string, set: string, params: unknown[]): Promise<JobRecord> =>
    db.tx({ tenant: tenantId }, async (q) => {
      const res = await q.query<Row>(
        `UPDATE jobs SET ${set} WHERE tenant_id = $1 AND id = $2 AND status = 'running' AND lease_token = $3
         RETURNING ${COLS}`,
        [tenantId, id, ...params],
      );
      if (res.rows[0]) return toJob(res.rows[0]);
      await jobRow(q, tenantId, id);
      throw new LeaseLostError(id, ERR);
    });

  return {
    async enqueue(tenantId, input) {
      db.checkOpen();
      assertTenantId(tenantId);
      validateEnqueue(input);
      const now = db.now();
      const runAt = isoInstant(input.runAt, db.clock());
      try {
        return await db.tx({ tenant: tenantId }, async (q) => {
          const res = await q.query<Row>(
            `INSERT INTO jobs (id, tenant_id, kind, payload, status, attempts, max_attempts, run_at, priority,
               dedupe_key, created_at, updated_at)
             VALUES ($1, $2, $3, $4::jsonb, 'queued', 0, $5, $6, $9, $7, $8, $8)
             ON CONFLICT (tenant_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
             RETURNING ${COLS}`,
            [
              randomUUID(),
              tenantId,
              input.kind,
              json(input.payload ?? null),
              input.maxAttempts ?? 5,
              runAt,
              input.dedupeKey ?? null,
              now,
              PRIORITY_RANK[input.priority ?? 'normal'],
            ],
          );
          if (res.rows[0]) return toJob(res.rows[0]);
          const existing = await q.query<Row>(`SELECT ${COLS} FROM jobs WHERE tenant_id = $1 AND dedupe_key = $2`, [
            tenantId,
            input.dedupeKey,
          ]);
          return toJob(existing.rows[0]!);
        });
      } catch (error) {
        throw insertError(error, 'job', '', tenantId);
      }
    },

    async claim(scope, options) {
      db.checkOpen();
      if (scope !== ALL_TENANTS) assertTenantId(scope);
      const limit = validateClaim(options);
      const nowMs = db.clock();
      const now = new Date(nowMs).toISOString();
      const w = new Where();
      if (scope !== ALL_TENANTS) w.add('tenant_id = $?', scope);
      if (options.kinds !== undefined) w.add('kind = ANY($?::text[])', options.kinds);
      const nowP = w.param(now);
      const filter = w.parts.length > 0 ? `${w.parts.join(' AND ')} AND` : '';
      const tenant = scope === ALL_TENANTS ? ALL_TENANTS_SCOPE : scope;
      return db.tx({ tenant }, async (q) => {
        // a lease that ran out on the last attempt dead-letters instead of running again
        await q.query(
          `UPDATE jobs SET status = 'dead', last_error = 'lease expired on attempt ' || attempts || ' of ' || max_attempts,
             lease_expires_at = NULL, locked_by = NULL, lease_token = NULL, finished_at = ${nowP}, updated_at = ${nowP}
           WHERE seq IN (SELECT seq FROM jobs WHERE ${filter} status = 'running' AND lease_expires_at <= ${nowP}
             AND attempts >= max_attempts FOR UPDATE SKIP LOCKED)`,
          w.params,
        );
        // queued jobs and expired leases are locked apart: one OR over both cannot walk jobs_due (priority DESC,
        // run_at, seq) in order and becomes a scan and a sort of every due job; each read alone stops at `limit`
        const lock = (due: string) =>
          q.query<Candidate>(
            `SELECT seq, priority, run_at FROM jobs WHERE ${filter} ${due}
             ORDER BY priority DESC, run_at, seq LIMIT ${limit} FOR UPDATE SKIP LOCKED`,
            w.params,
          );
        const queued = await lock(`status = 'queued' AND run_at <= ${nowP}`);
        const expired = await lock(`status = 'running' AND lease_expires_at <= ${nowP} AND attempts < max_attempts`);
        const chosen = [...queued.rows, ...expired.rows].sort(claimOrder).slice(0, limit);
        if (chosen.length === 0) return [];
        const res = await q.query<Row>(
          `UPDATE jobs j SET status = 'running', attempts = j.attempts + 1, lease_expires_at = $1, locked_by = $2,
             lease_token = gen_random_uuid()::text, updated_at = $3
           WHERE j.seq = ANY($4::bigint[]) RETURNING ${COLS.replace(/(^|,\s*)(\w+)/g, '$1j.$2')}`,
          [new Date(nowMs + options.leaseMs).toISOString(), options.workerId, now, chosen.map((c) => c.seq)],
        );
        return res.rows.sort(claimOrder).map((r): ClaimedJob => ({ ...toJob(r), leaseToken: r.lease_token! }));
      });
    },

    async heartbeat(tenantId, jobId, leaseToken, leaseMs) {
      scoped(tenantId, jobId);
      if (!Number.isFinite(leaseMs) || leaseMs <= 0) throw invalidArgument('leaseMs must be positive');
      const expires = new Date(db.clock() + leaseMs).toISOString();
      return leased(tenantId, jobId, 'lease_expires_at = $4, updated_at = $5', [leaseToken, expires, db.now()]);
    },

    async complete(tenantId, jobId, leaseToken, result) {
      scoped(tenantId, jobId);
      return db.tx({ tenant: tenantId }, async (q) => {
        const res = await q.query<Row>(
          `UPDATE jobs SET status = 'completed', result = $4::jsonb, lease_expires_at = NULL, finished_at = $5,
             updated_at = $5
           WHERE tenant_id = $1 AND id = $2 AND status = 'running' AND lease_token = $3 RETURNING ${COLS}`,
          [tenantId, jobId, leaseToken, json(result ?? null), db.now()],
        );
        if (res.rows[0]) return toJob(res.rows[0]);
        const row = await jobRow(q, tenantId, jobId);
        // completion is idempotent for the holder of the lease that completed it
        if (row.status === 'completed' && row.lease_token === leaseToken) return toJob(row);
        throw new LeaseLostError(jobId, ERR);
      });
    },

    async fail(tenantId, jobId, leaseToken, options) {
      scoped(tenantId, jobId);
      return db.tx({ tenant: tenantId }, async (q) => {
        const row = await jobRow(q, tenantId, jobId, true);
        if (row.status !== 'running' || row.lease_token !== leaseToken) throw new LeaseLostError(jobId, ERR);
        const dead = options.permanent === true || row.attempts >= row.max_attempts;
        const delay = options.retryInMs ?? backoffDelay(row.attempts, backoff);
        const res = await q.query<Row>(
          `UPDATE jobs SET status = $3, last_error = $4, lease_expires_at = NULL, locked_by = NULL, lease_token = NULL,
             run_at = coalesce($5, run_at), finished_at = $6, updated_at = $7
           WHERE tenant_id = $1 AND id = $2 RETURNING ${COLS}`,
          [
            tenantId,
            jobId,
            dead ? 'dead' : 'queued',
            options.error,
            dead ? null : new Date(db.clock() + delay).toISOString(),
            dead ? db.now() : null,
            db.now(),
          ],
        );
        return toJob(res.rows[0]!);
      });
    },

    async requeue(tenantId, jobId, options = {}) {
      scoped(tenantId, jobId);
      const runAt = isoInstant(options.runAt, db.clock());
      return db.tx({ tenant: tenantId }, async (q) => {
        const res = await q.query<Row>(
          `UPDATE jobs SET status = 'queued', attempts = 0, run_at = $3, finished_at = NULL, updated_at = $4
           WHERE tenant_id = $1 AND id = $2 AND status = 'dead' RETURNING ${COLS}`,
          [tenantId, jobId, runAt, db.now()],
        );
        if (res.rows[0]) return toJob(res.rows[0]);
        const row = await jobRow(q, tenantId, jobId);
        throw invalidArgument(`job "${jobId}" is ${row.status}, not dead`, ERR);
      });
    },

    async get(tenantId, jobId) {
      scoped(tenantId, jobId);
      return db.tx({ tenant: tenantId }, async (q) => toJob(await jobRow(q, tenantId, jobId)));
    },

    async list(tenantId, query = {}) {
      db.checkOpen();
      assertTenantId(tenantId);
      const limit = pageSize(query.limit);
      const after = decodeCursor(query.cursor);
      const w = new Where().add('tenant_id = $?', tenantId);
      const status = manyOf(query.status);
      if (status) w.add('status = ANY($?::text[])', status);
      if (query.kind !== undefined) w.add('kind = $?', query.kind);
      if (after !== null) w.add('seq < $?', after);
      return db.tx({ tenant: tenantId }, async (q) => {
        const res = await q.query<Row>(`SELECT ${COLS} FROM jobs ${w} ORDER BY seq DESC LIMIT ${limit + 1}`, w.params);
        return pageOf(res.rows, limit, toJob);
      });
    },
  };
}
