// Firebase Auth over its REST API (what the Firebase JS SDK calls underneath): e-mail + password sign-in, ID token
// refresh before expiry, password reset e-mails. Plain fetch, no SDK: the app only needs these three calls.

/** Why a Firebase Auth call failed. */
export type FirebaseAuthErrorCode =
  | 'BAD_CREDENTIALS'
  | 'USER_DISABLED'
  | 'TOO_MANY_ATTEMPTS'
  | 'SESSION_EXPIRED'
  | 'NO_TENANT'
  | 'UNAVAILABLE';

/** A failed Firebase Auth call; `reason` is Firebase's own message code (e.g. `INVALID_PASSWORD`). */
export class FirebaseAuthError extends Error {
  constructor(
    readonly code: FirebaseAuthErrorCode,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Firebase Auth: ${code} (${reason})`, options);
    this.name = 'FirebaseAuthError';
  }
}

/** The tokens of a signed-in user; `expiresAt` is the ID token's expiry on the local clock (ms). */
export interface FirebaseTokens {
  idToken: string;
  refreshToken: string;
  expiresAt: number;
}

/** What the app reads from the ID token: the user, and the tenant and role custom claims. */
export interface FirebaseClaims {
  uid: string;
  email: string;
  tenantId?: string;
  role?: string;
}

/** Options of {@link createFirebaseAuth}. */
export interface FirebaseAuthOptions {
  /** the project's Web API key */
  apiKey: string;
  /** the Auth emulator's origin, e.g. `http://127.0.0.1:9099` */
  authEmulatorUrl?: string;
  /** @default globalThis.fetch */
  fetch?: (url: string, init?: RequestInit) => Promise<Response>;
  /** where tokens survive a page reload; @default none (memory only) */
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  /** @default Date.now */
  now?: () => number;
}

/** A Firebase Auth session in the browser. */
export interface FirebaseAuth {
  /** Signs in with e-mail and password and keeps the tokens. */
  signIn(email: string, password: string): Promise<FirebaseClaims>;
  /** A valid ID token (refreshed when it expires within {@link REFRESH_MARGIN_MS}), or null when signed out. */
  idToken(): Promise<string | null>;
  /** The claims of the current ID token, or null. */
  claims(): FirebaseClaims | null;
  /** Forgets the tokens. */
  signOut(): void;
  /** Asks Firebase to e-mail a password reset link (answers the same whether or not the account exists). */
  sendPasswordReset(email: string): Promise<void>;
}

/** Refresh this long before the ID token expires (Firebase's SDK uses the same margin). */
export const REFRESH_MARGIN_MS = 5 * 60_000;

// refusals of the refresh token: the session is over, sign in again
const SESSION_OVER = new Set(['TOKEN_EXPIRED', 'USER_DISABLED', 'USER_NOT_FOUND', 'INVALID_REFRESH_TOKEN']);
const BAD_CREDENTIALS = new Set(['EMAIL_NOT_FOUND', 'INVALID_PASSWORD', 'INVALID_LOGIN_CREDENTIALS', 'INVALID_EMAIL']);

/** The claims of an ID token (its payload is read, not verified: the service verifies every token it gets). */
export function claimsOf(idToken: string): FirebaseClaims {
  const part = idToken.split('.')[1] ?? '';
  const base64 = part
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const p = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    uid: text(p.user_id) ?? text(p.sub) ?? '',
    email: text(p.email) ?? '',
    tenantId: text(p.tenantId),
    role: text(p.role),
  };
}

