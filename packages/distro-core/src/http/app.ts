import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { z } from 'zod';
import { DistroError, toDistroError } from '../errors';
import type { ServiceLogger } from '../options';
import type { DistroServices } from '../services/index';
import { preflight } from '../services/readiness';
import { deliveryProfiles } from '../services/targets';
import { type AuthLimiterOptions, createAuthLimiter } from './auth-limiter';
import { limitBody } from './body-limit';
import { buildOpenApi } from './openapi';
import { requestIdMiddleware } from './request-id';
import { assetRoutes, isUploadChunk } from './routes/assets';
import { authRoutes } from './routes/auth';
import { deliveryRoutes } from './routes/deliveries';
import { draftRoutes } from './routes/drafts';
import { apiKeyRoutes, tenantRoutes, userRoutes } from './routes/identity';
import { meRoutes } from './routes/me';
import { releaseRoutes } from './routes/releases';
import { targetRoutes } from './routes/targets';
import { validationRoutes } from './routes/validations';
import { webhookRoutes } from './routes/webhooks';
import { authenticate } from './session-auth';
import { type AppEnv, errorResponse, PageQuery, principal, query, readJson, requires } from './support';

/** Options of {@link createApp}. */
export interface AppOptions {
  /**
   * Largest request body in bytes; larger ones get 413.
   * @default 2 MiB
   */
  maxBodyBytes?: number;
  /**
   * Failed authentications per client before 429 (`false` turns the guard off).
   * @default { max: 30, windowMs: 60000 }
   */
  authRateLimit?: AuthLimiterOptions | false;
  /** receives request failures (500s); never given secrets or bodies */
  logger?: ServiceLogger;
  /**
   * Failed sign-ins (`POST /api/auth/login`) per client, and per client and e-mail, before 429 (`false`: off).
   * @default { max: 10, windowMs: 900000 }
   */
  loginRateLimit?: AuthLimiterOptions | false;
  /**
   * Quiet time in ms after which `GET /api/deliveries/events` sends a heartbeat comment.
   * @default 15000
   */
  eventHeartbeatMs?: number;
  /**
   * Offer self-service sign-up (`POST /api/auth/signup`): anyone may create a new tenant with its first admin.
   * Off, the route answers 404.
   * @default false
   */
  allowSignup?: boolean;
  /**
   * Sign-ups, password-reset requests (also per e-mail) and failed reset confirmations per client before 429
   * (`false`: off).
   * @default { max: 10, windowMs: 900000 }
   */
  accountRateLimit?: AuthLimiterOptions | false;
}

const AuditQuerySchema = z
  .object({
    ...PageQuery,
    action: z.string().min(1).max(100).optional(),
    subjectId: z.string().min(1).max(256).optional(),
  })
  .strict();

/** Paths that answer without authentication. */
const PUBLIC = new Set([
  '/api/health',
  '/api/openapi.json',
  '/api/auth/login',
  '/api/auth/config',
  '/api/auth/signup',
  '/api/auth/password-reset',
  '/api/auth/password-reset/confirm',
]);

/**
 * The DDEX Distro HTTP API on Hono: web-standard `Request`/`Response`, so it runs under Node
 * (`@ddex/distro-core/node`), in serverless functions and in tests through `app.request(...)`.
 * Every `/api` route but health and openapi.json needs `Authorization: Bearer <api key>`.
 * @example
 * const app = createApp(createDistroServices({ store, keys }));
 * const res = await app.request('/api/releases', { headers: { authorization: `Bearer ${key}` } });
 */
