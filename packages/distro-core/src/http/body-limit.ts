import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/**
 * Hono's `bodyLimit`, deciding on `Content-Length` alone when the request has one (Node's parser holds the body to
 * that length). Hono's first asks for `c.req.raw.body`, which under `@hono/node-server` builds the whole web `Request`
 * with a web stream over the socket, about a fifth of a small POST's CPU; `c.req.text()` reads the socket directly.
 * Chunked bodies are counted as they stream, as before.
 */
export function limitBody(maxSize: number, onError: (c: Context) => Response | Promise<Response>): MiddlewareHandler {
  const streamed = bodyLimit({ maxSize, onError });
  return (c, next) => {
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return streamed(c, next);
    return Number.parseInt(length, 10) > maxSize ? Promise.resolve(onError(c)) : next();
  };
}