/** A Firebase Auth session on the REST API (identitytoolkit and securetoken, or the Auth emulator's copies). */
export function createFirebaseAuth(options: FirebaseAuthOptions): FirebaseAuth {
  const fetchFn = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const now = options.now ?? Date.now;
  const host = (name: string) =>
    options.authEmulatorUrl ? `${options.authEmulatorUrl.replace(/\/+$/, '')}/${name}` : `https://${name}`;
  const key = `ddex-distro:firebase:${options.apiKey}`;
  let tokens = restore();
  let refreshing: Promise<string | null> | null = null;

  function restore(): FirebaseTokens | null {
    try {
      const t = JSON.parse(options.storage?.getItem(key) ?? 'null') as FirebaseTokens | null;
      return t && typeof t.idToken === 'string' && typeof t.refreshToken === 'string' ? t : null;
    } catch {
      return null;
    }
  }
  function keep(next: FirebaseTokens | null): void {
    tokens = next;
    if (next) options.storage?.setItem(key, JSON.stringify(next));
    else options.storage?.removeItem(key);
  }

  async function post(url: string, body: string, type: string): Promise<Record<string, unknown>> {
    let response: Response;
    try {
      response = await fetchFn(`${url}?key=${encodeURIComponent(options.apiKey)}`, {
        method: 'POST',
        headers: { 'content-type': type },
        body,
      });
    } catch (cause) {
      throw new FirebaseAuthError('UNAVAILABLE', 'NETWORK', { cause });
    }
    const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (response.ok) return json;
    // "TOO_MANY_ATTEMPTS_TRY_LATER : detail" → TOO_MANY_ATTEMPTS_TRY_LATER
    const reason = String((json.error as { message?: unknown } | undefined)?.message ?? `HTTP_${response.status}`)
      .split(' ')[0]!
      .trim();
    const code: FirebaseAuthErrorCode = BAD_CREDENTIALS.has(reason)
      ? 'BAD_CREDENTIALS'
      : SESSION_OVER.has(reason)
        ? reason === 'USER_DISABLED'
          ? 'USER_DISABLED'
          : 'SESSION_EXPIRED'
        : reason.startsWith('TOO_MANY_ATTEMPTS')
          ? 'TOO_MANY_ATTEMPTS'
          : 'UNAVAILABLE';
    throw new FirebaseAuthError(code, reason);
  }
  const postJson = (url: string, body: unknown) => post(url, JSON.stringify(body), 'application/json');

  async function refresh(current: FirebaseTokens): Promise<string | null> {
    const body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: current.refreshToken });
    try {
      const r = await post(
        `${host('securetoken.googleapis.com')}/v1/token`,
        body.toString(),
        'application/x-www-form-urlencoded',
      );
      keep({
        idToken: String(r.id_token),
        refreshToken: String(r.refresh_token ?? current.refreshToken),
        expiresAt: now() + Number(r.expires_in ?? 3600) * 1000,
      });
      return tokens!.idToken;
    } catch (error) {
      // a refused refresh token ends the session; a network failure keeps the token while it is still valid
      if (error instanceof FirebaseAuthError && error.code !== 'UNAVAILABLE') {
        if (tokens === current) keep(null);
        return null;
      }
      if (now() < current.expiresAt) return current.idToken;
      throw error;
    }
  }

  return {
    async signIn(email, password) {
      const r = await postJson(`${host('identitytoolkit.googleapis.com')}/v1/accounts:signInWithPassword`, {
        email,
        password,
        returnSecureToken: true,
      });
      const next = {
        idToken: String(r.idToken),
        refreshToken: String(r.refreshToken),
        expiresAt: now() + Number(r.expiresIn ?? 3600) * 1000,
      };
      const claims = claimsOf(next.idToken);
      // the service refuses a token without both claims: say so here instead of at the first page
      if (!claims.tenantId || !claims.role) throw new FirebaseAuthError('NO_TENANT', 'NO_TENANT_CLAIMS');
      keep(next);
      return claims;
    },
    async idToken() {
      const current = tokens;
      if (!current) return null;
      if (now() < current.expiresAt - REFRESH_MARGIN_MS) return current.idToken;
      // one refresh at a time: concurrent API calls wait for the same new token
      refreshing ??= refresh(current).finally(() => {
        refreshing = null;
      });
      return refreshing;
    },
    claims: () => (tokens ? claimsOf(tokens.idToken) : null),
    signOut: () => keep(null),
    async sendPasswordReset(email) {
      await postJson(`${host('identitytoolkit.googleapis.com')}/v1/accounts:sendOobCode`, {
        requestType: 'PASSWORD_RESET',
        email,
      });
    },
  };
}
