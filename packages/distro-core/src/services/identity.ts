import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiKeyRecord, TenantRecord, UserRecord, UserRole } from '@ddex/catalog-store';
import { parseTenant, type Tenant } from '@ddex/ern-model';
import { z } from 'zod';
import { DistroError, validationError } from '../errors';
import { invalid, parseInput } from '../input';
import { authorize, type Principal, ROLES, type Role } from '../principal';
import type { PageView, RecordView, ServiceContext } from './context';
import { hashPassword } from './passwords';
import { RESET_SCOPE, revokeSessionsOf, SESSION_SCOPE } from './sessions';

/** A tenant as the API returns it. */
export interface TenantView extends RecordView {
  /** the tenant document */
  tenant: Tenant;
}

/** A user as the API returns it (roles in the blueprint's vocabulary). */
export interface UserView extends RecordView {
  /** e-mail */
  email: string;
  /** display name */
  name: string | null;
  /** role */
  role: Role;
  /** disabled users cannot sign in */
  disabled: boolean;
}

/** An API key as the API returns it: never the secret, only its prefix. */
export interface ApiKeyView {
  /** key id */
  id: string;
  /** label */
  name: string;
  /** first characters of the secret */
  prefix: string;
  /** role the key acts with */
  role: Role;
  /** ISO instant of creation */
  createdAt: string;
  /** ISO instant it stops working */
  expiresAt: string | null;
  /** ISO instant it was revoked */
  revokedAt: string | null;
  /** ISO instant of the last use */
  lastUsedAt: string | null;
  /** requests made with the key (another process's last minute may not be in yet) */
  requestCount: number;
}

/** {@link ApiKeyView} as a schema, for the OpenAPI document. */
export const ApiKeyViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  role: z.enum(ROLES),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable().describe('recorded at most once a minute'),
  requestCount: z.number().int().describe('requests made with the key; another process’s last minute may be missing'),
});

/** A password users sign in with: 10 to 1024 characters. */
export const PasswordSchema = z.string().min(10).max(1024);

/** Body of `POST /api/users`; without `password` the user cannot sign in until one is set. */
export const UserInputSchema = z
  .object({
    email: z.email().max(320),
    name: z.string().min(1).max(200).optional(),
    role: z.enum(ROLES),
    password: PasswordSchema.optional(),
  })
  .strict();
/** Body of `PATCH /api/users/:id`. */
export const UserPatchSchema = z
  .object({
    name: z.string().min(1).max(200).nullable().optional(),
    role: z.enum(ROLES).optional(),
    disabled: z.boolean().optional(),
    /** a new password; the user's open sessions are closed */
    password: PasswordSchema.optional(),
  })
  .strict();
