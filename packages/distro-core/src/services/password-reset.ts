import { z } from 'zod';
import { invalid, parseInput } from '../input';
import type { ServiceContext } from './context';
import { PasswordSchema } from './identity';
import { undeliveredMailSender } from './mail';
import { hashPassword } from './passwords';
import { RESET_SCOPE, revokeSessionsOf } from './sessions';

/** How long a reset link works. */
export const RESET_TTL_MS = 60 * 60 * 1000;

/** Path of the web app's reset page; the mailed link is `<origin>/reset-password?token=…`. */
export const RESET_PAGE_PATH = '/reset-password';

/** Body of `POST /api/auth/password-reset`. */
export const ResetRequestSchema = z.object({ email: z.email().max(320) }).strict();

/** Body of `POST /api/auth/password-reset/confirm`. */
export const ResetConfirmSchema = z
  .object({
    /** the token of the mailed link */
    token: z.string().min(1).max(512),
    /** the new password (10 to 1024 characters) */
    password: PasswordSchema,
  })
  .strict();

/** Password reset by mailed link: the service's accounts need no admin to regain access. */
export interface PasswordResetService {
  /**
   * Mails a reset link to every active account with this e-mail (one per tenant). Answers the same whether or not
   * an account exists, so callers learn nothing about who has one. `origin` is the web app's origin for the link
   * (the `publicUrl` option wins).
   */
  request(input: unknown, origin: string): Promise<void>;
  /**
   * Sets a new password with a token from a reset link: the token is used up, other unused tokens and every open
   * session of the user are revoked. A VALIDATION error (`token`) when the token is unknown, used or expired.
   */
  confirm(input: unknown): Promise<void>;
}

/** @internal */
export function passwordResetService(ctx: ServiceContext): PasswordResetService {
  const { store } = ctx;
  const mailer = ctx.options.mailer ?? undeliveredMailSender(ctx.logger);
  return {
    async request(raw, origin) {
      const { email } = parseInput(ResetRequestSchema, raw);
      const base = (ctx.options.publicUrl ?? origin).replace(/\/+$/, '');
      for (const { user } of await store.users.findCredentials(email)) {
        if (user.disabled) continue;
        const expiresAt = new Date(ctx.now() + RESET_TTL_MS).toISOString();
        const { key, secret } = await store.apiKeys.create(user.tenantId, {
          name: 'password reset',
          userId: user.id,
          scopes: [RESET_SCOPE],
          expiresAt,
        });
        const link = `${base}${RESET_PAGE_PATH}?token=${encodeURIComponent(secret)}`;
        const actor = { tenantId: user.tenantId, actor: `user:${user.id}`, role: 'viewer' as const };
        await ctx.audit(actor, 'password.reset.request', 'user', user.id, { tokenId: key.id });
        try {
          await mailer.send({
            kind: 'password-reset',
            to: user.email,
            subject: 'Reset your DDEX Distro password',
            text: `Someone asked to reset the password of ${user.email}. Open this link within an hour to choose a new one:\n\n${link}\n\nIf it was not you, ignore this mail; your password stays as it is.`,
            link,
          });
        } catch (error) {
          ctx.logger.error?.({ userId: user.id, err: (error as Error).message }, 'password reset mail failed');
        }
      }
    },
    async confirm(raw) {
      const input = parseInput(ResetConfirmSchema, raw);
      const key = await store.apiKeys.authenticate(input.token);
      if (
        key === null ||
        key.userId === null ||
        !key.scopes.includes(RESET_SCOPE) ||
        (key.expiresAt !== null && Date.parse(key.expiresAt) <= ctx.now())
      ) {
        invalid('invalid_token', 'token', 'This reset link is unknown, used or expired; ask for a new one.');
      }
      // used up first, so a second use of the same link fails even while this one is still hashing
      await store.apiKeys.revoke(key.tenantId, key.id);
      const hash = await hashPassword(input.password, ctx.options.passwordHashCost);
      await store.users.setPasswordHash(key.tenantId, key.userId, hash);
      await revokeSessionsOf(ctx, key.tenantId, key.userId);
      await revokeSessionsOf(ctx, key.tenantId, key.userId, RESET_SCOPE);
      const actor = { tenantId: key.tenantId, actor: `user:${key.userId}`, role: 'viewer' as const };
      await ctx.audit(actor, 'password.reset', 'user', key.userId, { tokenId: key.id });
    },
  };
}
