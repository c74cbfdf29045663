import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { ApiError, call, setBearerProvider, setCsrfToken } from '../api/client';
import type { SessionInfo, TenantView } from '../api/types';
import { type FirebaseAuth, FirebaseAuthError } from '../auth/firebase-auth';
import { useTheme } from './theme';

/** What a role may do; mirrors the service's grants so refused actions can be shown disabled with a reason. */
export type Permission = 'catalog:write' | 'delivery:write' | 'admin';
const GRANTS: Record<SessionInfo['role'], Permission[]> = {
  admin: ['catalog:write', 'delivery:write', 'admin'],
  manager: ['catalog:write', 'delivery:write'],
  viewer: [],
};

let firebase: FirebaseAuth | null = null;

/**
 * Switches sign-in to Firebase Auth (the runtime config says `auth: 'firebase'`): every API call then carries the
 * user's ID token as a bearer token instead of the session cookie. Call before the app mounts.
 */
export function useFirebaseAuth(auth: FirebaseAuth): void {
  firebase = auth;
  setBearerProvider(() => auth.idToken());
}

/** True when the app signs in with Firebase Auth. */
export const isFirebaseMode = (): boolean => firebase !== null;

/** The session of a Firebase user: the ID token's claims, and the tenant's name and branding from the API. */
async function firebaseSession(auth: FirebaseAuth): Promise<SessionInfo | null> {
  const claims = auth.claims();
  if (!claims?.tenantId || !claims.role) return null;
  try {
    const { tenant } = await call<TenantView>('GET', `/api/tenants/${encodeURIComponent(claims.tenantId)}`);
    return {
      user: { id: claims.uid, email: claims.email },
      tenant: { id: tenant.id, name: tenant.name, branding: tenant.branding },
      role: claims.role as SessionInfo['role'],
      csrfToken: '',
    };
  } catch (error) {
    // the service refused the token (or it could not be refreshed): signed out
    if (error instanceof ApiError && error.status === 401) {
      auth.signOut();
      return null;
    }
    throw error;
  }
}

/** The signed-in session (HttpOnly cookie, CSRF token in memory only; or Firebase ID tokens in Firebase mode). */
export const useSession = defineStore('session', () => {
  const info = ref<SessionInfo | null>(null);
  const checked = ref(false);
  const role = computed(() => info.value?.role ?? 'viewer');

  function set(next: SessionInfo | null): void {
    info.value = next;
    setCsrfToken(next?.csrfToken ?? null);
    // the tenant's brand colour feeds the CSS tokens for every page
    useTheme().brand(next?.tenant.branding?.primaryColor ?? null);
  }
  /** Asks the server whether the cookie is still a session (once per page load unless forced). */
  async function load(force = false): Promise<SessionInfo | null> {
    if (checked.value && !force) return info.value;
    try {
      set(firebase ? await firebaseSession(firebase) : await call<SessionInfo>('GET', '/api/auth/session'));
    } catch {
      set(null);
    }
    checked.value = true;
    return info.value;
  }
  async function login(email: string, password: string): Promise<void> {
    if (firebase) {
      await firebase.signIn(email, password);
      const next = await firebaseSession(firebase);
      if (!next) throw new FirebaseAuthError('NO_TENANT', 'SERVICE_REFUSED_TOKEN');
      set(next);
    } else {
      set(await call<SessionInfo>('POST', '/api/auth/login', { email, password }));
    }
    checked.value = true;
  }
  async function logout(): Promise<void> {
    if (firebase) {
      firebase.signOut();
      set(null);
      return;
    }
    try {
      await call('POST', '/api/auth/logout');
    } finally {
      set(null);
    }
  }
  /** True when the role may do it. */
  function can(permission: Permission): boolean {
    return GRANTS[role.value].includes(permission);
  }
  /** Firebase mode: e-mails a password reset link. */
  async function sendPasswordReset(email: string): Promise<void> {
    if (!firebase) throw new Error('password reset e-mails need Firebase Auth');
    await firebase.sendPasswordReset(email);
  }
  function clear(): void {
    firebase?.signOut();
    set(null);
  }
  return { info, checked, role, load, login, logout, can, clear, sendPasswordReset };
});
