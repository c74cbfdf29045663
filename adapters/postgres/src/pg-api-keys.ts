import {
  type ApiKeyRecord,
  type ApiKeyRepository,
  apiKeyIdOf,
  apiKeyMatches,
  assertId,
  assertTenantId,
  decodeCursor,
  invalidArgument,
  lastUsedIsStale,
  NotFoundError,
  newApiKeySecret,
  pageSize,
} from '@ddex/catalog-store';
import { ERR, type PgDb } from './db';
import { insertError, iso, isoOf, json, pageOf } from './rows';

interface Row {
  seq: string;
  tenant_id: string;
  id: string;
  name: string;
  prefix: string;
  user_id: string | null;
  scopes: string[];
  hash: string;
  created_at: Date;
  expires_at: string | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

const COLS =
  'seq, tenant_id, id, name, prefix, user_id, scopes, hash, created_at, expires_at, revoked_at, last_used_at';

const toRecord = (r: Row): ApiKeyRecord => ({
  tenantId: r.tenant_id,
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  userId: r.user_id,
  scopes: r.scopes,
  createdAt: isoOf(r.created_at),
  expiresAt: r.expires_at,
  revokedAt: iso(r.revoked_at),
  lastUsedAt: iso(r.last_used_at),
});

/**
 * API keys on PostgreSQL: only the SHA-256 of a secret is stored. `authenticate` is the one call without a tenant:
 * it scopes its transaction to the key id embedded in the secret, which the RLS policy lets through. @internal
 */
export function pgApiKeys(db: PgDb): ApiKeyRepository {
  const scoped = (tenantId: string, id: string) => {
    db.checkOpen();
    assertTenantId(tenantId);
    assertId('api key', id);
  };
  return {
    async create(tenantId, input) {
      db.checkOpen();
      assertTenantId(tenantId);
      if (typeof input?.name !== 'string' || input.name === '') throw invalidArgument('api key name is required');
      const { id, secret, hash, prefix } = newApiKeySecret();
      try {
        return await db.tx({ tenant: tenantId }, async (q) => {
          const res = await q.query<Row>(
            `INSERT INTO api_keys (tenant_id, id, name, prefix, user_id, scopes, hash, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9) RETURNING ${COLS}`,
            [
              tenantId,
              id,
              input.name,
              prefix,
              input.userId ?? null,
              json(input.scopes ?? []),
              hash,
              db.now(),
              input.expiresAt ?? null,
            ],
          );
          return { key: toRecord(res.rows[0]!), secret };
        });
      } catch (error) {
        throw insertError(error, 'api key', id, tenantId);
      }
    },

    async get(tenantId, id) {
      scoped(tenantId, id);
      return db.tx({ tenant: tenantId }, async (q) => {
        const res = await q.query<Row>(`SELECT ${COLS} FROM api_keys WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
        if (!res.rows[0]) throw new NotFoundError('api key', id, ERR);
        return toRecord(res.rows[0]);
      });
    },

    async list(tenantId, options = {}) {
      db.checkOpen();
      assertTenantId(tenantId);
      const limit = pageSize(options.limit);
      const after = decodeCursor(options.cursor);
      return db.tx({ tenant: tenantId }, async (q) => {
        const res = await q.query<Row>(
          `SELECT ${COLS} FROM api_keys WHERE tenant_id = $1 AND seq > $2 ORDER BY seq LIMIT ${limit + 1}`,
          [tenantId, after ?? 0],
        );
        return pageOf(res.rows, limit, toRecord);
      });
    },

    async revoke(tenantId, id) {
      scoped(tenantId, id);
      return db.tx({ tenant: tenantId }, async (q) => {
        const res = await q.query<Row>(
          `UPDATE api_keys SET revoked_at = coalesce(revoked_at, $3) WHERE tenant_id = $1 AND id = $2 RETURNING ${COLS}`,
          [tenantId, id, db.now()],
        );
        if (!res.rows[0]) throw new NotFoundError('api key', id, ERR);
        return toRecord(res.rows[0]);
      });
    },

    async authenticate(secret) {
      db.checkOpen();
      const id = typeof secret === 'string' ? apiKeyIdOf(secret) : null;
      if (id === null) return null;
      return db.tx({ apiKey: id }, async (q) => {
        // no row lock: every request authenticates, often with the same key, and a locked UPDATE each time
        // serialized them all; last_used_at is recorded once a minute (never moved back)
        const res = await q.query<Row>(`SELECT ${COLS} FROM api_keys WHERE id = $1`, [id]);
        const row = res.rows[0];
        if (!row || !apiKeyMatches(secret, row.hash)) return null;
        if (row.revoked_at !== null) return null;
        const nowMs = db.clock();
        if (row.expires_at !== null && Date.parse(row.expires_at) <= nowMs) return null;
        const record = toRecord(row);
        const now = db.now();
        if (lastUsedIsStale(record.lastUsedAt, nowMs)) {
          await q.query(
            'UPDATE api_keys SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2)',
            [id, now],
          );
        }
        return { ...record, lastUsedAt: now };
      });
    },
  };
}
