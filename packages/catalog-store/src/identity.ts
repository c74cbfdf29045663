import type { Tenant } from '@ddex/ern-model';
import type { Page, PageOptions, RecordMeta, TenantId, WriteOptions } from './common';

/** A stored tenant. */
export interface TenantRecord extends RecordMeta {
  /** tenant id */
  id: TenantId;
  /** the tenant document */
  tenant: Tenant;
}

/** Tenants: the top of every scope. */
export interface TenantRepository {
  /** Creates a tenant under `tenant.id`; ALREADY_EXISTS when taken. */
  create(tenant: Tenant): Promise<TenantRecord>;
  /** Reads a tenant; NOT_FOUND when absent. */
  get(tenantId: TenantId): Promise<TenantRecord>;
  /** Replaces the tenant document; CONFLICT on a stale `expectedVersion`. */
  update(tenantId: TenantId, tenant: Tenant, options?: WriteOptions): Promise<TenantRecord>;
  /** Lists tenants in creation order (an operator call). */
  list(options?: PageOptions): Promise<Page<TenantRecord>>;
}

/** Roles of a user within a tenant. */
export type UserRole = 'owner' | 'admin' | 'editor' | 'viewer';

/** A user of a tenant. */
export interface UserRecord extends RecordMeta {
  /** tenant the user belongs to */
  tenantId: TenantId;
  /** user id */
  id: string;
  /** e-mail, unique within the tenant (stored lower-case) */
  email: string;
  /** display name */
  name: string | null;
  /** role */
  role: UserRole;
  /** disabled users cannot sign in */
  disabled: boolean;
}

/** Input of {@link UserRepository.create}. */
export interface UserInput {
  /** id; a random UUID when omitted */
  id?: string;
  /** e-mail */
  email: string;
  /** display name */
  name?: string;
  /** role */
  role: UserRole;
}

/** Users of a tenant. */
export interface UserRepository {
  /** Creates a user; ALREADY_EXISTS when the id or e-mail is taken in the tenant. */
  create(tenantId: TenantId, input: UserInput): Promise<UserRecord>;
  /** Reads a user; NOT_FOUND when absent. */
  get(tenantId: TenantId, id: string): Promise<UserRecord>;
  /** Finds a user by e-mail (case-insensitive), or null. */
  findByEmail(tenantId: TenantId, email: string): Promise<UserRecord | null>;
  /** Changes name, role or disabled; CONFLICT on a stale `expectedVersion`. */
  update(
    tenantId: TenantId,
    id: string,
    patch: { name?: string | null; role?: UserRole; disabled?: boolean },
    options?: WriteOptions,
  ): Promise<UserRecord>;
  /** Deletes a user; NOT_FOUND when absent. */
  delete(tenantId: TenantId, id: string): Promise<void>;
  /** Lists users in creation order. */
  list(tenantId: TenantId, options?: PageOptions): Promise<Page<UserRecord>>;
  /**
   * Sets the user's password hash (an opaque string the service computes, e.g. scrypt), or clears it with null;
   * bumps the version. NOT_FOUND when absent. The hash is never part of a {@link UserRecord}.
   */
  setPasswordHash(tenantId: TenantId, id: string, passwordHash: string | null): Promise<UserRecord>;
  /**
   * The users of every tenant with this e-mail (case-insensitive) and a password, with their hashes, in creation
   * order. Besides `apiKeys.authenticate`, the one call across tenants: it is how a sign-in learns its tenant.
   */
  findCredentials(email: string): Promise<UserCredentials[]>;
}

/** A user with the password hash it signs in with (see {@link UserRepository.findCredentials}). */
export interface UserCredentials {
  /** the user */
  user: UserRecord;
  /** the stored password hash */
  passwordHash: string;
}

/** An API key as stored: the secret itself is never kept, only its SHA-256. */
export interface ApiKeyRecord {
  /** tenant the key acts for */
  tenantId: TenantId;
  /** key id (also embedded in the secret) */
  id: string;
  /** label */
  name: string;
  /** first characters of the secret, for display */
  prefix: string;
  /** user the key belongs to */
  userId: string | null;
  /** granted scopes */
  scopes: string[];
  /** ISO instant of creation */
  createdAt: string;
  /** ISO instant the key stops working */
  expiresAt: string | null;
  /** ISO instant it was revoked */
  revokedAt: string | null;
  /**
   * ISO instant of the last successful authentication (`authenticate` returns the current instant; stores may
   * record it at most once per `API_KEY_LAST_USED_RESOLUTION_MS`, so a stored value can be up to a minute old)
   */
  lastUsedAt: string | null;
  /**
   * Requests authenticated with the key. Stores count in memory and add the count to the stored one with the
   * `lastUsedAt` write (at most once a minute per key and process), so another process's last minute may be missing.
   */
  requestCount: number;
}

/** Input of {@link ApiKeyRepository.create}. */
export interface ApiKeyInput {
  /** label */
  name: string;
  /** user the key belongs to */
  userId?: string;
  /** granted scopes */
  scopes?: string[];
  /** ISO instant the key stops working */
  expiresAt?: string;
}

/** API keys of a tenant. */
export interface ApiKeyRepository {
  /** Creates a key; the secret is returned once and only its hash is stored. */
  create(tenantId: TenantId, input: ApiKeyInput): Promise<{ key: ApiKeyRecord; secret: string }>;
  /** Reads a key; NOT_FOUND when absent. */
  get(tenantId: TenantId, id: string): Promise<ApiKeyRecord>;
  /** Lists keys in creation order. */
  list(tenantId: TenantId, options?: PageOptions): Promise<Page<ApiKeyRecord>>;
  /** Revokes a key (idempotent); NOT_FOUND when absent. */
  revoke(tenantId: TenantId, id: string): Promise<ApiKeyRecord>;
  /**
   * Resolves a presented secret to its key (and so its tenant), or null when unknown, revoked, expired or wrong.
   * The one call without a tenant: it is how a request learns its tenant.
   */
  authenticate(secret: string): Promise<ApiKeyRecord | null>;
}

/** One entry of the append-only audit log. */
export interface AuditEntry {
  /** increasing sequence number (store-wide) */
  seq: number;
  /** tenant the entry belongs to */
  tenantId: TenantId;
  /** ISO instant */
  at: string;
  /** who acted: a user id, `apikey:<id>`, `system` */
  actor: string;
  /** what happened, e.g. `release.update` */
  action: string;
  /** kind of the subject, e.g. `release` */
  subjectType: string | null;
  /** id of the subject */
  subjectId: string | null;
  /** structured detail */
  data: Record<string, unknown> | null;
}

/** Input of {@link AuditLog.append}. */
export interface AuditInput {
  /** who acted */
  actor: string;
  /** what happened */
  action: string;
  /** kind of the subject */
  subjectType?: string;
  /** id of the subject */
  subjectId?: string;
  /** structured detail */
  data?: Record<string, unknown>;
}

/** Filters of {@link AuditLog.list}. */
export interface AuditListQuery extends PageOptions {
  /** only this action */
  action?: string;
  /** only this subject id */
  subjectId?: string;
}

/** The append-only audit log of a tenant: there is no update or delete. */
export interface AuditLog {
  /** Appends an entry. */
  append(tenantId: TenantId, input: AuditInput): Promise<AuditEntry>;
  /** Lists entries, newest first. */
  list(tenantId: TenantId, query?: AuditListQuery): Promise<Page<AuditEntry>>;
}
