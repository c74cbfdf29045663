import { createRedactor, DeliveryError, type Redactor } from '../errors';
import type { UndiciModule } from './http';

/** Authentication of the {@link http} transport. */
export type HttpAuth =
  /** `Authorization: Bearer <token>`. */
  | { type: 'bearer'; token: string }
  /** `Authorization: Basic base64(username:password)`. */
  | { type: 'basic'; username: string; password: string }
  /**
   * OAuth2 client credentials (RFC 6749 §4.4): a token from `tokenUrl`, cached until shortly before it expires and
   * fetched again after a 401.
   */
  | {
      type: 'oauth2';
      /** Token endpoint. */
      tokenUrl: string;
      /** Client id. */
      clientId: string;
      /** Client secret. Never logged. */
      clientSecret: string;
      /** Space-separated scopes. */
      scope?: string;
      /** Audience, for servers that need one. */
      audience?: string;
      /** Send the client credentials as HTTP Basic (`basic`, RFC 6749 §2.3.1) or as form fields (`body`). @default 'basic' */
      clientAuth?: 'basic' | 'body';
    };

/** Produces the `Authorization` header value. */
export interface TokenSource {
  header(signal?: AbortSignal): Promise<string | undefined>;
  /** Forget a cached token (after a 401). */
  invalidate(): void;
  /** Whether `invalidate` can produce a different token. */
  readonly refreshable: boolean;
  /** Removes fetched tokens from text. */
  readonly redact: Redactor;
}

/** Builds the token source of an {@link HttpAuth}. */
export function createTokenSource(
  auth: HttpAuth | undefined,
  undici: UndiciModule,
  dispatcher: unknown,
  timeout: number,
): TokenSource {
  if (!auth) return { header: async () => undefined, invalidate() {}, refreshable: false, redact: (s) => s };
  if (auth.type === 'bearer') {
    return { header: async () => `Bearer ${auth.token}`, invalidate() {}, refreshable: false, redact: (s) => s };
  }
  if (auth.type === 'basic') {
    const value = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
    return { header: async () => value, invalidate() {}, refreshable: false, redact: (s) => s };
  }
  let cached: { token: string; expires: number } | undefined;
  let pending: Promise<string> | undefined;
  let seen: string[] = [];
  const source: TokenSource = {
    refreshable: true,
    redact: (s) => createRedactor(seen)(s),
    invalidate() {
      cached = undefined;
    },
    async header(signal) {
      if (cached && cached.expires > Date.now()) return `Bearer ${cached.token}`;
      pending ??= fetchToken(signal).finally(() => {
        pending = undefined;
      });
      return `Bearer ${await pending}`;
    },
  };
  const fetchToken = async (signal?: AbortSignal): Promise<string> => {
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (auth.scope) form.set('scope', auth.scope);
    if (auth.audience) form.set('audience', auth.audience);
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    if ((auth.clientAuth ?? 'basic') === 'basic') {
      const id = `${encodeURIComponent(auth.clientId)}:${encodeURIComponent(auth.clientSecret)}`;
      headers.authorization = `Basic ${Buffer.from(id).toString('base64')}`;
    } else {
      form.set('client_id', auth.clientId);
      form.set('client_secret', auth.clientSecret);
    }
    const res = await undici.request(auth.tokenUrl, {
      method: 'POST',
      dispatcher,
      signal,
      headers,
      body: form.toString(),
      headersTimeout: timeout,
      bodyTimeout: timeout,
    });
    const text = await res.body.text();
    if (res.statusCode === 400 || res.statusCode === 401 || res.statusCode === 403) {
      throw new DeliveryError('AUTH', `OAuth2 token request refused: HTTP ${res.statusCode}`, { transport: 'http' });
    }
    if (res.statusCode < 200 || res.statusCode >= 300) {
      throw new DeliveryError('SERVER', `OAuth2 token endpoint answered HTTP ${res.statusCode}`, { transport: 'http' });
    }
    let body: { access_token?: unknown; expires_in?: unknown };
    try {
      body = JSON.parse(text);
    } catch {
      throw new DeliveryError('PROTOCOL', 'OAuth2 token response is not JSON', { transport: 'http' });
    }
    if (typeof body.access_token !== 'string' || !body.access_token) {
      throw new DeliveryError('PROTOCOL', 'OAuth2 token response has no access_token', { transport: 'http' });
    }
    const lifetime = typeof body.expires_in === 'number' ? body.expires_in : 3600;
    cached = { token: body.access_token, expires: Date.now() + Math.max(0, lifetime - 30) * 1000 };
    seen = [...seen.slice(-4), body.access_token];
    return body.access_token;
  };
  return source;
}
