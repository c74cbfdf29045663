import { randomUUID } from 'node:crypto';
import { apiKeyIdOf, apiKeyMatches, newApiKeySecret } from '../api-key-secret';
import { pageBySeq } from '../cursor';
import { AlreadyExistsError, ConflictError, invalidArgument, NotFoundError } from '../errors';
import type {
  ApiKeyRecord,
  ApiKeyRepository,
  AuditEntry,
  AuditLog,
  TenantRecord,
  TenantRepository,
  UserRecord,
  UserRepository,
} from '../identity';
import { assertPasswordHash, newApiKeyRecord, validateUserInput } from '../identity-checks';
import { assertId, prepareTenant } from '../prepare';
import { clone, type MemoryState, tk } from './state';

const opts = { store: 'memory' };

/** In-memory tenants. @internal */
export function memoryTenants(state: MemoryState): TenantRepository {
  const rows = new Map<string, { seq: number; record: TenantRecord }>();
  const row = (id: string) => {
    state.check(id);
    const r = rows.get(id);
    if (!r) throw new NotFoundError('tenant', id, opts);
    return r;
  };
  return {
    async create(tenant) {
      state.check();
      const doc = prepareTenant(tenant);
      if (rows.has(doc.id)) throw new AlreadyExistsError('tenant', doc.id, opts);
      const now = state.now();
      const record: TenantRecord = { id: doc.id, version: 1, createdAt: now, updatedAt: now, tenant: doc };
      rows.set(doc.id, { seq: state.seq(), record });
      state.tenantIds.add(doc.id);
      return clone(record);
    },
    async get(id) {
      return clone(row(id).record);
    },
    async update(id, tenant, options) {
      const r = row(id);
      const doc = prepareTenant(tenant, id);
      if (options?.expectedVersion !== undefined && options.expectedVersion !== r.record.version) {
        throw new ConflictError('tenant', id, options.expectedVersion, r.record.version, opts);
      }
      r.record = { ...r.record, tenant: doc, version: r.record.version + 1, updatedAt: state.now() };
      return clone(r.record);
    },
    async list(options = {}) {
      state.check();
      const page = pageBySeq(rows.values(), (r) => r.seq, { ...options, order: 'asc' });
      return { items: page.items.map((r) => clone(r.record)), nextCursor: page.nextCursor };
    },
  };
}

