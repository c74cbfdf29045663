import {
  type ApiKeyRecord,
  type ApiKeyRepository,
  type AuditEntry,
  type AuditLog,
  apiKeyIdOf,
  apiKeyMatches,
  assertId,
  createApiKeyUseCounter,
  decodeCursor,
  invalidArgument,
  NotFoundError,
  newApiKeySecret,
  pageSize,
} from '@ddex/catalog-store';
import { json, page, parse, type SqliteContext } from './context';

interface KeyRow {
  seq: number;
  id: string;
  tenant_id: string;
  name: string;
  prefix: string;
  user_id: string | null;
  scopes: string;
  hash: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
  request_count: number;
}

/** The columns of a {@link KeyRow}, in the order {@link keyRow} reads them. */
const KEY_COLUMNS =
  'seq, id, tenant_id, name, prefix, user_id, scopes, hash, created_at, expires_at, revoked_at, last_used_at, request_count';

/**
 * A key row from a raw (array) row of {@link KEY_COLUMNS}: every request reads one, and an object row costs a lookup
 * of each column name.
 */
const keyRow = (r: unknown[]): KeyRow => ({
  seq: r[0] as number,
  id: r[1] as string,
  tenant_id: r[2] as string,
  name: r[3] as string,
  prefix: r[4] as string,
  user_id: r[5] as string | null,
  scopes: r[6] as string,
  hash: r[7] as string,
  created_at: r[8] as string,
  expires_at: r[9] as string | null,
  revoked_at: r[10] as string | null,
  last_used_at: r[11] as string | null,
  request_count: r[12] as number,
});

const toKey = (r: KeyRow, pending = 0): ApiKeyRecord => ({
  tenantId: r.tenant_id,
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  userId: r.user_id,
  scopes: JSON.parse(r.scopes) as string[],
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
  lastUsedAt: r.last_used_at,
  requestCount: r.request_count + pending,
});

/** SQLite API keys: only the SHA-256 of each secret is stored. @internal */
export function sqliteApiKeys(ctx: SqliteContext): ApiKeyRepository {
  const uses = createApiKeyUseCounter();
  const view = (r: KeyRow) => toKey(r, uses.pending(r.id));
  const row = (tenantId: string, id: string): KeyRow => {
    ctx.check(tenantId);
    assertId('api key', id);
    const r = ctx.stmt('SELECT * FROM api_keys WHERE tenant_id = ? AND id = ?').get(tenantId, id) as KeyRow | undefined;
    if (!r) throw new NotFoundError('api key', id, ctx.opts);
    return r;
  };
  return {
    async create(tenantId, input) {
      return ctx.write(() => {
        ctx.requireTenant(tenantId);
        if (typeof input?.name !== 'string' || input.name === '') throw invalidArgument('api key name is required');
        const { id, secret, hash, prefix } = newApiKeySecret();
        ctx
          .stmt(
            `INSERT INTO api_keys (id, tenant_id, name, prefix, user_id, scopes, hash, created_at, expires_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            id,
            tenantId,
            input.name,
            prefix,
            input.userId ?? null,
            JSON.stringify(input.scopes ?? []),
            hash,
            ctx.now(),
            input.expiresAt ?? null,
          );
        return { key: toKey(row(tenantId, id)), secret };
      });
    },
    async get(tenantId, id) {
      return view(row(tenantId, id));
    },
    async list(tenantId, options = {}) {
      ctx.check(tenantId);
      const limit = pageSize(options.limit);
      const rows = ctx
        .stmt('SELECT * FROM api_keys WHERE tenant_id = ? AND seq > ? ORDER BY seq LIMIT ?')
        .all(tenantId, decodeCursor(options.cursor) ?? 0, limit + 1) as KeyRow[];
      return page(rows, limit, view);
    },
    async revoke(tenantId, id) {
      return ctx.write(() => {
        const r = row(tenantId, id);
        if (r.revoked_at === null) ctx.stmt('UPDATE api_keys SET revoked_at = ? WHERE seq = ?').run(ctx.now(), r.seq);
        return view(row(tenantId, id));
      });
    },
    async authenticate(secret) {
      ctx.check();
      const id = typeof secret === 'string' ? apiKeyIdOf(secret) : null;
      if (id === null) return null;
      // a read: every API request authenticates, and a committed write each time (an fsync with synchronous=FULL,
      // holding the one connection) was most of the cost of a GET; last_used_at is recorded once a minute instead,
      // with the requests counted in memory since
      const raw = ctx.rawStmt(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE id = ?`).get(id) as unknown[] | undefined;
      if (!raw) return null;
      const r = keyRow(raw);
      if (!apiKeyMatches(secret, r.hash) || r.revoked_at !== null) return null;
      const nowMs = ctx.clock();
      if (r.expires_at !== null && Date.parse(r.expires_at) <= nowMs) return null;
      const now = ctx.now();
      uses.add(id);
      if (uses.due(id, r.last_used_at, nowMs)) {
        const count = uses.take(id, nowMs);
        try {
          ctx.write(() =>
            ctx
              .stmt('UPDATE api_keys SET last_used_at = ?, request_count = request_count + ? WHERE seq = ?')
              .run(now, count, r.seq),
          );
        } catch (error) {
          uses.restore(id, count);
          throw error;
        }
        return { ...toKey(r, count), lastUsedAt: now };
      }
      return { ...view(r), lastUsedAt: now };
    },
  };
}

interface AuditRow {
  seq: number;
  tenant_id: string;
  at: string;
  actor: string;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  data: string | null;
}

const toEntry = (r: AuditRow): AuditEntry => ({
  seq: r.seq,
  tenantId: r.tenant_id,
  at: r.at,
  actor: r.actor,
  action: r.action,
  subjectType: r.subject_type,
  subjectId: r.subject_id,
  data: parse(r.data),
});

/** SQLite audit log; triggers refuse UPDATE and DELETE on the table. @internal */
export function sqliteAudit(ctx: SqliteContext): AuditLog {
  return {
    async append(tenantId, input) {
      return ctx.write(() => {
        ctx.requireTenant(tenantId);
        if (typeof input?.actor !== 'string' || input.actor === '') throw invalidArgument('audit actor is required');
        if (typeof input.action !== 'string' || input.action === '') throw invalidArgument('audit action is required');
        const at = ctx.now();
        const info = ctx
          .stmt(
            `INSERT INTO audit_log (tenant_id, at, actor, action, subject_type, subject_id, data)
             VALUES (?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            tenantId,
            at,
            input.actor,
            input.action,
            input.subjectType ?? null,
            input.subjectId ?? null,
            json(input.data),
          );
        return toEntry(ctx.stmt('SELECT * FROM audit_log WHERE seq = ?').get(info.lastInsertRowid) as AuditRow);
      });
    },
    async list(tenantId, query = {}) {
      ctx.check(tenantId);
      const limit = pageSize(query.limit);
      const after = decodeCursor(query.cursor);
      const rows = ctx
        .stmt(
          `SELECT * FROM audit_log WHERE tenant_id = ? AND (? IS NULL OR seq < ?) AND (? IS NULL OR action = ?)
           AND (? IS NULL OR subject_id = ?) ORDER BY seq DESC LIMIT ?`,
        )
        .all(
          tenantId,
          after,
          after,
          query.action ?? null,
          query.action ?? null,
          query.subjectId ?? null,
          query.subjectId ?? null,
          limit + 1,
        ) as AuditRow[];
      return page(rows, limit, toEntry);
    },
  };
}
