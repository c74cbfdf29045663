import {
  AlreadyExistsError,
  assertTenantId,
  ConflictError,
  decodeCursor,
  NotFoundError,
  pageSize,
  prepareTenant,
  type TenantRecord,
  type TenantRepository,
} from '@ddex/catalog-store';
import type { Tenant } from '@ddex/ern-model';
import { ALL_TENANTS_SCOPE, ERR, type PgDb } from './db';
import { isPgError, PG_CODES } from './pg-types';
import { isoOf, json, pageOf } from './rows';

interface Row {
  seq: string;
  id: string;
  doc: Tenant;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const COLS = 'seq, id, doc, version, created_at, updated_at';

const toRecord = (r: Row): TenantRecord => ({
  id: r.id,
  version: r.version,
  createdAt: isoOf(r.created_at),
  updatedAt: isoOf(r.updated_at),
  tenant: r.doc,
});

/** Tenants on PostgreSQL; each call sees only its own tenant's row, except the operator's `list`. @internal */
export function pgTenants(db: PgDb): TenantRepository {
  return {
    async create(tenant) {
      db.checkOpen();
      const doc = prepareTenant(tenant);
      const now = db.now();
      try {
        return await db.tx({ tenant: doc.id }, async (q) => {
          const res = await q.query<Row>(
            `INSERT INTO tenants (id, doc, version, created_at, updated_at) VALUES ($1, $2::jsonb, 1, $3, $3)
             RETURNING ${COLS}`,
            [doc.id, json(doc), now],
          );
          return toRecord(res.rows[0]!);
        });
      } catch (error) {
        if (isPgError(error, PG_CODES.uniqueViolation)) throw new AlreadyExistsError('tenant', doc.id, ERR);
        throw error;
      }
    },

    async get(id) {
      db.checkOpen();
      assertTenantId(id);
      return db.tx({ tenant: id }, async (q) => {
        const res = await q.query<Row>(`SELECT ${COLS} FROM tenants WHERE id = $1`, [id]);
        if (!res.rows[0]) throw new NotFoundError('tenant', id, ERR);
        return toRecord(res.rows[0]);
      });
    },

    async update(id, tenant, options) {
      db.checkOpen();
      assertTenantId(id);
      const doc = prepareTenant(tenant, id);
      const expected = options?.expectedVersion;
      return db.tx({ tenant: id }, async (q) => {
        const res = await q.query<Row>(
          `UPDATE tenants SET doc = $2::jsonb, version = version + 1, updated_at = $3
           WHERE id = $1 AND ($4::int IS NULL OR version = $4) RETURNING ${COLS}`,
          [id, json(doc), db.now(), expected ?? null],
        );
        if (res.rows[0]) return toRecord(res.rows[0]);
        const current = await q.query<{ version: number }>('SELECT version FROM tenants WHERE id = $1', [id]);
        if (!current.rows[0]) throw new NotFoundError('tenant', id, ERR);
        throw new ConflictError('tenant', id, expected ?? -1, current.rows[0].version, ERR);
      });
    },

    async list(options = {}) {
      db.checkOpen();
      const limit = pageSize(options.limit);
      const after = decodeCursor(options.cursor);
      return db.tx({ tenant: ALL_TENANTS_SCOPE }, async (q) => {
        const res = await q.query<Row>(`SELECT ${COLS} FROM tenants WHERE seq > $1 ORDER BY seq LIMIT ${limit + 1}`, [
          after ?? 0,
        ]);
        return pageOf(res.rows, limit, toRecord);
      });
    },
  };
}
