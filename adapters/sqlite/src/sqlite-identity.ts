import { randomUUID } from 'node:crypto';
import {
  AlreadyExistsError,
  assertId,
  assertPasswordHash,
  decodeCursor,
  NotFoundError,
  pageSize,
  prepareTenant,
  type TenantRecord,
  type TenantRepository,
  type UserRecord,
  type UserRepository,
  validateUserInput,
} from '@ddex/catalog-store';
import type { Tenant } from '@ddex/ern-model';
import { page, type SqliteContext } from './context';

interface TenantRow {
  seq: number;
  id: string;
  version: number;
  created_at: string;
  updated_at: string;
  body: string;
}

const toTenant = (r: TenantRow): TenantRecord => ({
  id: r.id,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  tenant: JSON.parse(r.body) as Tenant,
});

/** SQLite tenants. @internal */
export function sqliteTenants(ctx: SqliteContext): TenantRepository {
  const row = (id: string): TenantRow => {
    ctx.check(id);
    const r = ctx.stmt('SELECT * FROM tenants WHERE id = ?').get(id) as TenantRow | undefined;
    if (!r) throw new NotFoundError('tenant', id, ctx.opts);
    return r;
  };
  return {
    async create(tenant) {
      return ctx.write(() => {
        const doc = prepareTenant(tenant);
        if (ctx.stmt('SELECT 1 FROM tenants WHERE id = ?').get(doc.id)) {
          throw new AlreadyExistsError('tenant', doc.id, ctx.opts);
        }
        const now = ctx.now();
        ctx
          .stmt('INSERT INTO tenants (id, version, created_at, updated_at, body) VALUES (?, 1, ?, ?, ?)')
          .run(doc.id, now, now, JSON.stringify(doc));
        return { id: doc.id, version: 1, createdAt: now, updatedAt: now, tenant: doc };
      });
    },
    async get(id) {
      return toTenant(row(id));
    },
    async update(id, tenant, options) {
      return ctx.write(() => {
        const r = row(id);
        const doc = prepareTenant(tenant, id);
        ctx.checkVersion('tenant', id, options?.expectedVersion, r.version);
        const now = ctx.now();
        ctx
          .stmt('UPDATE tenants SET version = version + 1, updated_at = ?, body = ? WHERE seq = ?')
          .run(now, JSON.stringify(doc), r.seq);
        return { ...toTenant(r), version: r.version + 1, updatedAt: now, tenant: doc };
      });
    },
    async list(options = {}) {
      ctx.check();
      const limit = pageSize(options.limit);
      const rows = ctx
        .stmt('SELECT * FROM tenants WHERE seq > ? ORDER BY seq LIMIT ?')
        .all(decodeCursor(options.cursor) ?? 0, limit + 1) as TenantRow[];
      return page(rows, limit, toTenant);
    },
  };
}

interface UserRow {
  seq: number;
  tenant_id: string;
  id: string;
  email: string;
  name: string | null;
  role: UserRecord['role'];
  disabled: number;
  version: number;
  created_at: string;
  updated_at: string;
  password_hash: string | null;
}

const toUser = (r: UserRow): UserRecord => ({
  tenantId: r.tenant_id,
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
  disabled: r.disabled === 1,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** SQLite users. @internal */
export function sqliteUsers(ctx: SqliteContext): UserRepository {
  const row = (tenantId: string, id: string): UserRow => {
    ctx.check(tenantId);
    assertId('user', id);
    const r = ctx.stmt('SELECT * FROM users WHERE tenant_id = ? AND id = ?').get(tenantId, id) as UserRow | undefined;
    if (!r) throw new NotFoundError('user', id, ctx.opts);
    return r;
  };
  return {
    async create(tenantId, input) {
      return ctx.write(() => {
        ctx.requireTenant(tenantId);
        validateUserInput(input);
        const id = input.id ?? randomUUID();
        assertId('user', id);
        const email = input.email.toLowerCase();
        if (ctx.stmt('SELECT 1 FROM users WHERE tenant_id = ? AND id = ?').get(tenantId, id)) {
          throw new AlreadyExistsError('user', id, ctx.opts);
        }
        if (ctx.stmt('SELECT 1 FROM users WHERE tenant_id = ? AND email = ?').get(tenantId, email)) {
          throw new AlreadyExistsError('user', email, ctx.opts);
        }
        const now = ctx.now();
        ctx
          .stmt(
            `INSERT INTO users (tenant_id, id, email, name, role, disabled, version, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, 0, 1, ?, ?)`,
          )
          .run(tenantId, id, email, input.name ?? null, input.role, now, now);
        return toUser(row(tenantId, id));
      });
    },
    async get(tenantId, id) {
      return toUser(row(tenantId, id));
    },
    async findByEmail(tenantId, email) {
      ctx.check(tenantId);
      const r = ctx
        .stmt('SELECT * FROM users WHERE tenant_id = ? AND email = ?')
        .get(tenantId, String(email).toLowerCase()) as UserRow | undefined;
      return r ? toUser(r) : null;
    },
    async update(tenantId, id, patch, options) {
      return ctx.write(() => {
        const r = row(tenantId, id);
        ctx.checkVersion('user', id, options?.expectedVersion, r.version);
        if (patch.role !== undefined) validateUserInput({ email: r.email, role: patch.role });
        ctx
          .stmt(
            'UPDATE users SET name = ?, role = ?, disabled = ?, version = version + 1, updated_at = ? WHERE seq = ?',
          )
          .run(
            patch.name === undefined ? r.name : patch.name,
            patch.role ?? r.role,
            patch.disabled === undefined ? r.disabled : patch.disabled ? 1 : 0,
            ctx.now(),
            r.seq,
          );
        return toUser(row(tenantId, id));
      });
    },
    async delete(tenantId, id) {
      ctx.write(() => {
        const r = row(tenantId, id);
        ctx.stmt('DELETE FROM users WHERE seq = ?').run(r.seq);
      });
    },
    async list(tenantId, options = {}) {
      ctx.check(tenantId);
      const limit = pageSize(options.limit);
      const rows = ctx
        .stmt('SELECT * FROM users WHERE tenant_id = ? AND seq > ? ORDER BY seq LIMIT ?')
        .all(tenantId, decodeCursor(options.cursor) ?? 0, limit + 1) as UserRow[];
      return page(rows, limit, toUser);
    },
    async setPasswordHash(tenantId, id, passwordHash) {
      assertPasswordHash(passwordHash);
      return ctx.write(() => {
        const r = row(tenantId, id);
        ctx
          .stmt('UPDATE users SET password_hash = ?, version = version + 1, updated_at = ? WHERE seq = ?')
          .run(passwordHash, ctx.now(), r.seq);
        return toUser(row(tenantId, id));
      });
    },
    async findCredentials(email) {
      ctx.check();
      const rows = ctx
        .stmt('SELECT * FROM users WHERE email = ? AND password_hash IS NOT NULL ORDER BY seq')
        .all(String(email).toLowerCase()) as UserRow[];
      return rows.map((r) => ({ user: toUser(r), passwordHash: r.password_hash! }));
    },
  };
}
