import { randomUUID } from 'node:crypto';
import {
  AlreadyExistsError,
  assertId,
  CatalogStoreError,
  type DeliveryAttempt,
  type DeliveryLogEntry,
  type DeliveryReceipt,
  type DeliveryRecord,
  type DeliveryRepository,
  decodeCursor,
  encodeCursor,
  invalidArgument,
  type JobPriority,
  manyOf,
  NotFoundError,
  pageSize,
  validateDeliveryInput,
  validateDeliveryPatch,
} from '@ddex/catalog-store';
import { json, parse, placeholders, type SqliteContext } from './context';

interface Row {
  seq: number;
  tenant_id: string;
  id: string;
  release_id: string;
  target_id: string;
  kind: DeliveryRecord['kind'];
  status: DeliveryRecord['status'];
  package: string | null;
  scheduled: string | null;
  started: string | null;
  completed: string | null;
  error: string | null;
  recurrence: string | null;
  batch: string | null;
  idempotency_key: string | null;
  priority: JobPriority | null;
  version: number;
  created_at: string;
  updated_at: string;
  attempt_count: number;
}

interface AttemptRow {
  number: number;
  started_at: string;
  finished_at: string | null;
  status: DeliveryAttempt['status'];
  error: string | null;
}

const SELECT = `SELECT d.*, (SELECT count(*) FROM delivery_attempts a WHERE a.delivery_seq = d.seq) AS attempt_count
  FROM deliveries d`;

