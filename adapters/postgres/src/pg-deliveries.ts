import { randomUUID } from 'node:crypto';
import {
  AlreadyExistsError,
  assertId,
  assertTenantId,
  CatalogStoreError,
  type DeliveryAttempt,
  type DeliveryLogEntry,
  type DeliveryReceipt,
  type DeliveryRecord,
  type DeliveryRepository,
  decodeCursor,
  invalidArgument,
  type JobPriority,
  manyOf,
  NotFoundError,
  pageSize,
  validateDeliveryInput,
  validateDeliveryPatch,
} from '@ddex/catalog-store';
import { ERR, type PgDb } from './db';
import { isPgError, PG_CODES, type PgQueryable } from './pg-types';
import { insertError, isoOf, json, notFoundOrConflict, num, pageOf, Where } from './rows';

interface Row {
  seq: string;
  tenant_id: string;
  id: string;
  release_id: string;
  target_id: string;
  kind: DeliveryRecord['kind'];
  status: DeliveryRecord['status'];
  package: DeliveryRecord['package'];
  scheduled: string | null;
  started: string | null;
  completed: string | null;
  error: DeliveryRecord['error'];
  recurrence: DeliveryRecord['recurrence'];
  batch: DeliveryRecord['batch'];
  idempotency_key: string | null;
  priority: JobPriority | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  attempt_count: string;
}

const COLS = `seq, tenant_id, id, release_id, target_id, kind, status, package, scheduled, started, completed, error,
  recurrence, batch, idempotency_key, priority, version, created_at, updated_at,
  (SELECT count(*) FROM delivery_attempts a WHERE a.tenant_id = d.tenant_id AND a.delivery_id = d.id) AS attempt_count`;

const toRecord = (r: Row): DeliveryRecord => ({
  tenantId: r.tenant_id,
  id: r.id,
  releaseId: r.release_id,
  targetId: r.target_id,
  kind: r.kind,
  status: r.status,
  package: r.package,
  scheduled: r.scheduled,
  started: r.started,
  completed: r.completed,
  error: r.error,
  attemptCount: num(r.attempt_count),
  recurrence: r.recurrence ?? null,
  batch: r.batch ?? null,
  idempotencyKey: r.idempotency_key ?? null,
  priority: r.priority ?? 'normal',
  version: r.version,
  createdAt: isoOf(r.created_at),
  updatedAt: isoOf(r.updated_at),
});

interface AttemptRow {
  number: number;
  started_at: string;
  finished_at: string | null;
  status: DeliveryAttempt['status'];
  error: DeliveryAttempt['error'];
}

const toAttempt = (r: AttemptRow): DeliveryAttempt => ({
  number: r.number,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  status: r.status,
  error: r.error,
});

const ATTEMPT_COLS = 'number, started_at, finished_at, status, error';

/** Throws NOT_FOUND unless the tenant has the delivery; locks it when `lock`. */
async function requireDelivery(q: PgQueryable, tenantId: string, id: string, lock = false): Promise<void> {
  const res = await q.query(`SELECT 1 FROM deliveries WHERE tenant_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`, [
    tenantId,
    id,
  ]);
  if (res.rowCount === 0) throw new NotFoundError('delivery', id, ERR);
}

