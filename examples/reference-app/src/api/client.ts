import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';
import type { ApiIssue } from './types';

/** An API failure: the service's error code, message and field issues, the HTTP status and the request id. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: readonly ApiIssue[] = [],
    /** the response's X-Request-Id, to quote when reporting the problem */
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;
let bearer: (() => Promise<string | null>) | null = null;

/** Remembers the CSRF token of the session; every cookie-authenticated write sends it as `x-csrf-token`. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/**
 * Signs every request with `Authorization: Bearer <token>` from `provider` (Firebase mode), or, with null, with the
 * session cookie and CSRF token (the default).
 */
export function setBearerProvider(provider: (() => Promise<string | null>) | null): void {
  bearer = provider;
}

/** Headers a raw (non-JSON) write needs: the bearer token, or the session's CSRF token. */
export async function writeHeaders(): Promise<Record<string, string>> {
  const token = bearer ? await bearer() : null;
  if (token) return { authorization: `Bearer ${token}` };
  return csrfToken ? { 'x-csrf-token': csrfToken } : {};
}

/** Called when the API answers 401 on anything but the session probe (the session expired). */
export function onSessionLost(handler: () => void): void {
  onUnauthenticated = handler;
}

const session: Middleware = {
  async onRequest({ request }) {
    const token = bearer ? await bearer() : null;
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    else if (request.method !== 'GET' && request.method !== 'HEAD' && csrfToken) {
      request.headers.set('x-csrf-token', csrfToken);
    }
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && !request.url.includes('/api/auth/')) onUnauthenticated?.();
    return response;
  },
};

/** The typed client: same-origin requests with the session cookie; errors thrown as {@link ApiError}. */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(session);

/**
 * Awaits an `api.GET/POST/...` call and returns its body typed as `T` (the document leaves responses untyped), or
 * throws an {@link ApiError} built from the error body.
 */
export async function unwrap<T>(call: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw apiError(response, error);
  return data as T;
}

/** A raw call for routes not in the OpenAPI document yet (auth), with the same error handling. */
export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const token = bearer ? await bearer() : null;
  if (token) headers.authorization = `Bearer ${token}`;
  else if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    if (response.status === 401 && !path.startsWith('/api/auth/')) onUnauthenticated?.();
    throw apiError(response, json);
  }
  return json as T;
}

/** The {@link ApiError} of a failed response and its parsed body (the request id from the body or the header). */
export function apiError(response: Response, body: unknown): ApiError {
  const e = (body as { error?: { code?: string; message?: string; issues?: ApiIssue[]; requestId?: string } })?.error;
  return new ApiError(
    response.status,
    e?.code ?? `HTTP_${response.status}`,
    e?.message ?? '',
    e?.issues,
    e?.requestId ?? response.headers.get('x-request-id') ?? undefined,
  );
}

/**
 * Downloads a GET response as a file with the request's authentication (a plain link would lack the bearer token
 * in Firebase mode); the name comes from Content-Disposition, else `fallback`.
 */
export async function download(path: string, fallback: string): Promise<void> {
  const token = bearer ? await bearer() : null;
  const response = await fetch(path, {
    credentials: 'same-origin',
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (!response.ok) throw apiError(response, await response.json().catch(() => undefined));
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? fallback;
  const url = URL.createObjectURL(await response.blob());
  Object.assign(document.createElement('a'), { href: url, download: name }).click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
