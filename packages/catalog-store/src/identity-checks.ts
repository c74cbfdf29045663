import { invalidArgument } from './errors';
import type { ApiKeyInput, ApiKeyRecord, UserInput } from './identity';

/** Roles a user may have. */
export const USER_ROLES = ['owner', 'admin', 'editor', 'viewer'] as const;

/** Validates user input (shared by every adapter). */
export function validateUserInput(input: Pick<UserInput, 'email' | 'role'>): void {
  if (typeof input?.email !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(input.email)) {
    throw invalidArgument(`invalid e-mail ${JSON.stringify(input?.email)}`);
  }
  if (!(USER_ROLES as readonly string[]).includes(input.role)) throw invalidArgument(`invalid role "${input.role}"`);
}

/** Checks a password hash given to `users.setPasswordHash`: a non-empty string of at most 1024 characters, or null. */
export function assertPasswordHash(passwordHash: unknown): void {
  if (passwordHash === null) return;
  if (typeof passwordHash !== 'string' || passwordHash === '' || passwordHash.length > 1024) {
    throw invalidArgument('passwordHash must be a non-empty string (at most 1024 characters) or null');
  }
}

/** The record of an API key just created from `input` (its name already checked); never holds the secret. */
export function newApiKeyRecord(
  tenantId: string,
  key: { id: string; prefix: string },
  input: ApiKeyInput,
  now: string,
): ApiKeyRecord {
  return {
    tenantId,
    id: key.id,
    name: input.name,
    prefix: key.prefix,
    userId: input.userId ?? null,
    scopes: [...(input.scopes ?? [])],
    createdAt: now,
    expiresAt: input.expiresAt ?? null,
    revokedAt: null,
    lastUsedAt: null,
    requestCount: 0,
  };
}