export function createApp(services: DistroServices, options: AppOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const logger = options.logger ?? services.context.logger;
  const maxSize = options.maxBodyBytes ?? 2 * 1024 * 1024;

  app.use('*', requestIdMiddleware(logger));
  app.use('*', secureHeaders({ crossOriginResourcePolicy: 'same-origin', referrerPolicy: 'no-referrer' }));
  app.use('*', async (c, next) => {
    await next();
    if (c.res.headers.has('Cache-Control')) return;
    // on the finished response's own headers: c.header() after the handler copies the response into one with a
    // stream body, which Node's adapter then pumps chunk by chunk (a page of 50 releases took 3× as long)
    try {
      c.res.headers.set('Cache-Control', 'no-store');
    } catch {
      c.header('Cache-Control', 'no-store'); // immutable headers (a fetched or redirect response)
    }
  });
  const bodyLimit = limitBody(maxSize, (c) =>
    errorResponse(c, new DistroError('PAYLOAD_TOO_LARGE', `the body is larger than ${maxSize} bytes`)),
  );
  // upload chunks stream to the asset store under their own limit; GET and HEAD have no body, and asking for one
  // (c.req.raw.body) would build the whole web Request (Headers, AbortSignal) for nothing
  app.use('/api/*', (c, next) =>
    c.req.method === 'GET' || c.req.method === 'HEAD' || isUploadChunk(c.req.method, c.req.path)
      ? next()
      : bodyLimit(c, next),
  );
  const limiter = options.authRateLimit === false ? undefined : createAuthLimiter(options.authRateLimit);
  app.use(
    '/api/*',
    authenticate(services, limiter, (path) => PUBLIC.has(path)),
  );
  const loginLimiter =
    options.loginRateLimit === false
      ? undefined
      : createAuthLimiter({ max: 10, windowMs: 15 * 60_000, ...options.loginRateLimit });
  const accountLimiter =
    options.accountRateLimit === false
      ? undefined
      : createAuthLimiter({ max: 10, windowMs: 15 * 60_000, ...options.accountRateLimit });
  app.route(
    '/api/auth',
    authRoutes(services, loginLimiter, { allowSignup: options.allowSignup === true, accountLimiter }),
  );
  app.route('/api/me', meRoutes(services));

  app.get('/api/health', async (c) => {
    const report = await services.ops.health();
    return c.json(report, report.status === 'ok' ? 200 : 503);
  });
  let openapi: unknown;
  app.get('/api/openapi.json', (c) => {
    openapi ??= buildOpenApi();
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(openapi);
  });
  app.get('/api/metrics', async (c) => c.json(await services.ops.metrics(principal(c))));
  app.get('/api/onboarding', async (c) => c.json(await services.ops.onboarding(principal(c))));
  app.get('/api/delivery-profiles', (c) => c.json({ items: deliveryProfiles() }));
  app.get('/api/audit', requires('admin'), async (c) =>
    c.json(await services.ops.audit(principal(c), query(c, AuditQuerySchema))),
  );
  app.route('/api/releases/:id/assets', assetRoutes(services));
  app.route('/api/releases', releaseRoutes(services));
  app.route('/api/drafts', draftRoutes(services));
  const targets = targetRoutes(services);
  app.route('/api/targets', targets);
  app.route('/api/delivery-targets', targets);
  app.post('/api/deliveries/preflight', async (c) =>
    c.json(await preflight(services.context, principal(c), await readJson(c))),
  );
  app.route('/api/deliveries', deliveryRoutes(services, { heartbeatMs: options.eventHeartbeatMs }));
  app.route('/api/tenants', tenantRoutes(services));
  app.route('/api/users', userRoutes(services));
  app.route('/api/api-keys', apiKeyRoutes(services));
  app.route('/api/webhooks', webhookRoutes(services));
  app.route('/api/validations', validationRoutes(services));

  app.notFound((c) => errorResponse(c, new DistroError('NOT_FOUND', `no route ${c.req.method} ${c.req.path}`)));
  app.onError((error, c) => {
    const e = toDistroError(error);
    if (e.code === 'INTERNAL') {
      const cause = e.cause as { name?: string; code?: unknown } | undefined;
      const requestId = c.get('requestId');
      logger.error?.(
        { requestId, method: c.req.method, path: c.req.path, err: cause?.name, code: cause?.code },
        'request failed',
      );
    }
    return errorResponse(c, e);
  });
  return app;
}
