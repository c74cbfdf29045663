import { randomBytes } from 'node:crypto';
import { deleteApp, initializeApp } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { describe, expect, it } from 'vitest';
import { firebaseAuthenticator, setTenantClaims } from '../src/index';

// Token verification and custom claims against the Firebase Auth emulator, which runs offline with firebase-tools:
//   npx firebase emulators:exec --only auth --project demo-ddex 'npx vitest run adapters/firebase/test/auth-emulator.test.ts'
// firebase-tools (about 300 MB) is not a dependency of the repository, so without FIREBASE_AUTH_EMULATOR_HOST this
// suite is reported as skipped, never as passed.
const HOST = process.env.FIREBASE_AUTH_EMULATOR_HOST;

describe.skipIf(!HOST)(
  `Firebase Auth ID tokens and tenant claims${HOST ? '' : ' (not run: FIREBASE_AUTH_EMULATOR_HOST is not set; start it with firebase emulators:exec --only auth)'}`,
  () => {
    it('an ID token carries the claims set by setTenantClaims and verifies to the principal', async () => {
      const app = initializeApp(
        { projectId: process.env.GCLOUD_PROJECT ?? 'demo-ddex' },
        `auth-${randomBytes(3).toString('hex')}`,
      );
      try {
        const auth = getAuth(app);
        const email = `u-${randomBytes(4).toString('hex')}@example.com`;
        const user = await auth.createUser({ email, password: 'correct-horse-battery' });
        await setTenantClaims(auth, user.uid, { tenantId: 'label-1', role: 'manager' });
        const signIn = await fetch(
          `http://${HOST}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=fake-key`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email, password: 'correct-horse-battery', returnSecureToken: true }),
          },
        );
        const { idToken } = (await signIn.json()) as { idToken: string };
        const verify = firebaseAuthenticator(auth);
        expect(await verify(idToken)).toEqual({ tenantId: 'label-1', role: 'manager', actor: `firebase:${user.uid}` });
        expect(await verify('not-a-token')).toBeNull();
        await setTenantClaims(auth, user.uid, null);
        expect((await auth.getUser(user.uid)).customClaims).toEqual({});
      } finally {
        await deleteApp(app);
      }
    });
  },
);
