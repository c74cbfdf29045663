import {
  type ApiKeyRecord,
  type ApiKeyRepository,
  apiKeyIdOf,
  apiKeyMatches,
  assertId,
  assertTenantId,
  createApiKeyUseCounter,
  decodeCursor,
  invalidArgument,
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
  request_count: string;
}

const COLS =
  'seq, tenant_id, id, name, prefix, user_id, scopes, hash, created_at, expires_at, revoked_at, last_used_at, request_count';

const toRecord = (r: Row, pending = 0): ApiKeyRecord => ({
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
  requestCount: Number(r.request_count) + pending,
});

/**
 * API keys on PostgreSQL: only the SHA-256 of a secret is stored. `authenticate` is the one call without a tenant:
 * it scopes its transaction to the key id embedded in the secret, which the RLS policy lets through. @internal
 */
export function pgApiKeys(db: PgDb): ApiKeyRepository {
  const uses = createApiKeyUseCounter();
  const view = (r: Row) => toRecord(r, uses.pending(r.id));
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
        return view(res.rows[0]);
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
        return pageOf(res.rows, limit, view);
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
        return view(res.rows[0]);
      });
    },

    async authenticate(secret) {
      db.checkOpen();
      const id = typeof secret === 'string' ? apiKeyIdOf(secret) : null;
      if (id === null) return null;
      return db.tx({ apiKey: id }, async (q) => {
        // no row lock: every request authenticates, often with the same key, and a locked UPDATE each time
        // serialized them all; last_used_at is recorded once a minute (never moved back), and with it the requests
        // this process counted since (an increment, so processes never overwrite each other's counts)
        const res = await q.query<Row>(`SELECT ${COLS} FROM api_keys WHERE id = $1`, [id]);
        const row = res.rows[0];
        if (!row || !apiKeyMatches(secret, row.hash)) return null;
        if (row.revoked_at !== null) return null;
        const nowMs = db.clock();
        if (row.expires_at !== null && Date.parse(row.expires_at) <= nowMs) return null;
        const now = db.now();
        uses.add(id);
        if (uses.due(id, iso(row.last_used_at), nowMs)) {
          const count = uses.take(id, nowMs);
          try {
            await q.query(
              `UPDATE api_keys SET last_used_at = greatest(last_used_at, $2::timestamptz),
                 request_count = request_count + $3 WHERE id = $1`,
              [id, now, count],
            );
          } catch (error) {
            uses.restore(id, count);
            throw error;
          }
          return { ...toRecord(row, count), lastUsedAt: now };
        }
        return { ...view(row), lastUsedAt: now };
      });
    },
  };
}
