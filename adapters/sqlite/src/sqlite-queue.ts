import { randomUUID } from 'node:crypto';
import {
  ALL_TENANTS,
  assertId,
  backoffDelay,
  type ClaimedJob,
  type DeliveryQueue,
  decodeCursor,
  encodeCursor,
  invalidArgument,
  isoInstant,
  JOB_PRIORITIES,
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
import { placeholders, type SqliteContext } from './context';

interface Row {
  seq: number;
  id: string;
  tenant_id: string;
  kind: string;
  payload: string;
  status: JobRecord['status'];
  attempts: number;
  max_attempts: number;
  run_at_ms: number;
  priority: number;
  lease_expires_ms: number | null;
  lease_token: string | null;
  locked_by: string | null;
  last_error: string | null;
  result: string | null;
  dedupe_key: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const toJob = (r: Row): JobRecord => ({
  id: r.id,
  tenantId: r.tenant_id,
  kind: r.kind,
  payload: JSON.parse(r.payload),
  status: r.status,
  attempts: r.attempts,
  maxAttempts: r.max_attempts,
  runAt: iso(r.run_at_ms)!,
  priority: priorityOfRank(r.priority),
  leaseExpiresAt: r.status === 'running' ? iso(r.lease_expires_ms) : null,
  lockedBy: r.locked_by,
  lastError: r.last_error,
  result: r.result === null ? null : JSON.parse(r.result),
  dedupeKey: r.dedupe_key,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  finishedAt: r.finished_at,
});

/**
 * SQLite delivery queue. A claim runs in one IMMEDIATE transaction, so claimers in this process and in other
 * processes sharing the file are serialised by SQLite's write lock: no job is leased twice. @internal
 */
export function sqliteQueue(ctx: SqliteContext): DeliveryQueue {
  const byId = (tenantId: string, id: string): Row => {
    ctx.check(tenantId);
    assertId('job', id);
    const r = ctx.stmt('SELECT * FROM jobs WHERE tenant_id = ? AND id = ?').get(tenantId, id) as Row | undefined;
    if (!r) throw new NotFoundError('job', id, ctx.opts);
    return r;
  };
  const leased = (tenantId: string, id: string, token: string): Row => {
    const r = byId(tenantId, id);
    if (r.status !== 'running' || r.lease_token !== token) throw new LeaseLostError(id, ctx.opts);
    return r;
  };
  const reread = (seq: number) => toJob(ctx.stmt('SELECT * FROM jobs WHERE seq = ?').get(seq) as Row);

  return {
    async enqueue(tenantId, input) {
      return ctx.write(() => {
        ctx.requireTenant(tenantId);
        validateEnqueue(input);
        if (input.dedupeKey !== undefined) {
          const existing = ctx
            .stmt('SELECT * FROM jobs WHERE tenant_id = ? AND dedupe_key = ?')
            .get(tenantId, input.dedupeKey) as Row | undefined;
          if (existing) return toJob(existing);
        }
        const now = ctx.now();
        const runAt = Date.parse(isoInstant(input.runAt, ctx.clock()));
        const info = ctx
          .stmt(
            `INSERT INTO jobs (id, tenant_id, kind, payload, status, attempts, max_attempts, run_at_ms, priority,
             dedupe_key, created_at, updated_at) VALUES (?, ?, ?, ?, 'queued', 0, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            randomUUID(),
            tenantId,
            input.kind,
            JSON.stringify(input.payload ?? null),
            input.maxAttempts ?? 5,
            runAt,
            PRIORITY_RANK[input.priority ?? 'normal'],
            input.dedupeKey ?? null,
            now,
            now,
          );
        return reread(Number(info.lastInsertRowid));
      });
    },
    async claim(scope, options) {
      ctx.check(scope === ALL_TENANTS ? undefined : scope);
      const limit = validateClaim(options);
      return ctx.write(() => {
        const nowMs = ctx.clock();
        const now = ctx.now();
        const where = ["((status = 'queued' AND run_at_ms <= ?) OR (status = 'running' AND lease_expires_ms <= ?))"];
        const params: unknown[] = [nowMs, nowMs];
        if (scope !== ALL_TENANTS) {
          where.push('tenant_id = ?');
          params.push(scope);
        }
        const kinds = manyOf(options.kinds);
        if (kinds) {
          where.push(`kind IN (${placeholders(kinds.length)})`);
          params.push(...kinds);
        }
        const claimed: ClaimedJob[] = [];
        // one level at a time, highest first: each read is a range seek on jobs_due (status, priority, run_at_ms)
        for (const level of JOB_PRIORITIES) {
          // expired leases on their last attempt are dead-lettered as they are met, so keep reading until `limit`
          while (claimed.length < limit) {
            const batch = ctx
              .stmt(`SELECT * FROM jobs WHERE ${where.join(' AND ')} AND priority = ? ORDER BY run_at_ms, seq LIMIT ?`)
              .all(...params, PRIORITY_RANK[level], limit - claimed.length) as Row[];
            if (batch.length === 0) break;
            for (const r of batch) {
              if (r.status === 'running' && r.attempts >= r.max_attempts) {
                ctx
                  .stmt(
                    `UPDATE jobs SET status = 'dead', last_error = ?, lease_expires_ms = NULL, lease_token = NULL,
                     locked_by = NULL, finished_at = ?, updated_at = ? WHERE seq = ?`,
                  )
                  .run(`lease expired on attempt ${r.attempts} of ${r.max_attempts}`, now, now, r.seq);
                continue;
              }
              const token = randomUUID();
              ctx
                .stmt(
                  `UPDATE jobs SET status = 'running', attempts = attempts + 1, lease_expires_ms = ?, lease_token = ?,
                   locked_by = ?, updated_at = ? WHERE seq = ?`,
                )
                .run(nowMs + options.leaseMs, token, options.workerId, now, r.seq);
              claimed.push({ ...reread(r.seq), leaseToken: token });
            }
          }
        }
        return claimed;
      });
    },
    async heartbeat(tenantId, jobId, leaseToken, leaseMs) {
      if (!Number.isFinite(leaseMs) || leaseMs <= 0) throw invalidArgument('leaseMs must be positive');
      return ctx.write(() => {
        const r = leased(tenantId, jobId, leaseToken);
        ctx
          .stmt('UPDATE jobs SET lease_expires_ms = ?, updated_at = ? WHERE seq = ?')
          .run(ctx.clock() + leaseMs, ctx.now(), r.seq);
        return reread(r.seq);
      });
    },
    async complete(tenantId, jobId, leaseToken, result) {
      return ctx.write(() => {
        const r = byId(tenantId, jobId);
        if (r.status === 'completed' && r.lease_token === leaseToken) return toJob(r);
        leased(tenantId, jobId, leaseToken);
        const now = ctx.now();
        ctx
          .stmt(
            `UPDATE jobs SET status = 'completed', result = ?, lease_expires_ms = NULL, finished_at = ?, updated_at = ?
             WHERE seq = ?`,
          )
          .run(JSON.stringify(result ?? null), now, now, r.seq);
        return reread(r.seq);
      });
    },
    async fail(tenantId, jobId, leaseToken, options) {
      return ctx.write(() => {
        const r = leased(tenantId, jobId, leaseToken);
        const now = ctx.now();
        if (options.permanent || r.attempts >= r.max_attempts) {
          ctx
            .stmt(
              `UPDATE jobs SET status = 'dead', last_error = ?, lease_expires_ms = NULL, lease_token = NULL,
               locked_by = NULL, finished_at = ?, updated_at = ? WHERE seq = ?`,
            )
            .run(options.error, now, now, r.seq);
        } else {
          const delay = options.retryInMs ?? backoffDelay(r.attempts, ctx.backoff);
          ctx
            .stmt(
              `UPDATE jobs SET status = 'queued', last_error = ?, lease_expires_ms = NULL, lease_token = NULL,
               locked_by = NULL, run_at_ms = ?, updated_at = ? WHERE seq = ?`,
            )
            .run(options.error, ctx.clock() + delay, now, r.seq);
        }
        return reread(r.seq);
      });
    },
    async requeue(tenantId, jobId, options = {}) {
      return ctx.write(() => {
        const r = byId(tenantId, jobId);
        if (r.status !== 'dead') throw invalidArgument(`job "${jobId}" is ${r.status}, not dead`);
        ctx
          .stmt(
            `UPDATE jobs SET status = 'queued', attempts = 0, run_at_ms = ?, finished_at = NULL, updated_at = ?
             WHERE seq = ?`,
          )
          .run(Date.parse(isoInstant(options.runAt, ctx.clock())), ctx.now(), r.seq);
        return reread(r.seq);
      });
    },
    async get(tenantId, jobId) {
      return toJob(byId(tenantId, jobId));
    },
    async list(tenantId, query = {}) {
      ctx.check(tenantId);
      const limit = pageSize(query.limit);
      const after = decodeCursor(query.cursor);
      const where = ['tenant_id = ?'];
      const params: unknown[] = [tenantId];
      const status = manyOf(query.status);
      if (status) {
        where.push(`status IN (${placeholders(status.length)})`);
        params.push(...status);
      }
      if (query.kind !== undefined) {
        where.push('kind = ?');
        params.push(query.kind);
      }
      if (after !== null) {
        where.push('seq < ?');
        params.push(after);
      }
      const rows = ctx
        .stmt(`SELECT * FROM jobs WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT ?`)
        .all(...params, limit + 1) as Row[];
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return { items: items.map(toJob), nextCursor: rows.length > limit && last ? encodeCursor(last.seq) : null };
    },
  };
}