/** Deliveries with attempts, logs and receipts on PostgreSQL. @internal */
export function pgDeliveries(db: PgDb): DeliveryRepository {
  const scoped = (tenantId: string, id: string) => {
    db.checkOpen();
    assertTenantId(tenantId);
    assertId('delivery', id);
  };
  return {
    async create(tenantId, input) {
      db.checkOpen();
      assertTenantId(tenantId);
      const id = input.id ?? randomUUID();
      assertId('delivery', id);
      validateDeliveryInput(input);
      assertId('release', input.releaseId);
      assertId('target', input.targetId);
      const now = db.now();
      try {
        return await db.tx({ tenant: tenantId }, async (q) => {
          for (const [table, entity, ref] of [
            ['releases', 'release', input.releaseId],
            ['targets', 'target', input.targetId],
          ] as const) {
            const res = await q.query(`SELECT 1 FROM ${table} WHERE tenant_id = $1 AND id = $2 FOR KEY SHARE`, [
              tenantId,
              ref,
            ]);
            if (res.rowCount === 0) throw new NotFoundError(entity, ref, ERR);
          }
          const res = await q.query<Row>(
            `INSERT INTO deliveries AS d (tenant_id, id, release_id, target_id, kind, status, scheduled, recurrence,
               batch, idempotency_key, priority, version, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, 'queued', $6, $8::jsonb, $9::jsonb, $10, $11, 1, $7, $7) RETURNING ${COLS}`,
            [
              tenantId,
              id,
              input.releaseId,
              input.targetId,
              input.kind ?? 'NewRelease',
              input.scheduled ?? null,
              now,
              input.recurrence ? json(input.recurrence) : null,
              input.batch ? json(input.batch) : null,
              input.idempotencyKey ?? null,
              input.priority ?? 'normal',
            ],
          );
          return toRecord(res.rows[0]!);
        });
      } catch (error) {
        throw insertError(error, 'delivery', id, tenantId);
      }
    },

    async get(tenantId, id) {
      scoped(tenantId, id);
      return db.tx({ tenant: tenantId }, async (q) => {
        const res = await q.query<Row>(`SELECT ${COLS} FROM deliveries d WHERE tenant_id = $1 AND id = $2`, [
          tenantId,
          id,
        ]);
        if (!res.rows[0]) throw new NotFoundError('delivery', id, ERR);
        return toRecord(res.rows[0]);
      });
    },

    async update(tenantId, id, patch, options) {
      scoped(tenantId, id);
      validateDeliveryPatch(patch);
      const expected = options?.expectedVersion;
      const params: unknown[] = [tenantId, id, db.now(), expected ?? null];
      const sets = ['version = version + 1', 'updated_at = $3'];
      const set = (column: string, value: unknown, cast = '') => {
        params.push(value);
        sets.push(`${column} = $${params.length}${cast}`);
      };
      if (patch.status !== undefined) set('status', patch.status);
      if (patch.package !== undefined) set('package', json(patch.package), '::jsonb');
      if (patch.started !== undefined) set('started', patch.started);
      if (patch.completed !== undefined) set('completed', patch.completed);
      if (patch.error !== undefined) set('error', json(patch.error), '::jsonb');
      if (patch.recurrence !== undefined) set('recurrence', json(patch.recurrence), '::jsonb');
      return db.tx({ tenant: tenantId }, async (q) => {
        const res = await q.query<Row>(
          `UPDATE deliveries d SET ${sets.join(', ')}
           WHERE tenant_id = $1 AND id = $2 AND ($4::int IS NULL OR version = $4) RETURNING ${COLS}`,
          params,
        );
        if (!res.rows[0]) return notFoundOrConflict(q, 'deliveries', 'delivery', { tenantId, id }, expected);
        return toRecord(res.rows[0]);
      });
    },

    async list(tenantId, query = {}) {
      db.checkOpen();
      assertTenantId(tenantId);
      const limit = pageSize(query.limit);
      const after = decodeCursor(query.cursor);
      const w = new Where().add('tenant_id = $?', tenantId);
      if (query.releaseId !== undefined) w.add('release_id = $?', query.releaseId);
      if (query.targetId !== undefined) w.add('target_id = $?', query.targetId);
      if (query.idempotencyKey !== undefined) w.add('idempotency_key = $?', query.idempotencyKey);
      const status = manyOf(query.status);
      if (status) w.add('status = ANY($?::text[])', status);
      if (after !== null) w.add('seq < $?', after);
      return db.tx({ tenant: tenantId }, async (q) => {
        const res = await q.query<Row>(
          `SELECT ${COLS} FROM deliveries d ${w} ORDER BY seq DESC LIMIT ${limit + 1}`,
          w.params,
        );
        return pageOf(res.rows, limit, toRecord);
      });
    },

    async startAttempt(tenantId, deliveryId, input = {}) {
      scoped(tenantId, deliveryId);
      return db.tx({ tenant: tenantId }, async (q) => {
        await requireDelivery(q, tenantId, deliveryId, true);
        const res = await q.query<AttemptRow>(
          `INSERT INTO delivery_attempts (tenant_id, delivery_id, number, started_at, status)
           SELECT $1, $2, coalesce(max(number), 0) + 1, $3, 'running' FROM delivery_attempts
           WHERE tenant_id = $1 AND delivery_id = $2 RETURNING ${ATTEMPT_COLS}`,
          [tenantId, deliveryId, input.startedAt ?? db.now()],
        );
        return toAttempt(res.rows[0]!);
      });
    },

    async finishAttempt(tenantId, deliveryId, number, input) {
      scoped(tenantId, deliveryId);
      if (input?.status !== 'succeeded' && input?.status !== 'failed')
        throw invalidArgument('status must be succeeded or failed');
      return db.tx({ tenant: tenantId }, async (q) => {
        await requireDelivery(q, tenantId, deliveryId);
        const res = await q.query<AttemptRow>(
          `UPDATE delivery_attempts SET status = $4, finished_at = $5, error = $6::jsonb
           WHERE tenant_id = $1 AND delivery_id = $2 AND number = $3 AND status = 'running' RETURNING ${ATTEMPT_COLS}`,
          [tenantId, deliveryId, number, input.status, input.finishedAt ?? db.now(), json(input.error ?? null)],
        );
        if (res.rows[0]) return toAttempt(res.rows[0]);
        const exists = await q.query(
          'SELECT 1 FROM delivery_attempts WHERE tenant_id = $1 AND delivery_id = $2 AND number = $3',
          [tenantId, deliveryId, number],
        );
        if (exists.rowCount === 0) throw new NotFoundError('attempt', `${deliveryId}#${number}`, ERR);
        throw new CatalogStoreError(
          'CONFLICT',
          `attempt ${number} of delivery "${deliveryId}" is already finished`,
          ERR,
        );
      });
    },

    async listAttempts(tenantId, deliveryId) {
      scoped(tenantId, deliveryId);
      return db.tx({ tenant: tenantId }, async (q) => {
        await requireDelivery(q, tenantId, deliveryId);
        const res = await q.query<AttemptRow>(
          `SELECT ${ATTEMPT_COLS} FROM delivery_attempts WHERE tenant_id = $1 AND delivery_id = $2 ORDER BY number`,
          [tenantId, deliveryId],
        );
        return res.rows.map(toAttempt);
      });
    },

    async appendLog(tenantId, deliveryId, entry) {
      scoped(tenantId, deliveryId);
      return db.tx({ tenant: tenantId }, async (q) => {
        const res = await q.query<{ seq: string; at: Date; data: Record<string, unknown> | null }>(
          `INSERT INTO delivery_logs (tenant_id, delivery_id, at, level, message, data)
           SELECT tenant_id, id, $3, $4, $5, $6::jsonb FROM deliveries WHERE tenant_id = $1 AND id = $2
           RETURNING seq, at, data`,
          [tenantId, deliveryId, db.now(), entry.level, entry.message, json(entry.data ?? null)],
        );
        const row = res.rows[0];
        if (!row) throw new NotFoundError('delivery', deliveryId, ERR);
        return { seq: num(row.seq), at: isoOf(row.at), level: entry.level, message: entry.message, data: row.data };
      });
    },

    async listLogs(tenantId, deliveryId, options = {}) {
      scoped(tenantId, deliveryId);
      const limit = pageSize(options.limit);
      const after = decodeCursor(options.cursor);
      return db.tx({ tenant: tenantId }, async (q) => {
        await requireDelivery(q, tenantId, deliveryId);
        const res = await q.query<{
          seq: string;
          at: Date;
          level: DeliveryLogEntry['level'];
          message: string;
          data: Record<string, unknown> | null;
        }>(
          `SELECT seq, at, level, message, data FROM delivery_logs
           WHERE tenant_id = $1 AND delivery_id = $2 AND seq > $3 ORDER BY seq LIMIT ${limit + 1}`,
          [tenantId, deliveryId, after ?? 0],
        );
        return pageOf(res.rows, limit, (r) => ({ ...r, seq: num(r.seq), at: isoOf(r.at) }));
      });
    },

    async addReceipt(tenantId, deliveryId, input) {
      scoped(tenantId, deliveryId);
      const receipt: DeliveryReceipt = {
        id: input.id ?? randomUUID(),
        receivedAt: input.receivedAt ?? db.now(),
        dspMessageId: input.dspMessageId ?? null,
        acknowledgment: input.acknowledgment ?? null,
        body: input.body ?? null,
      };
      try {
        return await db.tx({ tenant: tenantId }, async (q) => {
          const res = await q.query(
            `INSERT INTO delivery_receipts (tenant_id, delivery_id, id, received_at, dsp_message_id, acknowledgment, body)
             SELECT tenant_id, id, $3, $4, $5, $6, $7 FROM deliveries WHERE tenant_id = $1 AND id = $2`,
            [
              tenantId,
              deliveryId,
              receipt.id,
              receipt.receivedAt,
              receipt.dspMessageId,
              receipt.acknowledgment,
              receipt.body,
            ],
          );
          if (res.rowCount === 0) throw new NotFoundError('delivery', deliveryId, ERR);
          return receipt;
        });
      } catch (error) {
        if (isPgError(error, PG_CODES.uniqueViolation)) throw new AlreadyExistsError('receipt', receipt.id, ERR);
        throw error;
      }
    },

    async listReceipts(tenantId, deliveryId) {
      scoped(tenantId, deliveryId);
      return db.tx({ tenant: tenantId }, async (q) => {
        await requireDelivery(q, tenantId, deliveryId);
        const res = await q.query<{
          id: string;
          received_at: string;
          dsp_message_id: string | null;
          acknowledgment: string | null;
          body: string | null;
        }>(
          `SELECT id, received_at, dsp_message_id, acknowledgment, body FROM delivery_receipts
           WHERE tenant_id = $1 AND delivery_id = $2 ORDER BY seq`,
          [tenantId, deliveryId],
        );
        return res.rows.map((r) => ({
          id: r.id,
          receivedAt: r.received_at,
          dspMessageId: r.dsp_message_id,
          acknowledgment: r.acknowledgment,
          body: r.body,
        }));
      });
    },
  };
}
