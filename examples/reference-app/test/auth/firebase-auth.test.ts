import { describe, expect, it } from 'vitest';
import {
  claimsOf,
  createFirebaseAuth,
  FirebaseAuthError,
  type FirebaseAuthOptions,
  REFRESH_MARGIN_MS,
} from '../../src/auth/firebase-auth';
import { loadRuntimeConfig, RuntimeConfigError } from '../../src/auth/runtime-config';

// The Firebase Auth REST session against a fake identitytoolkit/securetoken: sign-in, refresh before expiry (one
// refresh for concurrent callers), a refused refresh token signs out, a network failure keeps a still-valid token,
// and the runtime config that chooses the mode.

/** An unsigned JWT with these claims (the app reads the payload only). */
const jwt = (claims: Record<string, unknown>) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

type Call = { url: string; body: string; type: string };

function fakeAuth(options: { refresh?: (n: number) => Response | Promise<Response> } = {}) {
  const calls: Call[] = [];
  let clock = 1_000_000;
  let issued = 0;
  const claims = { user_id: 'u1', email: 'v@example.com', tenantId: 'label-1', role: 'viewer' };
  const fetch: FirebaseAuthOptions['fetch'] = async (url, init = {}) => {
    const body = String(init.body);
    calls.push({ url, body, type: (init.headers as Record<string, string>)['content-type']! });
    if (url.includes('accounts:signInWithPassword')) {
      const { password } = JSON.parse(body) as { password: string };
      if (password !== 'right') return json({ error: { code: 400, message: 'INVALID_LOGIN_CREDENTIALS' } }, 400);
      return json({ idToken: jwt({ ...claims, n: ++issued }), refreshToken: 'r0', expiresIn: '3600' });
    }
    if (url.includes('/v1/token')) {
      const n = calls.filter((c) => c.url.includes('/v1/token')).length;
      if (options.refresh) return options.refresh(n);
      return json({ id_token: jwt({ ...claims, n: ++issued }), refresh_token: `r${n}`, expires_in: '3600' });
    }
    if (url.includes('accounts:sendOobCode')) return json({ email: 'v@example.com' });
    return json({ error: { message: 'NOT_FOUND' } }, 404);
  };
  const store = new Map<string, string>();
  const storage = {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => void store.set(k, v),
    removeItem: (k: string) => void store.delete(k),
  };
  const make = (extra: Partial<FirebaseAuthOptions> = {}) =>
    createFirebaseAuth({ apiKey: 'key-1', fetch, storage, now: () => clock, ...extra });
  return { calls, store, make, advance: (ms: number) => (clock += ms), n: () => issued };
}

/** Which issued token this is (the fake numbers them in a claim of its own). */
const tokenNumber = (token: string | null) =>
  (JSON.parse(Buffer.from(token!.split('.')[1]!, 'base64url').toString()) as { n: number }).n;
const refreshes = (calls: Call[]) => calls.filter((c) => c.url.includes('/v1/token'));