const toRecord = (r: Row): DeliveryRecord => ({
  tenantId: r.tenant_id,
  id: r.id,
  releaseId: r.release_id,
  targetId: r.target_id,
  kind: r.kind,
  status: r.status,
  package: parse(r.package),
  scheduled: r.scheduled,
  started: r.started,
  completed: r.completed,
  error: parse(r.error),
  attemptCount: r.attempt_count,
  recurrence: parse(r.recurrence),
  batch: parse(r.batch),
  idempotencyKey: r.idempotency_key,
  priority: r.priority ?? 'normal',
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toAttempt = (a: AttemptRow): DeliveryAttempt => ({
  number: a.number,
  startedAt: a.started_at,
  finishedAt: a.finished_at,
  status: a.status,
  error: parse(a.error),
});

/** SQLite deliveries with attempts, logs and receipts. @internal */
export function sqliteDeliveries(ctx: SqliteContext): DeliveryRepository {
  const row = (tenantId: string, id: string): Row => {
    ctx.check(tenantId);
    assertId('delivery', id);
    const r = ctx.stmt(`${SELECT} WHERE d.tenant_id = ? AND d.id = ?`).get(tenantId, id) as Row | undefined;
    if (!r) throw new NotFoundError('delivery', id, ctx.opts);
    return r;
  };

  return {
    async create(tenantId, input) {
      return ctx.write(() => {
        ctx.requireTenant(tenantId);
        const id = input.id ?? randomUUID();
        assertId('delivery', id);
        validateDeliveryInput(input);
        assertId('release', input.releaseId);
        assertId('target', input.targetId);
        if (!ctx.stmt('SELECT 1 FROM releases WHERE tenant_id = ? AND id = ?').get(tenantId, input.releaseId)) {
          throw new NotFoundError('release', input.releaseId, ctx.opts);
        }
        if (!ctx.stmt('SELECT 1 FROM targets WHERE tenant_id = ? AND id = ?').get(tenantId, input.targetId)) {
          throw new NotFoundError('target', input.targetId, ctx.opts);
        }
        if (ctx.stmt('SELECT 1 FROM deliveries WHERE tenant_id = ? AND id = ?').get(tenantId, id)) {
          throw new AlreadyExistsError('delivery', id, ctx.opts);
        }
        const now = ctx.now();
        ctx
          .stmt(
            `INSERT INTO deliveries (tenant_id, id, release_id, target_id, kind, status, scheduled, recurrence, batch,
               idempotency_key, priority, version, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, 1, ?, ?)`,
          )
          .run(
            tenantId,
            id,
            input.releaseId,
            input.targetId,
            input.kind ?? 'NewRelease',
            input.scheduled ?? null,
            input.recurrence ? json(input.recurrence) : null,
            input.batch ? json(input.batch) : null,
            input.idempotencyKey ?? null,
            input.priority ?? 'normal',
            now,
            now,
          );
        return toRecord(row(tenantId, id));
      });
    },
    async get(tenantId, id) {
      return toRecord(row(tenantId, id));
    },
    async update(tenantId, id, patch, options) {
      return ctx.write(() => {
        const r = row(tenantId, id);
        validateDeliveryPatch(patch);
        ctx.checkVersion('delivery', id, options?.expectedVersion, r.version);
        const pick = <T>(v: T | undefined, old: T) => (v === undefined ? old : v);
        ctx
          .stmt(
            `UPDATE deliveries SET status = ?, package = ?, started = ?, completed = ?, error = ?, recurrence = ?,
             version = version + 1, updated_at = ? WHERE seq = ?`,
          )
          .run(
            pick(patch.status, r.status),
            patch.package === undefined ? r.package : json(patch.package),
            pick(patch.started, r.started),
            pick(patch.completed, r.completed),
            patch.error === undefined ? r.error : json(patch.error),
            patch.recurrence === undefined ? r.recurrence : json(patch.recurrence),
            ctx.now(),
            r.seq,
          );
        return toRecord(row(tenantId, id));
      });
    },
    async list(tenantId, query = {}) {
      ctx.check(tenantId);
      const limit = pageSize(query.limit);
      const after = decodeCursor(query.cursor);
      const where = ['d.tenant_id = ?'];
      const params: unknown[] = [tenantId];
      if (query.releaseId !== undefined) {
        where.push('d.release_id = ?');
        params.push(query.releaseId);
      }
      if (query.targetId !== undefined) {
        where.push('d.target_id = ?');
        params.push(query.targetId);
      }
      if (query.idempotencyKey !== undefined) {
        where.push('d.idempotency_key = ?');
        params.push(query.idempotencyKey);
      }
      const status = manyOf(query.status);
      if (status) {
        where.push(`d.status IN (${placeholders(status.length)})`);
        params.push(...status);
      }
      if (after !== null) {
        where.push('d.seq < ?');
        params.push(after);
      }
      const rows = ctx
        .stmt(`${SELECT} WHERE ${where.join(' AND ')} ORDER BY d.seq DESC LIMIT ?`)
        .all(...params, limit + 1) as Row[];
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return { items: items.map(toRecord), nextCursor: rows.length > limit && last ? encodeCursor(last.seq) : null };
    },
    async startAttempt(tenantId, deliveryId, input = {}) {
      return ctx.write(() => {
        const r = row(tenantId, deliveryId);
        const attempt: DeliveryAttempt = {
          number: r.attempt_count + 1,
          startedAt: input.startedAt ?? ctx.now(),
          finishedAt: null,
          status: 'running',
          error: null,
        };
        ctx
          .stmt("INSERT INTO delivery_attempts (delivery_seq, number, started_at, status) VALUES (?, ?, ?, 'running')")
          .run(r.seq, attempt.number, attempt.startedAt);
        return attempt;
      });
    },
    async finishAttempt(tenantId, deliveryId, number, input) {
      return ctx.write(() => {
        const r = row(tenantId, deliveryId);
        const a = ctx
          .stmt('SELECT * FROM delivery_attempts WHERE delivery_seq = ? AND number = ?')
          .get(r.seq, number) as AttemptRow | undefined;
        if (!a) throw new NotFoundError('attempt', `${deliveryId}#${number}`, ctx.opts);
        if (a.status !== 'running') {
          throw new CatalogStoreError(
            'CONFLICT',
            `attempt ${number} of delivery "${deliveryId}" is already finished`,
            ctx.opts,
          );
        }
        if (input.status !== 'succeeded' && input.status !== 'failed') {
          throw invalidArgument('status must be succeeded or failed');
        }
        const finishedAt = input.finishedAt ?? ctx.now();
        ctx
          .stmt(
            'UPDATE delivery_attempts SET status = ?, finished_at = ?, error = ? WHERE delivery_seq = ? AND number = ?',
          )
          .run(input.status, finishedAt, json(input.error), r.seq, number);
        return { ...toAttempt(a), status: input.status, finishedAt, error: input.error ?? null };
      });
    },
    async listAttempts(tenantId, deliveryId) {
      const r = row(tenantId, deliveryId);
      const rows = ctx
        .stmt('SELECT * FROM delivery_attempts WHERE delivery_seq = ? ORDER BY number')
        .all(r.seq) as AttemptRow[];
      return rows.map(toAttempt);
    },
    async appendLog(tenantId, deliveryId, entry) {
      return ctx.write(() => {
        const r = row(tenantId, deliveryId);
        const at = ctx.now();
        const info = ctx
          .stmt('INSERT INTO delivery_logs (delivery_seq, at, level, message, data) VALUES (?, ?, ?, ?, ?)')
          .run(r.seq, at, entry.level, entry.message, json(entry.data));
        const log: DeliveryLogEntry = {
          seq: Number(info.lastInsertRowid),
          at,
          level: entry.level,
          message: entry.message,
          data: entry.data ? structuredClone(entry.data) : null,
        };
        return log;
      });
    },
    async listLogs(tenantId, deliveryId, options = {}) {
      const r = row(tenantId, deliveryId);
      const limit = pageSize(options.limit);
      const after = decodeCursor(options.cursor) ?? 0;
      const rows = ctx
        .stmt('SELECT * FROM delivery_logs WHERE delivery_seq = ? AND seq > ? ORDER BY seq LIMIT ?')
        .all(r.seq, after, limit + 1) as {
        seq: number;
        at: string;
        level: DeliveryLogEntry['level'];
        message: string;
        data: string | null;
      }[];
      const items = rows.slice(0, limit).map((l) => ({ ...l, data: parse<Record<string, unknown>>(l.data) }));
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.seq) : null };
    },
    async addReceipt(tenantId, deliveryId, input) {
      return ctx.write(() => {
        const r = row(tenantId, deliveryId);
        const receipt: DeliveryReceipt = {
          id: input.id ?? randomUUID(),
          receivedAt: input.receivedAt ?? ctx.now(),
          dspMessageId: input.dspMessageId ?? null,
          acknowledgment: input.acknowledgment ?? null,
          body: input.body ?? null,
        };
        if (ctx.stmt('SELECT 1 FROM delivery_receipts WHERE delivery_seq = ? AND id = ?').get(r.seq, receipt.id)) {
          throw new AlreadyExistsError('receipt', receipt.id, ctx.opts);
        }
        ctx
          .stmt(
            `INSERT INTO delivery_receipts (delivery_seq, id, received_at, dsp_message_id, acknowledgment, body)
             VALUES (?, ?, ?, ?, ?, ?)`,
          )
          .run(r.seq, receipt.id, receipt.receivedAt, receipt.dspMessageId, receipt.acknowledgment, receipt.body);
        return receipt;
      });
    },
    async listReceipts(tenantId, deliveryId) {
      const r = row(tenantId, deliveryId);
      const rows = ctx.stmt('SELECT * FROM delivery_receipts WHERE delivery_seq = ? ORDER BY seq').all(r.seq) as {
        id: string;
        received_at: string;
        dsp_message_id: string | null;
        acknowledgment: string | null;
        body: string | null;
      }[];
      return rows.map((x) => ({
        id: x.id,
        receivedAt: x.received_at,
        dspMessageId: x.dsp_message_id,
        acknowledgment: x.acknowledgment,
        body: x.body,
      }));
    },
  };
}
