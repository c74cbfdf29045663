import { createHmac, timingSafeEqual } from 'node:crypto';
import { type ApiKeyRecord, isCatalogStoreError, type UserRecord } from '@ddex/catalog-store';
import { z } from 'zod';
import { DistroError } from '../errors';
import { invalid, parseInput } from '../input';
import type { Principal, Role } from '../principal';
import type { ServiceContext } from './context';
import { roleOfUser } from './identity';
import { verifyPassword } from './passwords';

/**
 * Scope marking an API key record as a browser session. A session is a short-lived key of a user: stored hashed,
 * expiring, revocable, and accepted only from the session cookie, never as a Bearer key.
 */
export const SESSION_SCOPE = 'session';

/**
 * Scope marking an API key record as a password-reset token (see `passwordResetService`): stored hashed, expiring,
 * revoked on use, and never accepted as a Bearer key or a session.
 */
export const RESET_SCOPE = 'password-reset';

/** Lifetime of a session from sign-in (absolute; signing in again rotates it). */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** Body of `POST /api/auth/login`. */
export const LoginInputSchema = z
  .object({
    email: z.email().max(320),
    password: z.string().min(1).max(1024),
    /** only needed when the e-mail signs in to several tenants with this password */
    tenantId: z.string().min(1).max(128).optional(),
  })
  .strict();

/** What `POST /api/auth/login` and `GET /api/auth/session` return. */
export interface SessionView {
  /** the signed-in user */
  user: { id: string; email: string; name: string | null };
  /** the user's tenant, with its branding (for white-label apps) */
  tenant: { id: string; name: string; branding: { primaryColor?: string; secondaryColor?: string; logo?: string } };
  /** the user's role */
  role: Role;
  /** send it back as `x-csrf-token` on every cookie-authenticated request that is not GET or HEAD */
  csrfToken: string;
  /** ISO instant the session ends */
  expiresAt: string;
}

/** A resolved session: who calls, and the view of the session. */
export interface ResolvedSession {
  /** the caller */
  principal: Principal;
  /** the session as the API shows it */
  view: SessionView;
}

/** Sign-in with e-mail and password, and the sessions it opens. */
export interface SessionService {
  /**
   * Checks e-mail and password and opens a new session (the one presented as `previous` is closed: rotation).
   * The secret goes into the session cookie and is never shown again.
   */
  login(input: unknown, previous?: string): Promise<{ secret: string; session: SessionView }>;
  /** The session of a cookie secret, or null when unknown, expired, closed, or its user is gone or disabled. */
  resolve(secret: string): Promise<ResolvedSession | null>;
  /** Closes the session of a cookie secret (idempotent). */
  logout(secret: string): Promise<void>;
  /** True when `token` is the CSRF token of the session `secret`. */
  checkCsrf(secret: string, token: string | undefined): boolean;
}

/** The CSRF token of a session: derived from its secret, so only a page that signed in knows it. */
export function csrfTokenOf(secret: string): string {
  return createHmac('sha256', secret).update('ddex-distro csrf').digest('base64url');
}

const isSession = (key: ApiKeyRecord | null): key is ApiKeyRecord & { userId: string } =>
  key !== null && key.userId !== null && key.scopes.includes(SESSION_SCOPE);

/**
 * Revokes every open session of a user (after a password change or removal), or with `scope` every key of the user
 * with that scope (e.g. unused password-reset tokens). @internal
 */
export async function revokeSessionsOf(
  ctx: ServiceContext,
  tenantId: string,
  userId: string,
  scope: string = SESSION_SCOPE,
): Promise<void> {
  let cursor: string | undefined;
  do {
    const page = await ctx.store.apiKeys.list(tenantId, { cursor, limit: 500 });
    for (const key of page.items) {
      if (key.userId === userId && key.revokedAt === null && key.scopes.includes(scope)) {
        await ctx.store.apiKeys.revoke(tenantId, key.id);
      }
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** @internal */
export function sessionService(ctx: ServiceContext): SessionService {
  const { store } = ctx;
  const wrong = () => new DistroError('UNAUTHENTICATED', 'wrong e-mail or password');

  const view = async (user: UserRecord, secret: string, expiresAt: string | null): Promise<SessionView> => {
    const tenant = await store.tenants.get(user.tenantId);
    return {
      user: { id: user.id, email: user.email, name: user.name },
      tenant: { id: tenant.id, name: tenant.tenant.name, branding: { ...tenant.tenant.branding } },
      role: roleOfUser(user),
      csrfToken: csrfTokenOf(secret),
      expiresAt: expiresAt ?? new Date(ctx.now() + SESSION_TTL_MS).toISOString(),
    };
  };

  const resolve = async (secret: string): Promise<ResolvedSession | null> => {
    if (typeof secret !== 'string' || secret.length === 0 || secret.length > 512) return null;
    const key = await store.apiKeys.authenticate(secret);
    if (!isSession(key)) return null;
    let user: UserRecord;
    try {
      user = await store.users.get(key.tenantId, key.userId);
    } catch (error) {
      if (isCatalogStoreError(error, 'NOT_FOUND')) return null;
      throw error;
    }
    if (user.disabled) return null;
    const principal: Principal = { tenantId: user.tenantId, actor: `user:${user.id}`, role: roleOfUser(user) };
    return { principal, view: await view(user, secret, key.expiresAt) };
  };

  const logout = async (secret: string): Promise<void> => {
    if (typeof secret !== 'string' || secret.length === 0 || secret.length > 512) return;
    const key = await store.apiKeys.authenticate(secret);
    if (!isSession(key)) return;
    await store.apiKeys.revoke(key.tenantId, key.id);
    await ctx.audit(
      { tenantId: key.tenantId, actor: `user:${key.userId}`, role: 'viewer' },
      'session.logout',
      'user',
      key.userId,
    );
  };

  return {
    async login(raw, previous) {
      const input = parseInput(LoginInputSchema, raw);
      const candidates = (await store.users.findCredentials(input.email)).filter(
        (c) => input.tenantId === undefined || c.user.tenantId === input.tenantId,
      );
      if (candidates.length === 0) {
        await verifyPassword(input.password, null, ctx.options.passwordHashCost); // the same work as a real check: no e-mail probing by timing
        throw wrong();
      }
      const matching: UserRecord[] = [];
      for (const c of candidates) if (await verifyPassword(input.password, c.passwordHash)) matching.push(c.user);
      const active = matching.filter((u) => !u.disabled);
      if (active.length === 0) throw wrong();
      if (active.length > 1) {
        invalid(
          'tenant_required',
          'tenantId',
          `This e-mail signs in to several tenants; name one: ${active.map((u) => u.tenantId).join(', ')}.`,
        );
      }
      const user = active[0]!;
      if (previous) await logout(previous);
      const expiresAt = new Date(ctx.now() + SESSION_TTL_MS).toISOString();
      const { secret } = await store.apiKeys.create(user.tenantId, {
        name: 'session',
        userId: user.id,
        scopes: [SESSION_SCOPE],
        expiresAt,
      });
      await ctx.audit(
        { tenantId: user.tenantId, actor: `user:${user.id}`, role: roleOfUser(user) },
        'session.login',
        'user',
        user.id,
      );
      return { secret, session: await view(user, secret, expiresAt) };
    },
    resolve,
    logout,
    checkCsrf(secret, token) {
      if (typeof token !== 'string' || token.length === 0 || token.length > 256) return false;
      const expected = Buffer.from(csrfTokenOf(secret));
      const actual = Buffer.from(token);
      return expected.length === actual.length && timingSafeEqual(expected, actual);
    },
  };
}