describe('Firebase Auth REST session', () => {
  it('signs in at identitytoolkit (or the emulator) and reads the tenant and role claims', async () => {
    const f = fakeAuth();
    const auth = f.make({ authEmulatorUrl: 'http://127.0.0.1:9099/' });
    await expect(auth.signIn('v@example.com', 'wrong')).rejects.toMatchObject({
      code: 'BAD_CREDENTIALS',
      reason: 'INVALID_LOGIN_CREDENTIALS',
    });
    expect(await auth.idToken()).toBeNull();
    expect(await auth.signIn('v@example.com', 'right')).toEqual({
      uid: 'u1',
      email: 'v@example.com',
      tenantId: 'label-1',
      role: 'viewer',
    });
    expect(f.calls[0]!.url).toBe(
      'http://127.0.0.1:9099/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=key-1',
    );
    expect(JSON.parse(f.calls[0]!.body)).toEqual({
      email: 'v@example.com',
      password: 'wrong',
      returnSecureToken: true,
    });
    expect(tokenNumber(await auth.idToken())).toBe(1);
    // base64url payloads with non-ASCII text decode as UTF-8
    expect(claimsOf(jwt({ sub: 's1', email: 'åsa@exämple.com' }))).toEqual({ uid: 's1', email: 'åsa@exämple.com' });
    const prod = fakeAuth();
    await prod.make().signIn('v@example.com', 'right');
    expect(prod.calls[0]!.url).toBe('https://identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=key-1');
  });

  it('keeps the ID token until 5 minutes before expiry, then refreshes it once for all concurrent callers', async () => {
    const f = fakeAuth();
    const auth = f.make();
    await auth.signIn('v@example.com', 'right');
    f.advance(3600_000 - REFRESH_MARGIN_MS - 1);
    expect(tokenNumber(await auth.idToken())).toBe(1);
    expect(refreshes(f.calls)).toHaveLength(0);

    f.advance(1);
    const tokens = await Promise.all([auth.idToken(), auth.idToken(), auth.idToken()]);
    expect(tokens.map(tokenNumber)).toEqual([2, 2, 2]);
    const [refresh] = refreshes(f.calls);
    expect(refreshes(f.calls)).toHaveLength(1);
    expect(refresh!.url).toBe('https://securetoken.googleapis.com/v1/token?key=key-1');
    expect(refresh!.type).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(refresh!.body))).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'r0',
    });
    // the new token counts its hour from the refresh; the next refresh sends the new refresh token
    f.advance(3600_000 - REFRESH_MARGIN_MS - 1);
    expect(tokenNumber(await auth.idToken())).toBe(2);
    f.advance(1);
    expect(tokenNumber(await auth.idToken())).toBe(3);
    expect(new URLSearchParams(refreshes(f.calls)[1]!.body).get('refresh_token')).toBe('r1');
  });

  it('a page reload finds the tokens in storage; sign-out forgets them', async () => {
    const f = fakeAuth();
    await f.make().signIn('v@example.com', 'right');
    const reloaded = f.make();
    expect(reloaded.claims()).toMatchObject({ tenantId: 'label-1', role: 'viewer' });
    expect(tokenNumber(await reloaded.idToken())).toBe(1);
    reloaded.signOut();
    expect(f.store.size).toBe(0);
    expect(await reloaded.idToken()).toBeNull();
    expect(f.make().claims()).toBeNull();
  });

  it('a refused refresh token ends the session: null token, nothing stored', async () => {
    const f = fakeAuth({ refresh: () => json({ error: { code: 400, message: 'TOKEN_EXPIRED' } }, 400) });
    const auth = f.make();
    await auth.signIn('v@example.com', 'right');
    f.advance(3600_000);
    expect(await auth.idToken()).toBeNull();
    expect(auth.claims()).toBeNull();
    expect(f.store.size).toBe(0);
  });

  it('a network failure during refresh keeps the token while it is valid, and fails once it expired', async () => {
    const f = fakeAuth({
      refresh: () => {
        throw new TypeError('network down');
      },
    });
    const auth = f.make();
    await auth.signIn('v@example.com', 'right');
    f.advance(3600_000 - 60_000);
    expect(tokenNumber(await auth.idToken())).toBe(1);
    f.advance(60_000);
    const error = await auth.idToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FirebaseAuthError);
    expect(error).toMatchObject({ code: 'UNAVAILABLE' });
    // still signed in: the next call tries again
    expect(auth.claims()).toMatchObject({ uid: 'u1' });
  });

  it('refuses a user without tenant claims, maps Firebase reasons, and sends password reset e-mails', async () => {
    const noClaims = createFirebaseAuth({
      apiKey: 'k',
      fetch: async () => json({ idToken: jwt({ user_id: 'u2' }), refreshToken: 'r', expiresIn: '3600' }),
    });
    await expect(noClaims.signIn('x@example.com', 'p')).rejects.toMatchObject({ code: 'NO_TENANT' });
    expect(await noClaims.idToken()).toBeNull();
    const answer = (message: string) =>
      createFirebaseAuth({ apiKey: 'k', fetch: async () => json({ error: { code: 400, message } }, 400) }).signIn(
        'x@example.com',
        'p',
      );
    await expect(answer('TOO_MANY_ATTEMPTS_TRY_LATER : Access disabled')).rejects.toMatchObject({
      code: 'TOO_MANY_ATTEMPTS',
      reason: 'TOO_MANY_ATTEMPTS_TRY_LATER',
    });
    await expect(answer('USER_DISABLED')).rejects.toMatchObject({ code: 'USER_DISABLED' });
    await expect(answer('INVALID_PASSWORD')).rejects.toMatchObject({ code: 'BAD_CREDENTIALS' });

    const f = fakeAuth();
    await f.make().sendPasswordReset('v@example.com');
    expect(f.calls[0]!.url).toContain('/v1/accounts:sendOobCode?key=key-1');
    expect(JSON.parse(f.calls[0]!.body)).toEqual({ requestType: 'PASSWORD_RESET', email: 'v@example.com' });
  });
});

describe('runtime config', () => {
  const serve =
    (files: Record<string, unknown>) =>
    async (url: string): Promise<Response> =>
      url in files
        ? json(files[url])
        : // the SPA fallback: index.html for any path
          new Response('<!doctype html>', { headers: { 'content-type': 'text/html' } });

  it('no /config.json (or the SPA fallback page) means the cookie session', async () => {
    expect(await loadRuntimeConfig(serve({}))).toEqual({ auth: 'session' });
    expect(await loadRuntimeConfig(async () => new Response('', { status: 404 }))).toEqual({ auth: 'session' });
  });

  it('reads a Firebase config, taking a missing apiKey from Hosting /__/firebase/init.json', async () => {
    const full = { auth: 'firebase', apiKey: 'k', projectId: 'p', authEmulatorUrl: 'http://127.0.0.1:9099' };
    expect(await loadRuntimeConfig(serve({ '/config.json': full }))).toEqual(full);
    const hosted = serve({
      '/config.json': { auth: 'firebase', projectId: 'my-label' },
      '/__/firebase/init.json': { apiKey: 'AIza-x', authDomain: 'my-label.firebaseapp.com', projectId: 'my-label' },
    });
    expect(await loadRuntimeConfig(hosted)).toEqual({
      auth: 'firebase',
      apiKey: 'AIza-x',
      authDomain: 'my-label.firebaseapp.com',
      projectId: 'my-label',
    });
  });

  it('refuses an invalid config instead of guessing', async () => {
    await expect(loadRuntimeConfig(serve({ '/config.json': { auth: 'oauth' } }))).rejects.toBeInstanceOf(
      RuntimeConfigError,
    );
    await expect(loadRuntimeConfig(serve({ '/config.json': { auth: 'firebase' } }))).rejects.toThrow(/no apiKey/);
  });
});
