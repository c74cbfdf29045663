import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { ServiceLogger } from '../options';
import type { AppEnv } from './support';

/** Header naming the request on every response (and, when sane, taken from the request). */
export const REQUEST_ID_HEADER = 'X-Request-Id';

// a proxy's or client's id is kept when it is a plain token: no spaces or control characters to smuggle into logs
const SANE_ID = /^[A-Za-z0-9][A-Za-z0-9._:@/+=-]{0,127}$/;

/** The id of an incoming `X-Request-Id` when it is a plain token of at most 128 characters, else a new UUID. */
export function requestIdOf(incoming: string | undefined): string {
  return incoming !== undefined && SANE_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * Gives every request an id: kept from a sane incoming `X-Request-Id`, else generated; set as `requestId` on the
 * context (error bodies carry it), sent back in `X-Request-Id`, and logged at debug level with status and duration.
 */
export function requestIdMiddleware(logger: ServiceLogger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const id = requestIdOf(c.req.header(REQUEST_ID_HEADER));
    const started = performance.now();
    c.set('requestId', id);
    await next();
    // on the finished response's own headers, as for Cache-Control (app.ts): c.header() would copy the response
    try {
      c.res.headers.set(REQUEST_ID_HEADER, id);
    } catch {
      c.header(REQUEST_ID_HEADER, id); // immutable headers (a fetched or redirect response)
    }
    logger.debug?.(
      {
        requestId: id,
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      'request',
    );
  };
}
