import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { DistroError } from '../errors';
import type { DistroServices } from '../services/index';
import type { AuthLimiter } from './auth-limiter';
import { type AppEnv, errorResponse } from './support';

/** Name of the session cookie set by `POST /api/auth/login`. */
export const SESSION_COOKIE = 'ddex_session';
/** Header carrying the session's CSRF token on cookie-authenticated writes. */
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The client's address under @hono/node-server (`env.incoming`), else one shared bucket. */
export function clientAddress(env: unknown): string {
  const incoming = (env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}

/** The session cookie's secret, when the request carries one. */
export function sessionSecret(c: Context): string | undefined {
  const value = getCookie(c, SESSION_COOKIE);
  return value === undefined || value === '' ? undefined : value;
}

/**
 * Authenticates every `/api` request but the public ones: `Authorization: Bearer <api key>` first, else the session
 * cookie, whose non-GET/HEAD requests must carry the session's `x-csrf-token` (403 `CSRF_FAILED` otherwise). Failed
 * attempts count against the client in `limiter`.
 */
export function authenticate(
  services: DistroServices,
  limiter: AuthLimiter | undefined,
  isPublic: (path: string) => boolean,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (isPublic(c.req.path)) return next();
    const client = clientAddress(c.env);
    const wait = limiter?.retryAfter(client) ?? 0;
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      return errorResponse(c, new DistroError('RATE_LIMITED', 'too many failed authentications; try again later'));
    }
    const header = c.req.header('authorization');
    const m = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (m) {
      const caller = await services.apiKeys.authenticate(m[1]!);
      if (caller) {
        c.set('principal', caller);
        return next();
      }
    } else if (header === undefined) {
      const secret = sessionSecret(c);
      const session = secret === undefined ? null : await services.sessions.resolve(secret);
      if (secret !== undefined && session) {
        if (!SAFE_METHODS.has(c.req.method) && !services.sessions.checkCsrf(secret, c.req.header(CSRF_HEADER))) {
          return errorResponse(
            c,
            new DistroError(
              'CSRF_FAILED',
              `a cookie-authenticated ${c.req.method} needs the session's ${CSRF_HEADER}`,
              {
                issues: [{ code: 'csrf_failed', path: CSRF_HEADER, message: 'Send the csrfToken of the session.' }],
              },
            ),
          );
        }
        c.set('principal', session.principal);
        return next();
      }
    }
    limiter?.fail(client);
    c.header('WWW-Authenticate', 'Bearer realm="ddex-distro"');
    return errorResponse(
      c,
      new DistroError('UNAUTHENTICATED', 'sign in, or send a valid API key (Authorization: Bearer <key>)'),
    );
  };
}
