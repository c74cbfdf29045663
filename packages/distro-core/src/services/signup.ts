import { randomBytes } from 'node:crypto';
import { parseTenant } from '@ddex/ern-model';
import { z } from 'zod';
import { DistroError, validationError } from '../errors';
import { parseInput } from '../input';
import type { ServiceContext } from './context';
import { PasswordSchema, type TenantView, tenantView, type UserView } from './identity';
import { hashPassword } from './passwords';

/** Body of `POST /api/auth/signup`. */
export const SignupInputSchema = z
  .object({
    /** the organisation (label) name; the new tenant's id is derived from it */
    organization: z.string().trim().min(2).max(200),
    /** the first admin's e-mail */
    email: z.email().max(320),
    /** the first admin's password (10 to 1024 characters) */
    password: PasswordSchema,
    /** the first admin's display name */
    name: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

/** Self-service sign-up: a new tenant (organisation) with its first admin user. */
export interface SignupService {
  /**
   * Creates the tenant and its owner; ALREADY_EXISTS (`email`) when the e-mail already signs in somewhere, so one
   * address never needs a tenant picker. The caller opens the session.
   */
  signup(input: unknown): Promise<{ tenant: TenantView; user: Pick<UserView, 'id' | 'email'> }>;
}

/** A tenant id from an organisation name: `polar-records-3f9a1c` (lower-case slug plus a random suffix). */
export function tenantIdFor(organization: string): string {
  const slug = organization
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return `${slug || 'org'}-${randomBytes(3).toString('hex')}`;
}

/** @internal */
export function signupService(ctx: ServiceContext): SignupService {
  const { store } = ctx;
  return {
    async signup(raw) {
      const input = parseInput(SignupInputSchema, raw);
      const email = input.email.toLowerCase();
      if ((await store.users.findCredentials(email)).length > 0) {
        throw new DistroError('ALREADY_EXISTS', 'an account with this e-mail exists', {
          issues: [{ code: 'email_taken', path: 'email', message: 'An account with this e-mail exists; sign in.' }],
        });
      }
      // everything that can fail on input is checked above: the store has no tenant delete to undo with
      const hash = await hashPassword(input.password, ctx.options.passwordHashCost);
      const doc = parseTenant({ id: tenantIdFor(input.organization), name: input.organization, type: 'label' });
      if (!doc.success) throw validationError(doc.issues, 'the organisation name is invalid');
      const tenant = await store.tenants.create(doc.data);
      let user = await store.users.create(tenant.id, { email, name: input.name, role: 'owner' });
      user = await store.users.setPasswordHash(tenant.id, user.id, hash);
      const actor = { tenantId: tenant.id, actor: `user:${user.id}`, role: 'admin' as const };
      await ctx.audit(actor, 'tenant.signup', 'tenant', tenant.id, { userId: user.id });
      return { tenant: tenantView(tenant), user: { id: user.id, email: user.email } };
    },
  };
}
