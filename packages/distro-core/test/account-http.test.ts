import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/http/index';
import { createDistroServices, localKeyProvider, type MailMessage } from '../src/index';
import { STORE_NAMES, STORES, TEST_MASTER_KEY, type TestResponse } from './support';

const PASSWORD = 'correct horse battery';
const NEW_PASSWORD = 'staple battery horse';

/** The `ddex_session` cookie a response sets, as a request Cookie header. */
function cookieOf(res: TestResponse): string {
  const m = /ddex_session=([^;]*)/.exec(res.headers.get('set-cookie') ?? '');
  if (!m?.[1]) throw new Error('no session cookie');
  return `ddex_session=${m[1]}`;
}

describe.each(STORE_NAMES)('HTTP sign-up, password reset and preferences (%s store)', (storeName) => {
  let mails: MailMessage[];
  let now: number;
  let logged: string[];
  let call: (
    method: string,
    path: string,
    init?: { body?: unknown; headers?: Record<string, string>; app?: ReturnType<typeof createApp> },
  ) => Promise<TestResponse>;
  let services: ReturnType<typeof createDistroServices>;

  beforeEach(async () => {
    mails = [];
    logged = [];
    now = Date.now();
    services = createDistroServices({
      store: await STORES[storeName]!(),
      keys: localKeyProvider({ key: TEST_MASTER_KEY }),
      passwordHashCost: { N: 1024, r: 8, p: 1 },
      clock: () => now,
      mailer: { send: async (m) => void mails.push(m) },
      logger: {
        info: (data, message) => void logged.push(JSON.stringify({ data, message })),
        warn: (data, message) => void logged.push(JSON.stringify({ data, message })),
      },
    });
    const app = createApp(services, { allowSignup: true, authRateLimit: false });
    call = (method, path, init = {}) =>
      Promise.resolve(
        (init.app ?? app).request(`http://distro.test${path}`, {
          method,
          headers: { 'content-type': 'application/json', ...init.headers },
          body: init.body === undefined ? undefined : JSON.stringify(init.body),
        }),
      ) as Promise<TestResponse>;
  });

  const signup = (body: Record<string, unknown>) => call('POST', '/api/auth/signup', { body });
  const login = (email: string, password: string) => call('POST', '/api/auth/login', { body: { email, password } });

  it('signs up a new organisation with its first admin, signed in, and refuses a taken e-mail', async () => {
    const res = await signup({ organization: 'Polar Récords', email: 'Owner@Polar.test', password: PASSWORD });
    expect(res.status).toBe(201);
    const session = await res.json();
    expect(session).toMatchObject({
      user: { email: 'owner@polar.test' },
      tenant: { name: 'Polar Récords' },
      role: 'admin',
    });
    expect(session.tenant.id).toMatch(/^polar-records-[0-9a-f]{6}$/);
    expect(JSON.stringify(session)).not.toContain(PASSWORD);
    // the cookie is a session of the new tenant: the admin sees its (empty) catalog and its users
    const cookie = cookieOf(res);
    expect((await call('GET', '/api/auth/session', { headers: { cookie } })).status).toBe(200);
    const users = await (await call('GET', '/api/users', { headers: { cookie } })).json();
    expect(users.items.map((u: { email: string }) => u.email)).toEqual(['owner@polar.test']);
    expect((await login('owner@polar.test', PASSWORD)).status).toBe(200);
    const taken = await signup({ organization: 'Other', email: 'owner@polar.test', password: PASSWORD });
    expect(taken.status).toBe(409);
    expect((await taken.json()).error.issues).toEqual([
      expect.objectContaining({ code: 'email_taken', path: 'email' }),
    ]);
  });

  it('names the field of a weak password or a missing organisation (400)', async () => {
    const weak = await signup({ organization: 'Polar', email: 'a@polar.test', password: 'short' });
    expect(weak.status).toBe(400);
    expect((await weak.json()).error.issues.map((i: { path: string }) => i.path)).toEqual(['password']);
    const noOrg = await signup({ email: 'a@polar.test', password: PASSWORD });
    expect(noOrg.status).toBe(400);
    expect((await noOrg.json()).error.issues.map((i: { path: string }) => i.path)).toEqual(['organization']);
    const resetWeak = await call('POST', '/api/auth/password-reset/confirm', {
      body: { token: 'x', password: 'short' },
    });
    expect(resetWeak.status).toBe(400);
    expect((await resetWeak.json()).error.issues.map((i: { path: string }) => i.path)).toEqual(['password']);
  });

  it('answers 404 to sign-up when the server does not allow it, and says so in /api/auth/config', async () => {
    const closed = createApp(services, { authRateLimit: false });
    const res = await call('POST', '/api/auth/signup', {
      app: closed,
      body: { organization: 'Polar', email: 'a@polar.test', password: PASSWORD },
    });
    expect(res.status).toBe(404);
    expect(await (await call('GET', '/api/auth/config', { app: closed })).json()).toEqual({
      signup: false,
      passwordReset: true,
    });
    expect((await (await call('GET', '/api/auth/config')).json()).signup).toBe(true);
  });

  it('resets a password with a mailed single-use link and closes the old sessions', async () => {
    const cookie = cookieOf(await signup({ organization: 'Polar', email: 'owner@polar.test', password: PASSWORD }));
    const res = await call('POST', '/api/auth/password-reset', { body: { email: 'OWNER@polar.test' } });
    expect(res.status).toBe(202);
    expect(await res.text()).toBe('');
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ kind: 'password-reset', to: 'owner@polar.test' });
    const link = new URL(mails[0]!.link);
    expect(`${link.origin}${link.pathname}`).toBe('http://distro.test/reset-password');
    const token = link.searchParams.get('token')!;
    expect(mails[0]!.text).toContain(mails[0]!.link);
    expect(mails[0]!.text).not.toContain(PASSWORD);
    // the token is no API key and no session
    expect((await call('GET', '/api/releases', { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    expect((await call('GET', '/api/auth/session', { headers: { cookie: `ddex_session=${token}` } })).status).toBe(401);
    const done = await call('POST', '/api/auth/password-reset/confirm', { body: { token, password: NEW_PASSWORD } });
    expect(done.status).toBe(204);
    expect((await call('GET', '/api/auth/session', { headers: { cookie } })).status).toBe(401);
    expect((await login('owner@polar.test', PASSWORD)).status).toBe(401);
    expect((await login('owner@polar.test', NEW_PASSWORD)).status).toBe(200);
    // used up
    const again = await call('POST', '/api/auth/password-reset/confirm', { body: { token, password: PASSWORD } });
    expect(again.status).toBe(400);
    expect((await again.json()).error.issues).toEqual([
      expect.objectContaining({ code: 'invalid_token', path: 'token' }),
    ]);
    expect((await login('owner@polar.test', NEW_PASSWORD)).status).toBe(200);
  });

  it('refuses an expired link', async () => {
    await signup({ organization: 'Polar', email: 'owner@polar.test', password: PASSWORD });
    await call('POST', '/api/auth/password-reset', { body: { email: 'owner@polar.test' } });
    const token = new URL(mails[0]!.link).searchParams.get('token')!;
    now += 61 * 60 * 1000;
    const res = await call('POST', '/api/auth/password-reset/confirm', { body: { token, password: NEW_PASSWORD } });
    expect(res.status).toBe(400);
    expect((await res.json()).error.issues[0]).toMatchObject({ code: 'invalid_token', path: 'token' });
    now -= 61 * 60 * 1000;
    expect((await login('owner@polar.test', PASSWORD)).status).toBe(200);
  });

  it('answers an unknown e-mail exactly as a known one, and mails nothing', async () => {
    await signup({ organization: 'Polar', email: 'owner@polar.test', password: PASSWORD });
    const known = await call('POST', '/api/auth/password-reset', { body: { email: 'owner@polar.test' } });
    const unknown = await call('POST', '/api/auth/password-reset', { body: { email: 'nobody@polar.test' } });
    expect([unknown.status, await unknown.text()]).toEqual([known.status, await known.text()]);
    expect(mails.map((m) => m.to)).toEqual(['owner@polar.test']);
  });

  it('with no mail sender configured, warns that the mail was not sent and never logs the link', async () => {
    const logOnly = createDistroServices({ ...services.context.options, mailer: undefined });
    const app = createApp(logOnly, { allowSignup: true });
    await call('POST', '/api/auth/signup', {
      app,
      body: { organization: 'Polar', email: 'owner@polar.test', password: PASSWORD },
    });
    logged.length = 0;
    expect((await call('POST', '/api/auth/password-reset', { app, body: { email: 'owner@polar.test' } })).status).toBe(
      202,
    );
    expect(logged).toHaveLength(1);
    expect(JSON.parse(logged[0]!)).toMatchObject({ data: { mail: 'password-reset', to: 'owner@polar.test' } });
    expect(logged[0]).toMatch(/was not sent/);
    expect(logged[0]).not.toMatch(/token|reset-password|ddx_/);
    expect(logged[0]).not.toContain(PASSWORD);
  });

  it('rate-limits sign-ups and reset requests per client', async () => {
    const limited = createApp(services, { allowSignup: true, accountRateLimit: { max: 2, windowMs: 60_000 } });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await call('POST', '/api/auth/password-reset', { app: limited, body: { email: 'x@polar.test' } });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([202, 202, 429]);
    const res = await call('POST', '/api/auth/signup', {
      app: limited,
      body: { organization: 'Polar', email: 'owner@polar.test', password: PASSWORD },
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('keeps each user’s theme preference on the server', async () => {
    const a = cookieOf(await signup({ organization: 'Polar', email: 'a@polar.test', password: PASSWORD }));
    const csrf = (await (await call('GET', '/api/auth/session', { headers: { cookie: a } })).json()).csrfToken;
    expect(await (await call('GET', '/api/me/preferences', { headers: { cookie: a } })).json()).toEqual({
      theme: 'system',
      contrast: 'system',
      updatedAt: null,
    });
    const patched = await call('PATCH', '/api/me/preferences', {
      headers: { cookie: a, 'x-csrf-token': csrf },
      body: { theme: 'dark' },
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toEqual({ theme: 'dark', contrast: 'system', updatedAt: new Date(now).toISOString() });
    const bad = await call('PATCH', '/api/me/preferences', {
      headers: { cookie: a, 'x-csrf-token': csrf },
      body: { theme: 'purple' },
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues[0].path).toBe('theme');
    // a fresh sign-in (another browser) reads it back; another user has their own
    const again = cookieOf(await login('a@polar.test', PASSWORD));
    expect((await (await call('GET', '/api/me/preferences', { headers: { cookie: again } })).json()).theme).toBe(
      'dark',
    );
    const b = cookieOf(await signup({ organization: 'Other', email: 'b@other.test', password: PASSWORD }));
    expect((await (await call('GET', '/api/me/preferences', { headers: { cookie: b } })).json()).theme).toBe('system');
    expect((await call('GET', '/api/me/preferences')).status).toBe(401);
  });
});
