import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/http/index';
import { type Harness, harness, STORE_NAMES, STORES, type TestResponse } from './support';

const PASSWORD = 'correct horse battery';

/** The `ddex_session` cookie a response sets, as a request Cookie header. */
function cookieOf(res: TestResponse): string {
  const set = res.headers.get('set-cookie') ?? '';
  const m = /ddex_session=([^;]*)/.exec(set);
  if (!m) throw new Error(`no session cookie in ${set}`);
  return `ddex_session=${m[1]}`;
}

describe.each(STORE_NAMES)('HTTP /api/auth sessions and user passwords (%s store)', (storeName) => {
  let h: Harness;
  const login = (body: unknown, headers: Record<string, string> = {}) =>
    h.call('POST', '/api/auth/login', { body, headers });

  beforeEach(async () => {
    h = await harness({ store: await STORES[storeName]!() });
    const res = await h.call('POST', '/api/users', {
      key: h.a.admin,
      body: { email: 'Ana@Example.com', name: 'Ana', role: 'manager', password: PASSWORD },
    });
    expect(res.status).toBe(201);
  });

  it('signs in, sets an HttpOnly SameSite=Lax cookie, shows the session and needs the CSRF token to write', async () => {
    // the tenant's branding comes with the session, for a white-label app to paint itself before anything else
    const tenant = await (await h.call('GET', '/api/tenants/tenant-a', { key: h.a.admin })).json();
    const branded = await h.call('PUT', '/api/tenants/tenant-a', {
      key: h.a.admin,
      headers: { 'if-match': `"${tenant.version}"` },
      body: { ...tenant.tenant, branding: { primaryColor: '#aa3300' } },
    });
    expect(branded.status).toBe(200);
    const res = await login({ email: 'ana@example.com', password: PASSWORD });
    expect(res.status).toBe(200);
    const session = await res.json();
    expect(session).toMatchObject({
      user: { email: 'ana@example.com', name: 'Ana' },
      tenant: { id: 'tenant-a', name: 'tenant-a', branding: { primaryColor: '#aa3300' } },
      role: 'manager',
    });
    expect(session.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/);
    const cookie = cookieOf(res);
    const again = await h.call('GET', '/api/auth/session', { headers: { cookie } });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(session);
    // reads work with the cookie alone; writes need x-csrf-token
    expect((await h.call('GET', '/api/releases', { headers: { cookie } })).status).toBe(200);
    const target = { id: 't1', name: 'T', type: 'Test', protocol: 'FILESYSTEM', config: { directory: 'x' } };
    const noCsrf = await h.call('POST', '/api/targets', { headers: { cookie }, body: target });
    expect(noCsrf.status).toBe(403);
    expect((await noCsrf.json()).error).toMatchObject({ code: 'CSRF_FAILED', issues: [{ code: 'csrf_failed' }] });
    const wrong = await h.call('POST', '/api/targets', {
      headers: { cookie, 'x-csrf-token': 'x'.repeat(43) },
      body: target,
    });
    expect(wrong.status).toBe(403);
    const ok = await h.call('POST', '/api/targets', {
      headers: { cookie, 'x-csrf-token': session.csrfToken },
      body: target,
    });
    expect(ok.status).toBe(201);
    // the audit log names the user
    const audit = await (await h.call('GET', '/api/audit', { key: h.a.admin })).json();
    expect(audit.items.find((e: any) => e.action === 'target.create')?.actor).toBe(`user:${session.user.id}`);
    // a manager session may not administer
    expect((await h.call('GET', '/api/users', { headers: { cookie } })).status).toBe(403);
    // the session secret is no Bearer key, and sessions are not listed as API keys
    const secret = cookie.split('=')[1]!;
    expect((await h.call('GET', '/api/releases', { key: secret })).status).toBe(401);
    const keys = await (await h.call('GET', '/api/api-keys', { key: h.a.admin })).json();
    expect(keys.items.every((k: any) => k.name !== 'session')).toBe(true);
  });

  it('marks the cookie Secure over https', async () => {
    const res = await Promise.resolve(
      h.app.request('https://distro.example/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'ana@example.com', password: PASSWORD }),
      }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/Secure/);
  });

  it('rotates the session on login and ends it on logout', async () => {
    const first = cookieOf(await login({ email: 'ana@example.com', password: PASSWORD }));
    const second = cookieOf(await login({ email: 'ana@example.com', password: PASSWORD }, { cookie: first }));
    expect(second).not.toBe(first);
    expect((await h.call('GET', '/api/auth/session', { headers: { cookie: first } })).status).toBe(401);
    const session = await (await h.call('GET', '/api/auth/session', { headers: { cookie: second } })).json();
    const out = await h.call('POST', '/api/auth/logout', {
      headers: { cookie: second, 'x-csrf-token': session.csrfToken },
    });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/ddex_session=;/);
    expect((await h.call('GET', '/api/auth/session', { headers: { cookie: second } })).status).toBe(401);
    expect((await h.call('POST', '/api/auth/logout')).status).toBe(401);
  });

  it('answers 400 with field paths, 401 for wrong credentials, and 429 after too many failures', async () => {
    const bad = await login({ email: 'not-an-email', password: '' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues.map((i: any) => i.path).sort()).toEqual(['email', 'password']);
    expect((await login({ email: 'ana@example.com', password: 'wrong password' })).status).toBe(401);
    expect((await login({ email: 'nobody@example.com', password: PASSWORD })).status).toBe(401);
    expect((await h.call('GET', '/api/auth/session')).status).toBe(401);
    // a user of tenant B with the same e-mail and password: the sign-in must name the tenant
    await h.call('POST', '/api/users', {
      key: h.b.admin,
      body: { email: 'ana@example.com', role: 'viewer', password: PASSWORD },
    });
    const both = await login({ email: 'ana@example.com', password: PASSWORD });
    expect(both.status).toBe(400);
    expect((await both.json()).error.issues[0]).toMatchObject({ code: 'tenant_required', path: 'tenantId' });
    const inB = await login({ email: 'ana@example.com', password: PASSWORD, tenantId: 'tenant-b' });
    expect((await inB.json()).tenant.id).toBe('tenant-b');
    for (let i = 0; i < 9; i++) await login({ email: 'ana@example.com', password: `wrong ${i}` });
    const limited = await login({ email: 'ana@example.com', password: PASSWORD, tenantId: 'tenant-a' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('lets admins manage users: create with password, change role and password, remove (400/403/404/409)', async () => {
    const list = await (await h.call('GET', '/api/users', { key: h.a.admin })).json();
    const ana = list.items.find((u: any) => u.email === 'ana@example.com');
    expect(ana).not.toHaveProperty('passwordHash');
    const short = await h.call('POST', '/api/users', {
      key: h.a.admin,
      body: { email: 'bo@example.com', role: 'viewer', password: 'short' },
    });
    expect(short.status).toBe(400);
    expect((await short.json()).error.issues[0].path).toBe('password');
    expect(
      (await h.call('POST', '/api/users', { key: h.a.manager, body: { email: 'c@example.com', role: 'viewer' } }))
        .status,
    ).toBe(403);
    const dup = await h.call('POST', '/api/users', {
      key: h.a.admin,
      body: { email: 'ANA@example.com', role: 'viewer', password: PASSWORD },
    });
    expect(dup.status).toBe(409);
    expect((await h.call('PATCH', `/api/users/${ana.id}`, { key: h.b.admin, body: { role: 'admin' } })).status).toBe(
      404,
    );
    const cookie = cookieOf(await login({ email: 'ana@example.com', password: PASSWORD }));
    const promoted = await h.call('PATCH', `/api/users/${ana.id}`, {
      key: h.a.admin,
      body: { role: 'admin' },
      headers: { 'if-match': `"${ana.version}"` },
    });
    expect(promoted.status).toBe(200);
    // the role is read per request: the open session is an admin now
    expect((await (await h.call('GET', '/api/auth/session', { headers: { cookie } })).json()).role).toBe('admin');
    const stale = await h.call('PATCH', `/api/users/${ana.id}`, {
      key: h.a.admin,
      body: { name: 'x' },
      headers: { 'if-match': `"${ana.version}"` },
    });
    expect(stale.status).toBe(409);
    // a new password closes open sessions; the old password stops working
    const pw = await h.call('PATCH', `/api/users/${ana.id}`, {
      key: h.a.admin,
      body: { password: 'a new long password' },
    });
    expect(pw.status).toBe(200);
    expect((await h.call('GET', '/api/auth/session', { headers: { cookie } })).status).toBe(401);
    expect((await login({ email: 'ana@example.com', password: PASSWORD })).status).toBe(401);
    const fresh = cookieOf(await login({ email: 'ana@example.com', password: 'a new long password' }));
    expect((await h.call('DELETE', `/api/users/${ana.id}`, { key: h.a.admin })).status).toBe(204);
    expect((await h.call('GET', '/api/auth/session', { headers: { cookie: fresh } })).status).toBe(401);
    expect((await h.call('DELETE', `/api/users/${ana.id}`, { key: h.a.admin })).status).toBe(404);
  });

  it('refuses disabled users', async () => {
    const list = await (await h.call('GET', '/api/users', { key: h.a.admin })).json();
    await h.call('PATCH', `/api/users/${list.items[0].id}`, { key: h.a.admin, body: { disabled: true } });
    expect((await login({ email: 'ana@example.com', password: PASSWORD })).status).toBe(401);
  });
});

describe('login rate limit option', () => {
  it('can be turned off', async () => {
    const h = await harness();
    const app = createApp(h.services, { authRateLimit: false, loginRateLimit: false });
    for (let i = 0; i < 12; i++) {
      const res = await app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'x@example.com', password: 'nope' }),
      });
      expect(res.status).toBe(401);
    }
  });
});
