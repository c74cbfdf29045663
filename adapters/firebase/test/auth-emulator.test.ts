import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { memoryStore } from '@ddex/catalog-store';
import { makeRelease, makeTenant } from '@ddex/catalog-store/testing';
import { createDistroServices, type DistroError, localKeyProvider } from '@ddex/distro-core';
import { createApp } from '@ddex/distro-core/http';
import { type App, deleteApp, initializeApp } from 'firebase-admin/app';
import { type Auth, getAuth } from 'firebase-admin/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firebaseAuthenticator, setTenantClaims, verifyFirebaseToken, withFirebaseAuth } from '../src/index';
import { findFirebaseTools, type RunningAuthEmulator, startAuthEmulator } from './helpers/auth-emulator';

// Firebase Auth ID tokens and tenant claims on the Auth emulator of firebase-tools (started by the helper on a free
// loopback port, offline): users are created in the emulator, claims are set with `ddex-distro firebase set-claims`
// and setTenantClaims, real ID tokens come from the emulator's signInWithPassword, and firebase-admin verifies them.
// Not covered here: signature checks. firebase-admin skips them for emulator tokens (they are unsigned), so an
// unsigned token with invented claims for an existing user would pass in emulator mode; in production the token
// must carry Google's RS256 signature. Without firebase-tools the suite is reported as skipped, never as passed;
// under CI=true a missing firebase-tools fails (.ci/install-tools.sh installs it).
const tools = findFirebaseTools();
const missing = typeof tools === 'string' ? tools : null;
const REPO = join(import.meta.dirname, '../../..');
const PASSWORD = 'correct-horse-battery';

describe.runIf(process.env.CI === 'true')('Firebase Auth emulator under CI', () => {
  it('firebase-tools is installed (.ci/install-tools.sh)', () => {
    expect(missing).toBeNull();
  });
});

/** The unsigned emulator token with some payload claims replaced (only firebase-admin's emulator mode accepts it). */
function reissue(token: string, patch: Record<string, unknown>): string {
  const [header, payload] = token.split('.');
  const claims = { ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), ...patch };
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
}

