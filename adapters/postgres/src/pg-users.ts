import { randomUUID } from 'node:crypto';
import {
  AlreadyExistsError,
  assertId,
  assertPasswordHash,
  assertTenantId,
  decodeCursor,
  NotFoundError,
  pageSize,
  type UserRecord,
  type UserRepository,
  validateUserInput,
} from '@ddex/catalog-store';
import { ERR, type PgDb } from './db';
import { isPgError, PG_CODES } from './pg-types';
import { insertError, isoOf, notFoundOrConflict, pageOf } from './rows';

interface Row {
  seq: string;
  tenant_id: string;
  id: string;
  email: string;
  name: string | null;
  role: UserRecord['role'];
  disabled: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
  password_hash?: string | null;
}

const COLS = 'seq, tenant_id, id, email, name, role, disabled, version, created_at, updated_at';

const toRecord = (r: Row): UserRecord => ({
  tenantId: r.tenant_id,
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
  disabled: r.disabled,
  version: r.version,
  createdAt: isoOf(r.created_at),
  updatedAt: isoOf(r.updated_at),
});

/** Users on PostgreSQL. @internal */
export function pgUsers(db: PgDb): UserRepository {
  const scoped = (tenantId: string, id: string) => {
    db.checkOpen();
    assertTenantId(tenantId);
    assertId('user', id);
  };
  return {
    async create(tenantId, input) {
      db.checkOpen();
      assertTenantId(tenantId);
      validateUserInput(input);
      const id = input.id ?? randomUUID();
      assertId('user', id);
      const email = input.email.toLowerCase();
      const now = db.now();
      try {
        return await db.tx({ tenant: tenantId }, async (q) => {
          const res = await q.query<Row>(
            `INSERT INTO users (tenant_id, id, email, name, role, disabled, version, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, false, 1, $6, $6) RETURNING ${COLS}`,
            [tenantId, id, email, input.name ?? null, input.role, now],
          );
          return toRecord(res.rows[0]!);
        });
      } catch (error) {
        if (isPgError(error, PG_CODES.uniqueViolation) && error.constraint === 'users_email') {
          throw new AlreadyExistsError('user', email, ERR);
        }
        throw insertError(error, 'user', id, tenantId);
      }
    },

    async get(tenantId, id) {
      scoped(tenantId, id);
      return db.tx({ tenant: tenantId }, async (q) => {
        const res = await q.query<Row>(`SELECT ${COLS} FROM users WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
        if (!res.rows[0]) throw new NotFoundError('user', id, ERR);
        return toRecord(res.rows[0]);
      });
    },

    async findByEmail(tenantId, email) {
      db.checkOpen();
      assertTenantId(tenantId);
      return db.tx({ tenant: tenantId }, async (q) => {
        const res = await q.query<Row>(`SELECT ${COLS} FROM users WHERE tenant_id = $1 AND email = $2`, [
          tenantId,
          String(email).toLowerCase(),
        ]);
        return res.rows[0] ? toRecord(res.rows[0]) : null;
      });
    },

    async update(tenantId, id, patch, options) {
      scoped(tenantId, id);
      if (patch.role !== undefined) validateUserInput({ email: 'x@x', role: patch.role });
      const expected = options?.expectedVersion;
      const params: unknown[] = [tenantId, id, db.now(), expected ?? null];
      const sets = ['version = version + 1', 'updated_at = $3'];
      const set = (column: string, value: unknown) => {
        params.push(value);
        sets.push(`${column} = $${params.length}`);
      };
      if (patch.name !== undefined) set('name', patch.name);
      if (patch.role !== undefined) set('role', patch.role);
      if (patch.disabled !== undefined) set('disabled', patch.disabled);
      return db.tx({ tenant: tenantId }, async (q) => {
        const res = await q.query<Row>(
          `UPDATE users SET ${sets.join(', ')}
           WHERE tenant_id = $1 AND id = $2 AND ($4::int IS NULL OR version = $4) RETURNING ${COLS}`,
          params,
        );
        if (!res.rows[0]) return notFoundOrConflict(q, 'users', 'user', { tenantId, id }, expected);
        return toRecord(res.rows[0]);
      });
    },

    async delete(tenantId, id) {
      scoped(tenantId, id);
      await db.tx({ tenant: tenantId }, async (q) => {
        const res = await q.query('DELETE FROM users WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
        if (res.rowCount === 0) throw new NotFoundError('user', id, ERR);
      });
    },

    async list(tenantId, options = {}) {
      db.checkOpen();
      assertTenantId(tenantId);
      const limit = pageSize(options.limit);
      const after = decodeCursor(options.cursor);
      return db.tx({ tenant: tenantId }, async (q) => {
        const res = await q.query<Row>(
          `SELECT ${COLS} FROM users WHERE tenant_id = $1 AND seq > $2 ORDER BY seq LIMIT ${limit + 1}`,
          [tenantId, after ?? 0],
        );
        return pageOf(res.rows, limit, toRecord);
      });
    },

    async setPasswordHash(tenantId, id, passwordHash) {
      scoped(tenantId, id);
      assertPasswordHash(passwordHash);
      return db.tx({ tenant: tenantId }, async (q) => {
        const res = await q.query<Row>(
          `UPDATE users SET password_hash = $3, version = version + 1, updated_at = $4
           WHERE tenant_id = $1 AND id = $2 RETURNING ${COLS}`,
          [tenantId, id, passwordHash, db.now()],
        );
        if (!res.rows[0]) throw new NotFoundError('user', id, ERR);
        return toRecord(res.rows[0]);
      });
    },

    async findCredentials(email) {
      db.checkOpen();
      const key = String(email).toLowerCase();
      // the one users query across tenants: RLS lets through exactly the rows with this e-mail, read-only
      return db.tx({ loginEmail: key }, async (q) => {
        const res = await q.query<Row>(
          `SELECT ${COLS}, password_hash FROM users WHERE email = $1 AND password_hash IS NOT NULL ORDER BY seq`,
          [key],
        );
        return res.rows.map((r) => ({ user: toRecord(r), passwordHash: r.password_hash! }));
      });
    },
  };
}
