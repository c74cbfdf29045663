import { DistroError, type DistroServices, isDistroError, type Principal, ROLES, type Role } from '@ddex/distro-core';
import type { Auth, DecodedIdToken } from 'firebase-admin/auth';

/** The custom claims that place a Firebase user in a tenant with a role. */
export interface TenantClaims {
  /** the tenant the user acts for */
  tenantId: string;
  /** the user's role: admin, manager or viewer */
  role: Role;
}

/** Options of {@link firebaseAuthenticator}. */
export interface FirebaseAuthOptions {
  /**
   * Also reject tokens of users whose sessions were revoked or who were disabled (one Auth call per request).
   * @default false
   */
  checkRevoked?: boolean;
}

/** Resolves a bearer token to a principal, or null. */
export type BearerAuthenticator = (token: string) => Promise<Principal | null>;

const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** The principal of verified token claims, or null when the user has no (valid) tenant and role claims. */
export function principalOfClaims(token: Pick<DecodedIdToken, 'uid'> & Record<string, unknown>): Principal | null {
  const { tenantId, role } = token;
  if (typeof tenantId !== 'string' || !TENANT_ID.test(tenantId)) return null;
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) return null;
  return { tenantId, role: role as Role, actor: `firebase:${token.uid}` };
}

/** Why a Firebase ID token was refused: the issue code of the `UNAUTHENTICATED` error of {@link verifyFirebaseToken}. */
export type FirebaseTokenRefusal =
  | 'token_invalid'
  | 'token_expired'
  | 'token_revoked'
  | 'user_disabled'
  | 'user_not_found'
  | 'no_tenant_claims';

/** firebase-admin error codes that refuse the token (anything else means Auth could not be asked). */
const REFUSALS: Readonly<Record<string, FirebaseTokenRefusal>> = {
  'auth/argument-error': 'token_invalid',
  'auth/invalid-argument': 'token_invalid',
  'auth/invalid-id-token': 'token_invalid',
  'auth/id-token-expired': 'token_expired',
  'auth/id-token-revoked': 'token_revoked',
  'auth/user-disabled': 'user_disabled',
  'auth/user-not-found': 'user_not_found',
};

const refused = (reason: FirebaseTokenRefusal, message: string, cause?: unknown) =>
  new DistroError('UNAUTHENTICATED', message, {
    cause,
    issues: [{ code: reason, path: 'authorization', message }],
  });

/**
 * Verifies a Firebase Auth ID token with firebase-admin and returns its principal (actor `firebase:<uid>`).
 *
 * @throws {DistroError} `UNAUTHENTICATED` when the token is refused; its one issue's `code` says why
 * ({@link FirebaseTokenRefusal}). `UNAVAILABLE` when Firebase Auth could not be asked (network, quota).
 */
export async function verifyFirebaseToken(
  auth: Auth,
  token: string,
  options: FirebaseAuthOptions = {},
): Promise<Principal> {
  let decoded: DecodedIdToken;
  try {
    decoded = await auth.verifyIdToken(token, options.checkRevoked ?? false);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const reason = typeof code === 'string' ? REFUSALS[code] : undefined;
    if (reason) throw refused(reason, `the Firebase ID token is refused (${reason})`, e);
    throw new DistroError('UNAVAILABLE', 'Firebase Auth could not verify the ID token; try again later', { cause: e });
  }
  const principal = principalOfClaims(decoded);
  if (!principal) {
    throw refused(
      'no_tenant_claims',
      'the Firebase user has no valid tenantId and role claims (ddex-distro firebase set-claims)',
    );
  }
  return principal;
}

/**
 * Verifies Firebase Auth ID tokens with firebase-admin and maps the `tenantId` and `role` custom claims to the
 * service's principal (actor `firebase:<uid>`). Refused tokens (invalid, expired, revoked, claim-less) give null, so
 * the service answers 401; when Auth cannot be asked the `UNAVAILABLE` error propagates (503). Use
 * {@link verifyFirebaseToken} to learn why a token was refused.
 */
export function firebaseAuthenticator(auth: Auth, options: FirebaseAuthOptions = {}): BearerAuthenticator {
  return async (token) => {
    try {
      return await verifyFirebaseToken(auth, token, options);
    } catch (e) {
      if (isDistroError(e, 'UNAUTHENTICATED')) return null;
      throw e;
    }
  };
}

/** True for a DDEX Distro API key secret (`ddx_…`); anything else may be a Firebase ID token. */
const isApiKey = (token: string) => token.startsWith('ddx_');

/**
 * The service with Firebase sign-in added to its principal resolution: `Authorization: Bearer <token>` accepts the
 * service's API keys as before and, besides, Firebase ID tokens carrying `tenantId`/`role` claims. Roles and tenant
 * scoping then apply unchanged, because every use case sees the same `Principal`.
 *
 * @example
 * const app = createApp(withFirebaseAuth(createDistroServices({ store, keys }), getAuth()));
 */
export function withFirebaseAuth(
  services: DistroServices,
  auth: Auth | BearerAuthenticator,
  options: FirebaseAuthOptions = {},
): DistroServices {
  const verify = typeof auth === 'function' ? auth : firebaseAuthenticator(auth, options);
  const apiKeys = services.apiKeys;
  return {
    ...services,
    apiKeys: {
      ...apiKeys,
      authenticate: (token) => (isApiKey(token) ? apiKeys.authenticate(token) : verify(token)),
    },
  };
}

/**
 * Gives a Firebase user a tenant and a role (custom claims), keeping their other claims. The user's next ID token
 * carries them (after sign-in or a token refresh). Pass `null` to remove the user from any tenant.
 */
export async function setTenantClaims(auth: Auth, uid: string, claims: TenantClaims | null): Promise<void> {
  const user = await auth.getUser(uid);
  const rest = { ...(user.customClaims ?? {}) };
  delete rest.tenantId;
  delete rest.role;
  if (claims !== null) {
    if (!TENANT_ID.test(claims.tenantId)) throw new TypeError(`tenantId ${JSON.stringify(claims.tenantId)} is invalid`);
    if (!(ROLES as readonly string[]).includes(claims.role))
      throw new TypeError(`role must be one of ${ROLES.join(', ')}, not ${JSON.stringify(claims.role)}`);
  }
  await auth.setCustomUserClaims(uid, claims === null ? rest : { ...rest, ...claims });
}
