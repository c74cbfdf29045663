import { type DistroServices, type Principal, ROLES, type Role } from '@ddex/distro-core';
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

/**
 * Verifies Firebase Auth ID tokens with firebase-admin and maps the `tenantId` and `role` custom claims to the
 * service's principal (actor `firebase:<uid>`). Invalid, expired or claim-less tokens give null.
 */
export function firebaseAuthenticator(auth: Auth, options: FirebaseAuthOptions = {}): BearerAuthenticator {
  return async (token) => {
    try {
      return principalOfClaims(await auth.verifyIdToken(token, options.checkRevoked ?? false));
    } catch {
      return null;
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
