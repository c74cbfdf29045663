import { type Context, Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { DistroError } from '../../errors';
import type { DistroServices } from '../../services/index';
import { SESSION_TTL_MS } from '../../services/sessions';
import type { AuthLimiter } from '../auth-limiter';
import { clientAddress, SESSION_COOKIE, sessionSecret } from '../session-auth';
import { type AppEnv, errorResponse, principal, readJson } from '../support';

/** True when the request came over https (directly, or as a proxy in front says). */
function isHttps(url: string, forwardedProto: string | undefined): boolean {
  return url.startsWith('https:') || forwardedProto?.split(',')[0]?.trim().toLowerCase() === 'https';
}

/** Options of {@link authRoutes}. */
export interface AuthRouteOptions {
  /** offer `POST /signup` (otherwise it is a 404) */
  allowSignup: boolean;
  /** counts sign-ups, reset requests and failed reset confirmations per client */
  accountLimiter: AuthLimiter | undefined;
}

/** Sets the HttpOnly session cookie. */
function setSessionCookie(c: Context<AppEnv>, secret: string): void {
  setCookie(c, SESSION_COOKIE, secret, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: isHttps(c.req.url, c.req.header('x-forwarded-proto')),
    path: '/',
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });
}

/** A 429 with Retry-After when `client` used up its account attempts, else undefined. */
function throttled(c: Context<AppEnv>, limiter: AuthLimiter | undefined, buckets: string[]): Response | undefined {
  const wait = Math.max(...buckets.map((b) => limiter?.retryAfter(b) ?? 0));
  if (wait <= 0) return undefined;
  c.header('Retry-After', String(wait));
  return errorResponse(c, new DistroError('RATE_LIMITED', 'too many attempts; try again later'));
}

/**
 * `/api/auth`: `POST /login` (public) opens a session in an HttpOnly cookie, `GET /session` shows it, `POST /logout`
 * closes it. Failed sign-ins count per client and per client and e-mail in `limiter`. Public too: `GET /config`,
 * `POST /signup` (only with `allowSignup`), `POST /password-reset` and `POST /password-reset/confirm`, each counted
 * per client in `accountLimiter`.
 */
export function authRoutes(
  services: DistroServices,
  limiter: AuthLimiter | undefined,
  options: AuthRouteOptions = { allowSignup: false, accountLimiter: undefined },
): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { accountLimiter } = options;
  app.get('/config', (c) => c.json({ signup: options.allowSignup, passwordReset: true }));
  if (options.allowSignup) {
    app.post('/signup', async (c) => {
      const client = clientAddress(c.env);
      const refused = throttled(c, accountLimiter, [client]);
      if (refused) return refused;
      accountLimiter?.fail(client);
      const body = await readJson(c);
      const { tenant } = await services.signup.signup(body);
      const { email, password } = body as { email: string; password: string };
      const { secret, session } = await services.sessions.login({ email, password, tenantId: tenant.id });
      setSessionCookie(c, secret);
      return c.json(session, 201);
    });
  }
  app.post('/password-reset', async (c) => {
    const client = clientAddress(c.env);
    const body = await readJson(c);
    const email = String((body as { email?: unknown } | null)?.email ?? '').toLowerCase();
    const refused = throttled(c, accountLimiter, [client, `reset|${email}`]);
    if (refused) return refused;
    for (const b of [client, `reset|${email}`]) accountLimiter?.fail(b);
    await services.passwordReset.request(body, new URL(c.req.url).origin);
    return c.body(null, 202);
  });
  app.post('/password-reset/confirm', async (c) => {
    const client = clientAddress(c.env);
    const refused = throttled(c, accountLimiter, [client]);
    if (refused) return refused;
    try {
      await services.passwordReset.confirm(await readJson(c));
    } catch (error) {
      accountLimiter?.fail(client);
      throw error;
    }
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });
  app.post('/login', async (c) => {
    const client = clientAddress(c.env);
    const body = await readJson(c);
    const email = String((body as { email?: unknown } | null)?.email ?? '').toLowerCase();
    const buckets = [client, `${client}|${email}`];
    const wait = Math.max(...buckets.map((b) => limiter?.retryAfter(b) ?? 0));
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      return errorResponse(c, new DistroError('RATE_LIMITED', 'too many failed sign-ins; try again later'));
    }
    try {
      const { secret, session } = await services.sessions.login(body, sessionSecret(c));
      setSessionCookie(c, secret);
      return c.json(session);
    } catch (error) {
      if ((error as { code?: string }).code === 'UNAUTHENTICATED') for (const b of buckets) limiter?.fail(b);
      throw error;
    }
  });
  app.get('/session', async (c) => {
    const secret = sessionSecret(c);
    const session = secret === undefined ? null : await services.sessions.resolve(secret);
    if (!session) throw new DistroError('UNAUTHENTICATED', 'not signed in');
    if (session.principal.tenantId !== principal(c).tenantId) throw new DistroError('UNAUTHENTICATED', 'not signed in');
    return c.json(session.view);
  });
  app.post('/logout', async (c) => {
    const secret = sessionSecret(c);
    if (secret !== undefined) await services.sessions.logout(secret);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });
  return app;
}
