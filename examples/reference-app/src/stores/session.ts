import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { ApiError, api, call, setBearerProvider, setCsrfToken, unwrap } from '../api/client';
import type { SessionInfo, TenantView } from '../api/types';
import { type FirebaseAuth, FirebaseAuthError } from '../auth/firebase-auth';
import { type StoredPreferences, useTheme } from './theme';

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
    const changed = info.value?.user.id !== next?.user.id;
    info.value = next;
    setCsrfToken(next?.csrfToken ?? null);
    // the tenant's brand colour feeds the CSS tokens for every page
    const theme = useTheme();
    theme.brand(next?.tenant.branding?.primaryColor ?? null);
    if (!next) theme.detach();
    else if (changed) void loadPreferences();
  }
  /** The signed-in user's stored theme and contrast win over this browser's (kept as the fallback). */
  async function loadPreferences(): Promise<void> {
    try {
      const stored = await unwrap<StoredPreferences>(api.GET('/api/me/preferences'));
      const user = info.value?.user.id;
      if (!user) return; // signed out meanwhile
      useTheme().attach(stored, (patch) => unwrap(api.PATCH('/api/me/preferences', { body: patch })), user);
    } catch {
      // an older server without preferences: the browser's choice stays
    }
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
  /** E-mails a password reset link (Firebase Auth's, or the service's own); unknown addresses get the same answer. */
  async function sendPasswordReset(email: string): Promise<void> {
    if (firebase) await firebase.sendPasswordReset(email);
    else await call('POST', '/api/auth/password-reset', { email });
  }
  /** Sets a new password with the token of a reset link (the service closes every open session of the user). */
  async function confirmPasswordReset(token: string, password: string): Promise<void> {
    await call('POST', '/api/auth/password-reset/confirm', { token, password });
  }
  /** Signs up a new organisation with its first admin, and signs in. */
  async function signup(input: { organization: string; email: string; password: string }): Promise<void> {
    set(await call<SessionInfo>('POST', '/api/auth/signup', input));
    checked.value = true;
  }
  /** Whether the server offers self-service sign-up (never in Firebase mode: accounts live in Firebase). */
  async function signupOffered(): Promise<boolean> {
    if (firebase) return false;
    try {
      return (await call<{ signup: boolean }>('GET', '/api/auth/config')).signup;
    } catch {
      return false;
    }
  }
  function clear(): void {
    firebase?.signOut();
    set(null);
  }
  return {
    info,
    checked,
    role,
    load,
    login,
    logout,
    can,
    clear,
    sendPasswordReset,
    confirmPasswordReset,
    signup,
    signupOffered,
  };
});
