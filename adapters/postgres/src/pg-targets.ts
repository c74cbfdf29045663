import {
  assertId,
  assertTenantId,
  decodeCursor,
  NotFoundError,
  pageSize,
  prepareTarget,
  type TargetRecord,
  type TargetRepository,
} from '@ddex/catalog-store';
import type { DeliveryTarget } from '@ddex/ern-model';
import { ERR, type PgDb } from './db';
import { insertError, isoOf, json, notFoundOrConflict, pageOf, Where } from './rows';

interface Row {
  seq: string;
  tenant_id: string;
  id: string;
  doc: DeliveryTarget;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const COLS = 'seq, tenant_id, id, doc, version, created_at, updated_at';

const toRecord = (r: Row): TargetRecord => ({
  tenantId: r.tenant_id,
  id: r.id,
  version: r.version,
  createdAt: isoOf(r.created_at),
  updatedAt: isoOf(r.updated_at),
  target: r.doc,
});

/** Delivery targets on PostgreSQL. @internal */
export function pgTargets(db: PgDb): TargetRepository {
  const scoped = (tenantId: string, id: string) => {
    db.checkOpen();
    assertTenantId(tenantId);
    assertId('target', id);
  };
  return {
    async create(tenantId, target) {
      db.checkOpen();
      const doc = prepareTarget(tenantId, target);
      const now = db.now();
      try {
        return await db.tx({ tenant: tenantId }, async (q) => {
          const res = await q.query<Row>(
            `INSERT INTO targets (tenant_id, id, doc, active, version, created_at, updated_at)
             VALUES ($1, $2, $3::jsonb, $4, 1, $5, $5) RETURNING ${COLS}`,
            [tenantId, doc.id, json(doc), doc.active ?? true, now],
          );
          return toRecord(res.rows[0]!);
        });
      } catch (error) {
        throw insertError(error, 'target', doc.id, tenantId);
      }
    },

    async get(tenantId, id) {
      scoped(tenantId, id);
      return db.tx({ tenant: tenantId }, async (q) => {
        const res = await q.query<Row>(`SELECT ${COLS} FROM targets WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
        if (!res.rows[0]) throw new NotFoundError('target', id, ERR);
        return toRecord(res.rows[0]);
      });
    },

    async update(tenantId, id, target, options) {
      scoped(tenantId, id);
      const doc = prepareTarget(tenantId, target, id);
      const expected = options?.expectedVersion;
      return db.tx({ tenant: tenantId }, async (q) => {
        const res = await q.query<Row>(
          `UPDATE targets SET doc = $3::jsonb, active = $4, version = version + 1, updated_at = $5
           WHERE tenant_id = $1 AND id = $2 AND ($6::int IS NULL OR version = $6) RETURNING ${COLS}`,
          [tenantId, id, json(doc), doc.active ?? true, db.now(), expected ?? null],
        );
        if (!res.rows[0]) return notFoundOrConflict(q, 'targets', 'target', { tenantId, id }, expected);
        return toRecord(res.rows[0]);
      });
    },

    async delete(tenantId, id, options) {
      scoped(tenantId, id);
      const expected = options?.expectedVersion;
      await db.tx({ tenant: tenantId }, async (q) => {
        const res = await q.query(
          'DELETE FROM targets WHERE tenant_id = $1 AND id = $2 AND ($3::int IS NULL OR version = $3)',
          [tenantId, id, expected ?? null],
        );
        if (res.rowCount === 0) await notFoundOrConflict(q, 'targets', 'target', { tenantId, id }, expected);
      });
    },

    async list(tenantId, query = {}) {
      db.checkOpen();
      assertTenantId(tenantId);
      const limit = pageSize(query.limit);
      const after = decodeCursor(query.cursor);
      const w = new Where().add('tenant_id = $?', tenantId);
      if (query.active !== undefined) w.add('active = $?', query.active);
      if (after !== null) w.add('seq > $?', after);
      return db.tx({ tenant: tenantId }, async (q) => {
        const res = await q.query<Row>(`SELECT ${COLS} FROM targets ${w} ORDER BY seq LIMIT ${limit + 1}`, w.params);
        return pageOf(res.rows, limit, toRecord);
      });
    },
  };
}
