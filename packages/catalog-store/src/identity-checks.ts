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