/** The refusal reason of a rejected verification. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  const e = (await promise.then(
    () => {
      throw new Error('the token was accepted');
    },
    (error: unknown) => error,
  )) as DistroError;
  expect(e.code).toBe('UNAUTHENTICATED');
  return e.issues[0]!.code;
}

describe.skipIf(missing !== null)(
  `Firebase Auth ID tokens and tenant claims on the Auth emulator${missing ? ` (not run: ${missing})` : ` (firebase-tools ${typeof tools === 'string' ? '' : tools.version})`}`,
  () => {
    let emulator: RunningAuthEmulator;
    let app: App;
    let auth: Auth;

    beforeAll(async () => {
      if (typeof tools === 'string') return;
      emulator = await startAuthEmulator(tools);
      // firebase-admin talks to the emulator (and accepts its unsigned tokens) when this is set
      process.env.FIREBASE_AUTH_EMULATOR_HOST = emulator.host;
      app = initializeApp({ projectId: emulator.projectId }, `auth-${randomBytes(3).toString('hex')}`);
      auth = getAuth(app);
    });
    afterAll(async () => {
      if (app) await deleteApp(app);
      delete process.env.FIREBASE_AUTH_EMULATOR_HOST;
      await emulator?.stop();
    });

    const newUser = async (claims?: Record<string, unknown>) => {
      const email = `u-${randomBytes(4).toString('hex')}@example.com`;
      const { uid } = await auth.createUser({ email, password: PASSWORD });
      if (claims) await auth.setCustomUserClaims(uid, claims);
      return { uid, email };
    };
    /** A real ID token from the emulator's REST sign-in (what the Firebase JS SDK calls). */
    const signIn = async (email: string): Promise<string> => {
      const res = await fetch(
        `http://${emulator.host}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=fake-api-key`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password: PASSWORD, returnSecureToken: true }),
        },
      );
      expect(res.status).toBe(200);
      return ((await res.json()) as { idToken: string }).idToken;
    };
    /** `ddex-distro firebase set-claims …` run as a user runs it (from source), against the emulator. */
    const setClaimsCli = (args: string[]) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          [
            '--conditions=@ddex/source',
            '--import',
            'tsx',
            join(REPO, 'packages/cli/src/bin.ts'),
            'firebase',
            'set-claims',
            ...args,
          ],
          {
            cwd: REPO,
            env: {
              PATH: process.env.PATH,
              FIREBASE_AUTH_EMULATOR_HOST: emulator.host,
              GCLOUD_PROJECT: emulator.projectId,
            },
          },
        );
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (out += d));
        child.on('exit', (code) => resolve({ code, out }));
      });

    it('ddex-distro firebase set-claims gives a user a tenant and role; the next ID token verifies to the principal', async () => {
      const { uid, email } = await newUser();
      const before = await signIn(email);
      expect(await refusal(verifyFirebaseToken(auth, before))).toBe('no_tenant_claims');

      // one run only: starting the CLI from source takes seconds (invalid claims: setTenantClaims, next test)
      const ok = await setClaimsCli([uid, '--tenant', 'label-1', '--role', 'manager']);
      expect(ok.code, ok.out).toBe(0);
      expect(ok.out).toContain(`${uid}: tenant label-1, role manager`);

      expect((await auth.getUser(uid)).customClaims).toEqual({ tenantId: 'label-1', role: 'manager' });
      // the token issued before the claims were set still has none; a new sign-in carries them
      expect(await firebaseAuthenticator(auth)(before)).toBeNull();
      const after = await signIn(email);
      const principal = { tenantId: 'label-1', role: 'manager', actor: `firebase:${uid}` };
      expect(await verifyFirebaseToken(auth, after, { checkRevoked: true })).toEqual(principal);
      expect(await firebaseAuthenticator(auth)(after)).toEqual(principal);
    }, 60_000);

    it('setTenantClaims keeps other claims, validates tenant and role, and null takes the user out of the tenant', async () => {
      const { uid, email } = await newUser({ plan: 'pro' });
      await setTenantClaims(auth, uid, { tenantId: 'label-2', role: 'viewer' });
      expect((await auth.getUser(uid)).customClaims).toEqual({ plan: 'pro', tenantId: 'label-2', role: 'viewer' });
      expect(await verifyFirebaseToken(auth, await signIn(email))).toEqual({
        tenantId: 'label-2',
        role: 'viewer',
        actor: `firebase:${uid}`,
      });
      await expect(setTenantClaims(auth, uid, { tenantId: '../label-1', role: 'admin' })).rejects.toThrow(TypeError);
      await expect(setTenantClaims(auth, uid, { tenantId: 'label-2', role: 'root' as 'admin' })).rejects.toThrow(
        /role must be one of/,
      );
      await setTenantClaims(auth, uid, null);
      expect((await auth.getUser(uid)).customClaims).toEqual({ plan: 'pro' });
      expect(await refusal(verifyFirebaseToken(auth, await signIn(email)))).toBe('no_tenant_claims');
    });

    it('refuses, with the reason, claims that are not a tenant and role, and malformed, foreign or expired tokens', async () => {
      const invalid = await newUser({ tenantId: 'label-1', role: 'owner' });
      expect(await refusal(verifyFirebaseToken(auth, await signIn(invalid.email)))).toBe('no_tenant_claims');
      const outside = await newUser({ tenantId: 'label 1/x', role: 'admin' });
      expect(await refusal(verifyFirebaseToken(auth, await signIn(outside.email)))).toBe('no_tenant_claims');

      const { email } = await newUser({ tenantId: 'label-1', role: 'admin' });
      const token = await signIn(email);
      expect(await verifyFirebaseToken(auth, token)).toMatchObject({ role: 'admin' });
      expect(await refusal(verifyFirebaseToken(auth, 'not-a-token'))).toBe('token_invalid');
      expect(await refusal(verifyFirebaseToken(auth, `${token.slice(0, -20)}x`))).toBe('token_invalid');
      // a token of another Firebase project: wrong audience, then wrong issuer
      expect(await refusal(verifyFirebaseToken(auth, reissue(token, { aud: 'demo-other' })))).toBe('token_invalid');
      expect(
        await refusal(verifyFirebaseToken(auth, reissue(token, { iss: 'https://securetoken.google.com/demo-other' }))),
      ).toBe('token_invalid');
      const past = Math.floor(Date.now() / 1000) - 7200;
      expect(await refusal(verifyFirebaseToken(auth, reissue(token, { iat: past, exp: past + 3600 })))).toBe(
        'token_expired',
      );
      // a token naming a user Auth does not know
      expect(
        await refusal(
          verifyFirebaseToken(auth, reissue(token, { sub: 'ghost', user_id: 'ghost' }), { checkRevoked: true }),
        ),
      ).toBe('user_not_found');
      expect(await firebaseAuthenticator(auth)('not-a-token')).toBeNull();
    });

    it('with checkRevoked, refuses tokens of users whose sessions were revoked or who were disabled', async () => {
      const revoked = await newUser({ tenantId: 'label-1', role: 'manager' });
      const disabled = await newUser({ tenantId: 'label-1', role: 'manager' });
      const revokedToken = await signIn(revoked.email);
      const disabledToken = await signIn(disabled.email);
      expect(await verifyFirebaseToken(auth, revokedToken, { checkRevoked: true })).toMatchObject({ role: 'manager' });
      // revocation counts in whole seconds: revoke in the second after the sign-in
      await new Promise((r) => setTimeout(r, 1100 - (Date.now() % 1000)));
      await auth.revokeRefreshTokens(revoked.uid);
      await auth.updateUser(disabled.uid, { disabled: true });
      const verify = firebaseAuthenticator(auth, { checkRevoked: true });
      expect(await refusal(verifyFirebaseToken(auth, revokedToken, { checkRevoked: true }))).toBe('token_revoked');
      expect(await refusal(verifyFirebaseToken(auth, disabledToken, { checkRevoked: true }))).toBe('user_disabled');
      expect(await verify(revokedToken)).toBeNull();
      // a fresh sign-in after the revocation works again
      expect(await verify(await signIn(revoked.email))).toMatchObject({ tenantId: 'label-1' });
    });

    it('through the HTTP app: the token reaches tenant-scoped routes with its role; other tenants are not found', async () => {
      const store = memoryStore();
      await store.tenants.create(makeTenant('label-1'));
      await store.tenants.create(makeTenant('label-2'));
      await store.releases.create('label-2', makeRelease(2));
      const services = createDistroServices({ store, keys: localKeyProvider({ key: Buffer.alloc(32, 7) }) });
      const http = createApp(withFirebaseAuth(services, auth, { checkRevoked: true }));
      const tokenOf = async (tenantId: string, role: string) => {
        const user = await newUser();
        await setTenantClaims(auth, user.uid, { tenantId, role: role as 'admin' });
        return signIn(user.email);
      };
      const [manager, viewer] = await Promise.all([tokenOf('label-1', 'manager'), tokenOf('label-1', 'viewer')]);
      const call = async (method: string, path: string, token: string, body?: unknown) => {
        const res = await http.request(path, {
          method,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return {
          status: res.status,
          json: (await res.json()) as Record<string, unknown> & { error?: { code: string } },
        };
      };

      const created = await call('POST', '/api/releases', manager, makeRelease(1));
      expect(created.status, JSON.stringify(created.json)).toBe(201);
      expect((await store.releases.get('label-1', 'rel-00001'))?.release.metadata.title).toBe('Release 00001');
      expect((await call('GET', '/api/releases/rel-00001', viewer)).status).toBe(200);
      const write = await call('POST', '/api/releases', viewer, makeRelease(3));
      expect(write.status).toBe(403);
      expect(write.json.error?.code).toBe('FORBIDDEN');
      expect((await call('DELETE', '/api/releases/rel-00001', viewer)).status).toBe(403);
      // label-2's release exists, but not for label-1's users
      const foreign = await call('GET', '/api/releases/rel-00002', manager);
      expect(foreign.status).toBe(404);
      expect(foreign.json.error?.code).toBe('NOT_FOUND');
      const list = await call('GET', '/api/releases', viewer);
      expect((list.json.items as { id: string }[]).map((r) => r.id)).toEqual(['rel-00001']);
      const expired = reissue(viewer, { iat: 1_700_000_000, exp: 1_700_003_600 });
      const refusedCall = await call('GET', '/api/releases', expired);
      expect(refusedCall.status).toBe(401);
      expect(refusedCall.json.error?.code).toBe('UNAUTHENTICATED');
    });
  },
);
