import type { Context, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { DistroError, type Issue, toDistroError } from '../errors';
import { parseInput } from '../input';
import { authorize, type Permission, type Principal } from '../principal';

/** Hono environment of the app: the authenticated caller. */
export interface AppEnv {
  Variables: {
    /** set by the auth middleware on every /api route but health and openapi.json */
    principal: Principal;
    /** id of the request (see `requestIdMiddleware`), sent as `X-Request-Id` and in error bodies */
    requestId: string;
  };
}

/** The JSON body of every error response. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    issues?: readonly Issue[];
    /** the request's `X-Request-Id`, to quote when reporting the problem */
    requestId?: string;
  };
}

/** The error response of anything thrown (unknown errors become a bare 500). */
export function errorResponse(c: Context, error: unknown): Response {
  const e = toDistroError(error);
  const body: ErrorBody = { error: { code: e.code, message: e.message } };
  if (e.issues.length > 0) body.error.issues = e.issues;
  const requestId = c.get('requestId') as string | undefined;
  if (requestId !== undefined) body.error.requestId = requestId;
  return c.json(body, e.status as 400);
}

/** Reads a JSON body; an empty body is `fallback` (or a 400), bad JSON a 400 with code `invalid_json`. */
export async function readJson(c: Context, fallback?: unknown): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') {
    if (fallback !== undefined) return fallback;
    throw new DistroError('VALIDATION', 'a JSON body is required', {
      issues: [{ code: 'required', path: '', message: 'The request needs a JSON body.' }],
    });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new DistroError('VALIDATION', 'the body is not valid JSON', {
      issues: [{ code: 'invalid_json', path: '', message: 'The body is not valid JSON.' }],
    });
  }
}

/** The version an `If-Match` header names (`"3"`, `W/"3"` or `3`), or undefined when absent. */
export function ifMatch(c: Context): number | undefined {
  const header = c.req.header('if-match');
  if (header === undefined || header.trim() === '*') return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(header);
  if (!m) {
    throw new DistroError('VALIDATION', 'If-Match must be the ETag of a previous response', {
      issues: [{ code: 'invalid_format', path: 'If-Match', message: 'If-Match must be an ETag like "3".' }],
    });
  }
  return Number(m[1]);
}

/** Sets the ETag of a versioned record and returns it as JSON. */
export function withEtag<T extends { version: number }>(c: Context, view: T, status: 200 | 201 = 200): Response {
  c.header('ETag', `"${view.version}"`);
  return c.json(view, status);
}

/** The caller of the request. */
export function principal(c: Context<AppEnv>): Principal {
  return c.get('principal');
}

const csv = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).filter((s) => s !== ''));

/** Query fields every list takes. */
export const PageQuery = {
  cursor: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
};

/** A comma-separated (or repeated) query value. */
export const csvQuery = csv.optional();

/** Parses the query string with a schema; repeated keys become arrays. */
export function query<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const raw: Record<string, string | string[]> = {};
  for (const [key, values] of Object.entries(c.req.queries())) raw[key] = values.length === 1 ? values[0]! : values;
  return parseInput(schema, raw);
}

/**
 * Checks the caller's role before the body is read, so a role that may not write gets 403 whatever it sends (the
 * use cases check again).
 */
export function requires(permission: Permission): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    authorize(c.get('principal'), permission);
    await next();
  };
}