/** Body of `POST /api/api-keys`. */
export const ApiKeyInputSchema = z
  .object({
    name: z.string().min(1).max(200),
    role: z.enum(ROLES),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

/** Keys that stand for a user's sign-in (sessions, reset tokens), not API keys. */
const isUserCredential = (k: ApiKeyRecord) => k.scopes.includes(SESSION_SCOPE) || k.scopes.includes(RESET_SCOPE);

const TO_STORE: Record<Role, UserRole> = { admin: 'admin', manager: 'editor', viewer: 'viewer' };
const FROM_STORE: Record<UserRole, Role> = { owner: 'admin', admin: 'admin', editor: 'manager', viewer: 'viewer' };
const ROLE_SCOPE = 'role:';
/** Scope of keys that may create tenants. */
export const OPERATOR_SCOPE = 'operator';

/** Tenants: the caller's own, and (operators only) new ones. */
export interface TenantService {
  /** The caller's tenant in a one-item page (no tenant learns of another). */
  list(principal: Principal): Promise<PageView<TenantView>>;
  /** Reads the caller's tenant; any other id is NOT_FOUND. */
  get(principal: Principal, id: string): Promise<TenantView>;
  /** Replaces the caller's tenant document (admin). */
  update(principal: Principal, id: string, input: unknown, expectedVersion?: number): Promise<TenantView>;
  /** Creates a tenant and its first admin key (operators only); the secret is returned once. */
  create(principal: Principal, input: unknown): Promise<{ tenant: TenantView; apiKey: ApiKeyView; secret: string }>;
}

/** Users of the caller's tenant (admin). */
export interface UserService {
  /** Lists users. */
  list(principal: Principal, page?: { cursor?: string; limit?: number }): Promise<PageView<UserView>>;
  /** Reads a user. */
  get(principal: Principal, id: string): Promise<UserView>;
  /** Creates a user. */
  create(principal: Principal, input: unknown): Promise<UserView>;
  /** Changes name, role or disabled. */
  update(principal: Principal, id: string, input: unknown, expectedVersion?: number): Promise<UserView>;
  /** Deletes a user. */
  delete(principal: Principal, id: string): Promise<void>;
}

/** API keys of the caller's tenant (admin), and authentication. */
export interface ApiKeyService {
  /** Lists keys (never secrets). */
  list(principal: Principal, page?: { cursor?: string; limit?: number }): Promise<PageView<ApiKeyView>>;
  /** Creates a key; the secret is returned once. */
  create(principal: Principal, input: unknown): Promise<{ apiKey: ApiKeyView; secret: string }>;
  /** Revokes a key. */
  revoke(principal: Principal, id: string): Promise<ApiKeyView>;
  /** Resolves a presented secret to a principal, or null. */
  authenticate(secret: string): Promise<Principal | null>;
}

/** The view of a stored tenant. */
export function tenantView(record: TenantRecord): TenantView {
  const { id, version, createdAt, updatedAt, tenant } = record;
  return { id, version, createdAt, updatedAt, tenant };
}

function userView(u: UserRecord): UserView {
  const { id, version, createdAt, updatedAt, email, name, disabled } = u;
  return { id, version, createdAt, updatedAt, email, name, disabled, role: FROM_STORE[u.role] };
}

/** A stored user's role in the blueprint's vocabulary. */
export function roleOfUser(user: UserRecord): Role {
  return FROM_STORE[user.role];
}

/** Role of a stored key (the narrowest when it carries none). */
export function roleOfKey(key: ApiKeyRecord): Role {
  const scope = key.scopes.find((s) => s.startsWith(ROLE_SCOPE))?.slice(ROLE_SCOPE.length);
  return (ROLES as readonly string[]).includes(scope ?? '') ? (scope as Role) : 'viewer';
}

/** Scopes that give a key a role (and optionally operator rights). */
export function scopesFor(role: Role, operator = false): string[] {
  return operator ? [`${ROLE_SCOPE}${role}`, OPERATOR_SCOPE] : [`${ROLE_SCOPE}${role}`];
}

function apiKeyView(k: ApiKeyRecord): ApiKeyView {
  const { id, name, prefix, createdAt, expiresAt, revokedAt, lastUsedAt, requestCount } = k;
  return { id, name, prefix, role: roleOfKey(k), createdAt, expiresAt, revokedAt, lastUsedAt, requestCount };
}

function parseTenantDoc(input: unknown, id?: string): Tenant {
  const body =
    id !== undefined && input !== null && typeof input === 'object' && !Array.isArray(input) ? { id, ...input } : input;
  if (id !== undefined && (body as { id?: unknown })?.id !== id)
    invalid('id_mismatch', 'id', `id must be "${id}", as in the URL.`);
  const result = parseTenant(body);
  if (!result.success) throw validationError(result.issues, 'the tenant is invalid');
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(result.data.id)) {
    invalid('invalid_format', 'id', 'id must be 1-128 letters, digits, dots, dashes or underscores.');
  }
  return result.data;
}

/** @internal */
export function tenantService(ctx: ServiceContext): TenantService {
  const { store } = ctx;
  const own = (p: Principal, id: string) => {
    if (id !== p.tenantId) throw new DistroError('NOT_FOUND', `tenant "${id}" not found`);
  };
  return {
    async list(p) {
      authorize(p, 'catalog:read');
      return { items: [tenantView(await store.tenants.get(p.tenantId))], nextCursor: null };
    },
    async get(p, id) {
      authorize(p, 'catalog:read');
      own(p, id);
      return tenantView(await store.tenants.get(p.tenantId));
    },
    async update(p, id, input, expectedVersion) {
      own(p, id);
      authorize(p, 'admin');
      const tenant = parseTenantDoc(input, id);
      const record = await store.tenants.update(p.tenantId, tenant, { expectedVersion });
      await ctx.audit(p, 'tenant.update', 'tenant', id, { version: record.version });
      return tenantView(record);
    },
    async create(p, input) {
      authorize(p, 'admin');
      if (!p.operator) throw new DistroError('FORBIDDEN', 'only an operator key may create tenants');
      const tenant = parseTenantDoc(input);
      const record = await store.tenants.create(tenant);
      const { key, secret } = await store.apiKeys.create(tenant.id, { name: 'admin', scopes: scopesFor('admin') });
      await ctx.audit(p, 'tenant.create', 'tenant', tenant.id);
      await ctx.audit({ ...p, tenantId: tenant.id }, 'tenant.create', 'tenant', tenant.id, { by: p.tenantId });
      return { tenant: tenantView(record), apiKey: apiKeyView(key), secret };
    },
  };
}

/** @internal */
export function userService(ctx: ServiceContext): UserService {
  const { store } = ctx;
  return {
    async list(p, page = {}) {
      authorize(p, 'admin');
      const result = await store.users.list(p.tenantId, page);
      return { items: result.items.map(userView), nextCursor: result.nextCursor };
    },
    async get(p, id) {
      authorize(p, 'admin');
      return userView(await store.users.get(p.tenantId, id));
    },
    async create(p, raw) {
      authorize(p, 'admin');
      const { password, ...input } = parseInput(UserInputSchema, raw);
      const hash = password === undefined ? undefined : await hashPassword(password, ctx.options.passwordHashCost);
      let user = await store.users.create(p.tenantId, { ...input, role: TO_STORE[input.role] });
      if (hash !== undefined) {
        try {
          user = await store.users.setPasswordHash(p.tenantId, user.id, hash);
        } catch (error) {
          await store.users.delete(p.tenantId, user.id).catch(() => undefined); // no user half-created
          throw error;
        }
      }
      await ctx.audit(p, 'user.create', 'user', user.id, { role: input.role, password: hash !== undefined });
      return userView(user);
    },
    async update(p, id, raw, expectedVersion) {
      authorize(p, 'admin');
      const { password, ...input } = parseInput(UserPatchSchema, raw);
      const hash = password === undefined ? undefined : await hashPassword(password, ctx.options.passwordHashCost);
      let user = await store.users.update(
        p.tenantId,
        id,
        { ...input, role: input.role && TO_STORE[input.role] },
        { expectedVersion },
      );
      if (hash !== undefined) {
        user = await store.users.setPasswordHash(p.tenantId, id, hash);
        await revokeSessionsOf(ctx, p.tenantId, id);
      }
      await ctx.audit(p, 'user.update', 'user', id, { ...input, ...(hash ? { password: 'changed' } : {}) });
      return userView(user);
    },
    async delete(p, id) {
      authorize(p, 'admin');
      await store.users.delete(p.tenantId, id);
      await revokeSessionsOf(ctx, p.tenantId, id);
      await ctx.audit(p, 'user.delete', 'user', id);
    },
  };
}

/** @internal */
export function apiKeyService(ctx: ServiceContext): ApiKeyService {
  const { store } = ctx;
  return {
    async list(p, page = {}) {
      authorize(p, 'admin');
      const result = await store.apiKeys.list(p.tenantId, page);
      // browser sessions and reset tokens are keys too (see SESSION_SCOPE); they are not API keys to manage here
      const keys = result.items.filter((k) => !isUserCredential(k));
      return { items: keys.map(apiKeyView), nextCursor: result.nextCursor };
    },
    async create(p, raw) {
      authorize(p, 'admin');
      const input = parseInput(ApiKeyInputSchema, raw);
      const { key, secret } = await store.apiKeys.create(p.tenantId, {
        name: input.name,
        scopes: scopesFor(input.role),
        expiresAt: input.expiresAt,
      });
      await ctx.audit(p, 'apikey.create', 'apikey', key.id, { role: input.role });
      return { apiKey: apiKeyView(key), secret };
    },
    async revoke(p, id) {
      authorize(p, 'admin');
      const key = await store.apiKeys.revoke(p.tenantId, id);
      await ctx.audit(p, 'apikey.revoke', 'apikey', id);
      return apiKeyView(key);
    },
    async authenticate(secret) {
      if (typeof secret !== 'string' || secret.length === 0 || secret.length > 512) return null;
      const staticKeys = ctx.options.staticKeys ?? [];
      // hashed here only for static keys: the store hashes what it looks up itself
      const presented = staticKeys.length > 0 ? createHash('sha256').update(secret, 'utf8').digest() : undefined;
      for (const k of staticKeys) {
        const expected = Buffer.from(k.secretSha256, 'hex');
        if (presented && expected.length === presented.length && timingSafeEqual(expected, presented)) {
          return { tenantId: k.tenantId, actor: `apikey:${k.id}`, role: k.role, operator: k.operator === true };
        }
      }
      const key = await store.apiKeys.authenticate(secret);
      if (!key || isUserCredential(key)) return null; // a session secret or reset token is no Bearer key
      return {
        tenantId: key.tenantId,
        actor: `apikey:${key.id}`,
        role: roleOfKey(key),
        operator: key.scopes.includes(OPERATOR_SCOPE),
      };
    },
  };
}
