import { beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApi } from '../src/http/index';
import { type Harness, harness } from './support';

// Every route of the OpenAPI document: 401 without a key, 403 for a viewer on writes (whatever the body), and the
// same answer for another tenant's ids as for ids that do not exist.
type Operation = { responses: Record<string, unknown>; security?: Array<Record<string, unknown>> };
const doc = buildOpenApi() as { paths: Record<string, Record<string, Operation>> };
const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
  Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
);
// Routes documented as public (`security: []`, e.g. health and sign-in) and session-only routes (sign-out, whose
// 403 is the CSRF check, not a role) are guarded differently; the OpenAPI document says which is which.
const isPublic = (op: Operation) => Array.isArray(op.security) && op.security.length === 0;
const isSessionOnly = (op: Operation) => Array.isArray(op.security) && op.security.every((s) => 'session' in s);
const url = (path: string, id = 'no-such-id') => path.replace('{id}', id);

describe('every route', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });

  it('covers the documented API', () => {
    expect(routes.length).toBeGreaterThanOrEqual(30);
  });

  it('documents only health, sign-in, sign-up and password reset as public', () => {
    expect(routes.filter((r) => isPublic(r.op)).map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/health',
      'POST /api/auth/login',
      'GET /api/auth/config',
      'POST /api/auth/signup',
      'POST /api/auth/password-reset',
      'POST /api/auth/password-reset/confirm',
    ]);
  });

  it.each(routes.filter((r) => !isPublic(r.op)))(
    '$method $path answers 401 without a key',
    async ({ method, path }) => {
      const res = await h.call(method, url(path), { body: method === 'GET' ? undefined : {} });
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe('UNAUTHENTICATED');
    },
  );

  it.each(routes.filter((r) => '403' in r.op.responses && !isSessionOnly(r.op)))(
    '$method $path answers 403 to a viewer, even with a bad body',
    async ({ method, path }) => {
      const res = await h.call(method, url(path, 'tenant-a'), {
        key: h.a.viewer,
        raw: '{not json',
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(403);
    },
  );

  it.each(routes.filter((r) => r.path.includes('{id}') && !r.path.startsWith('/api/tenants')))(
    '$method $path answers 404 to an admin for an unknown id',
    async ({ method, path }) => {
      const res = await h.call(method, url(path), {
        key: h.a.admin,
        body: method === 'PUT' || method === 'PATCH' ? {} : undefined,
      });
      expect([400, 404]).toContain(res.status);
      if (method === 'GET' || method === 'DELETE') expect(res.status).toBe(404);
    },
  );
});
