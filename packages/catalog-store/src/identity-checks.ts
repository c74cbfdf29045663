import { invalidArgument } from './errors';
import type { UserInput } from './identity';

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