/** In-memory users. @internal */
export function memoryUsers(state: MemoryState): UserRepository {
  const rows = new Map<string, { seq: number; record: UserRecord; passwordHash?: string }>();
  const row = (tenantId: string, id: string) => {
    state.check(tenantId);
    assertId('user', id);
    const r = rows.get(tk(tenantId, id));
    if (!r) throw new NotFoundError('user', id, opts);
    return r;
  };
  return {
    async create(tenantId, input) {
      state.requireTenant(tenantId);
      validateUserInput(input);
      const id = input.id ?? randomUUID();
      assertId('user', id);
      const email = input.email.toLowerCase();
      if (rows.has(tk(tenantId, id))) throw new AlreadyExistsError('user', id, opts);
      for (const r of rows.values()) {
        if (r.record.tenantId === tenantId && r.record.email === email)
          throw new AlreadyExistsError('user', email, opts);
      }
      const now = state.now();
      const record: UserRecord = {
        tenantId,
        id,
        email,
        name: input.name ?? null,
        role: input.role,
        disabled: false,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      rows.set(tk(tenantId, id), { seq: state.seq(), record });
      return clone(record);
    },
    async get(tenantId, id) {
      return clone(row(tenantId, id).record);
    },
    async findByEmail(tenantId, email) {
      state.check(tenantId);
      const key = email.toLowerCase();
      for (const r of rows.values()) {
        if (r.record.tenantId === tenantId && r.record.email === key) return clone(r.record);
      }
      return null;
    },
    async update(tenantId, id, patch, options) {
      const r = row(tenantId, id);
      if (options?.expectedVersion !== undefined && options.expectedVersion !== r.record.version) {
        throw new ConflictError('user', id, options.expectedVersion, r.record.version, opts);
      }
      if (patch.role !== undefined) validateUserInput({ email: r.record.email, role: patch.role });
      const next = { ...r.record };
      if (patch.name !== undefined) next.name = patch.name;
      if (patch.role !== undefined) next.role = patch.role;
      if (patch.disabled !== undefined) next.disabled = patch.disabled;
      r.record = { ...next, version: r.record.version + 1, updatedAt: state.now() };
      return clone(r.record);
    },
    async delete(tenantId, id) {
      row(tenantId, id);
      rows.delete(tk(tenantId, id));
    },
    async list(tenantId, options = {}) {
      state.check(tenantId);
      const hits = [...rows.values()].filter((r) => r.record.tenantId === tenantId);
      const page = pageBySeq(hits, (r) => r.seq, { ...options, order: 'asc' });
      return { items: page.items.map((r) => clone(r.record)), nextCursor: page.nextCursor };
    },
    async setPasswordHash(tenantId, id, passwordHash) {
      const r = row(tenantId, id);
      assertPasswordHash(passwordHash);
      r.passwordHash = passwordHash ?? undefined;
      r.record = { ...r.record, version: r.record.version + 1, updatedAt: state.now() };
      return clone(r.record);
    },
    async findCredentials(email) {
      state.check();
      const key = String(email).toLowerCase();
      return [...rows.values()]
        .filter((r) => r.record.email === key && r.passwordHash !== undefined)
        .sort((x, y) => x.seq - y.seq)
        .map((r) => ({ user: clone(r.record), passwordHash: r.passwordHash! }));
    },
  };
}

/** In-memory API keys (hashes only). @internal */
export function memoryApiKeys(state: MemoryState): ApiKeyRepository {
  const rows = new Map<string, { seq: number; record: ApiKeyRecord; hash: string }>();
  const row = (tenantId: string, id: string) => {
    state.check(tenantId);
    assertId('api key', id);
    const r = rows.get(id);
    if (!r || r.record.tenantId !== tenantId) throw new NotFoundError('api key', id, opts);
    return r;
  };
  return {
    async create(tenantId, input) {
      state.requireTenant(tenantId);
      if (typeof input?.name !== 'string' || input.name === '') throw invalidArgument('api key name is required');
      const { id, secret, hash, prefix } = newApiKeySecret();
      const record = newApiKeyRecord(tenantId, { id, prefix }, input, state.now());
      rows.set(id, { seq: state.seq(), record, hash });
      return { key: clone(record), secret };
    },
    async get(tenantId, id) {
      return clone(row(tenantId, id).record);
    },
    async list(tenantId, options = {}) {
      state.check(tenantId);
      const hits = [...rows.values()].filter((r) => r.record.tenantId === tenantId);
      const page = pageBySeq(hits, (r) => r.seq, { ...options, order: 'asc' });
      return { items: page.items.map((r) => clone(r.record)), nextCursor: page.nextCursor };
    },
    async revoke(tenantId, id) {
      const r = row(tenantId, id);
      if (r.record.revokedAt === null) r.record = { ...r.record, revokedAt: state.now() };
      return clone(r.record);
    },
    async authenticate(secret) {
      state.check();
      const id = typeof secret === 'string' ? apiKeyIdOf(secret) : null;
      const r = id === null ? undefined : rows.get(id);
      if (!r || !apiKeyMatches(secret, r.hash)) return null;
      if (r.record.revokedAt !== null) return null;
      if (r.record.expiresAt !== null && Date.parse(r.record.expiresAt) <= state.clock()) return null;
      r.record = { ...r.record, lastUsedAt: state.now(), requestCount: r.record.requestCount + 1 };
      return clone(r.record);
    },
  };
}

/** In-memory append-only audit log. @internal */
export function memoryAudit(state: MemoryState): AuditLog {
  const entries: AuditEntry[] = [];
  return {
    async append(tenantId, input) {
      state.requireTenant(tenantId);
      if (typeof input?.actor !== 'string' || input.actor === '') throw invalidArgument('audit actor is required');
      if (typeof input.action !== 'string' || input.action === '') throw invalidArgument('audit action is required');
      const entry: AuditEntry = {
        seq: state.seq(),
        tenantId,
        at: state.now(),
        actor: input.actor,
        action: input.action,
        subjectType: input.subjectType ?? null,
        subjectId: input.subjectId ?? null,
        data: input.data ? clone(input.data) : null,
      };
      entries.push(entry);
      return clone(entry);
    },
    async list(tenantId, query = {}) {
      state.check(tenantId);
      const hits = entries.filter(
        (e) =>
          e.tenantId === tenantId &&
          (query.action === undefined || e.action === query.action) &&
          (query.subjectId === undefined || e.subjectId === query.subjectId),
      );
      const page = pageBySeq(hits, (e) => e.seq, query);
      return { items: clone(page.items), nextCursor: page.nextCursor };
    },
  };
}
