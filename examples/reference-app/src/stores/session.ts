import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { call, setCsrfToken } from '../api/client';
import type { SessionInfo } from '../api/types';
import { useTheme } from './theme';

/** What a role may do; mirrors the service's grants so refused actions can be shown disabled with a reason. */
export type Permission = 'catalog:write' | 'delivery:write' | 'admin';
const GRANTS: Record<SessionInfo['role'], Permission[]> = {
  admin: ['catalog:write', 'delivery:write', 'admin'],
  manager: ['catalog:write', 'delivery:write'],
  viewer: [],
};

/** The signed-in session (HttpOnly cookie; the CSRF token is kept in memory only). */
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
      set(await call<SessionInfo>('GET', '/api/auth/session'));
    } catch {
      set(null);
    }
    checked.value = true;
    return info.value;
  }
  async function login(email: string, password: string): Promise<void> {
    set(await call<SessionInfo>('POST', '/api/auth/login', { email, password }));
    checked.value = true;
  }
  async function logout(): Promise<void> {
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
  return { info, checked, role, load, login, logout, can, clear: () => set(null) };
});
