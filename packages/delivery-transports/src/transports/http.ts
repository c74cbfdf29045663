import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { createRedactor, DeliveryError, type DeliveryErrorCode } from '../errors';
import { importLib } from '../internal/lib';
import { mapError } from '../internal/map-error';
import { basename } from '../paths';
import type { LibImport, RemoteEntry, RemoteStat, TransportFactory } from '../types';
import { createTokenSource, type HttpAuth, type TokenSource } from './http-auth';

export type { HttpAuth } from './http-auth';

/** Transport name of {@link http}. */
export const HTTP_TRANSPORT = 'http';

/** Optional peer dependencies of {@link http}. */
export const HTTP_DEPENDENCIES = ['undici'] as const;

/** A response as the transport reads it (undici `request`). */
export interface HttpResponseLike {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: { text(): Promise<string>; dump(): Promise<void>; arrayBuffer(): Promise<ArrayBuffer> };
}

/** The part of undici the transport uses. */
export interface UndiciModule {
  Agent: new (options: Record<string, unknown>) => { close(): Promise<void> };
  request(url: string, options: Record<string, unknown>): Promise<HttpResponseLike>;
}

/** Options of {@link http}. */
export interface HttpOptions {
  /** Base URL of the receiving API, e.g. `https://dsp.example/ddex/`. Required. */
  url: string;
  /** Authentication: Bearer token, Basic, or OAuth2 client credentials. Never logged. */
  auth?: HttpAuth;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
  /** Name of the multipart file field. @default 'file' */
  fileField?: string;
  /** Connect, headers and body timeout in ms. @default 60000 */
  timeout?: number;
  /** Inject undici (bundlers); by default it is imported on first connect. */
  lib?: LibImport<UndiciModule>;
}

/**
 * HTTP(S) API target via undici. Each file is one `multipart/form-data` POST to `<url>/files` with the fields `path`,
 * `size`, `sha256` (when known) and the file part; the receiver stores it atomically. `HEAD <url>/files/<path>`
 * answers stat (`Content-Length`, `X-Checksum-Sha256`, `X-Entry-Type: directory`), `GET <url>/files/<path>` reads a
 * file, `GET <url>/files/<dir>/` lists (JSON `[{ name, type, size }]`) and `DELETE` removes. Directories are implicit.
 * `getInstance()` returns the undici `Agent`.
 * @example http({ url: 'https://dsp.example/ddex/', auth: { type: 'oauth2', tokenUrl, clientId, clientSecret } })
 */
export const http: TransportFactory<HttpOptions, unknown> = (options) => {
  if (!options?.url) throw new DeliveryError('CONFIG', 'http() needs options.url', { transport: HTTP_TRANSPORT });
  const o = Object.freeze({ ...options });
  const auth = o.auth;
  const redact = createRedactor([
    auth?.type === 'bearer' ? auth.token : undefined,
    auth?.type === 'basic' ? auth.password : undefined,
    auth?.type === 'basic' ? `${auth.username}:${auth.password}` : undefined,
    auth?.type === 'oauth2' ? auth.clientSecret : undefined,
    auth?.type === 'oauth2' ? `${auth.clientId}:${auth.clientSecret}` : undefined,
  ]);
  const base = o.url.endsWith('/') ? o.url : `${o.url}/`;
  const fileUrl = (path: string) => `${base}files/${path.split('/').map(encodeURIComponent).join('/')}`;
  const timeout = o.timeout ?? 60_000;
  let undici: UndiciModule | undefined;
  let agent: { close(): Promise<void> } | undefined;
  let tokens: TokenSource | undefined;
  let tokenRedact = (s: string) => s;

  const fail = (error: unknown, op: string, path?: string, signal?: AbortSignal) =>
    mapError(HTTP_TRANSPORT, error, { redact: (s) => tokenRedact(redact(s)), op, path, signal });
  const connected = () => {
    if (!undici || !agent || !tokens)
      throw new DeliveryError('CONNECT', 'not connected', { transport: HTTP_TRANSPORT });
    return { u: undici, a: agent, t: tokens };
  };
  /** Sends a request with auth; a 401 with OAuth2 refreshes the token once. */
  const send = async (
    method: string,
    url: string,
    init: { headers?: Record<string, string>; body?: () => Readable; signal?: AbortSignal },
  ): Promise<HttpResponseLike> => {
    const { u, a, t } = connected();
    for (let round = 0; ; round++) {
      const authorization = await t.header(init.signal);
      const res = await u.request(url, {
        method,
        dispatcher: a,
        signal: init.signal,
        headers: { ...o.headers, ...init.headers, ...(authorization ? { authorization } : {}) },
        body: init.body?.(),
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
      if (res.statusCode === 401 && round === 0 && t.refreshable) {
        await res.body.dump();
        t.invalidate();
        // a streamed body is gone: let the runtime send the file again with the new token
        if (init.body) {
          throw new DeliveryError('AUTH', 'OAuth2 token expired or revoked', {
            transport: HTTP_TRANSPORT,
            retryable: true,
          });
        }
        continue;
      }
      return res;
    }
  };
  const check = async (res: HttpResponseLike, op: string, path: string, ok: number[] = []) => {
    if ((res.statusCode >= 200 && res.statusCode < 300) || ok.includes(res.statusCode)) return;
    const text = (await res.body.text().catch(() => '')).slice(0, 200);
    throw new DeliveryError(
      statusCode(res.statusCode),
      `${op} ${path}: HTTP ${res.statusCode} ${tokenRedact(redact(text))}`,
      {
        transport: HTTP_TRANSPORT,
        path,
      },
    );
  };
  const statOf = async (path: string, signal?: AbortSignal): Promise<RemoteStat | undefined> => {
    if (!path) return { type: 'directory', size: 0 };
    const res = await send('HEAD', fileUrl(path), { signal });
    await res.body.dump();
    if (res.statusCode === 404) return undefined;
    await check(res, 'stat', path);
    if (header(res, 'x-entry-type') === 'directory') return { type: 'directory', size: 0 };
    const sha256 = header(res, 'x-checksum-sha256');
    const st: RemoteStat = { type: 'file', size: Number(header(res, 'content-length') ?? 0) };
    return sha256 ? { ...st, sha256 } : st;
  };

  return {
    name: HTTP_TRANSPORT,
    capabilities: {
      atomicPut: true,
      atomicRename: false,
      resume: false,
      list: true,
      checksum: 'sha256',
      concurrent: true,
    },
    getInstance: () => connected().a,
    async connect(co) {
      const u = await importLib(HTTP_TRANSPORT, 'undici', o.lib, () => import('undici') as Promise<UndiciModule>);
      const a = new u.Agent({ connect: { timeout }, keepAliveTimeout: 10_000 });
      const t = createTokenSource(auth, u, a, timeout);
      try {
        await t.header(co?.signal);
      } catch (e) {
        await a.close().catch(() => undefined);
        throw fail(e, 'connect', undefined, co?.signal);
      }
      tokenRedact = t.redact;
      undici = u;
      agent = a;
      tokens = t;
    },
    async put(path, body, po) {
      try {
        const boundary = `----ddex-${randomBytes(12).toString('hex')}`;
        const fields: [string, string][] = [
          ['path', path],
          ['size', String(body.size)],
        ];
        if (body.sha256) fields.push(['sha256', body.sha256]);
        if (body.md5) fields.push(['md5', body.md5]);
        const head = fields
          .map(([k, v]) => `--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
          .join('');
        const fileHead =
          `--${boundary}\r\ncontent-disposition: form-data; name="${o.fileField ?? 'file'}"; ` +
          `filename="${basename(path).replace(/["\r\n]/g, '_')}"\r\ncontent-type: ${contentType(path)}\r\n\r\n`;
        const tail = `\r\n--${boundary}--\r\n`;
        const length = Buffer.byteLength(head + fileHead + tail) + body.size;
        const res = await send('POST', `${base}files`, {
          signal: po?.signal,
          headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(length) },
          body: () => {
            const file = body.open();
            return Readable.from(
              (async function* () {
                yield Buffer.from(head + fileHead);
                for await (const chunk of file) yield chunk as Buffer;
                yield Buffer.from(tail);
              })(),
            );
          },
        });
        await check(res, 'put', path);
        await res.body.dump();
      } catch (e) {
        throw fail(e, 'put', path, po?.signal);
      }
    },
    async exists(path, eo) {
      try {
        return (await statOf(path, eo?.signal)) !== undefined;
      } catch (e) {
        throw fail(e, 'exists', path, eo?.signal);
      }
    },
    async stat(path, so) {
      try {
        return await statOf(path, so?.signal);
      } catch (e) {
        throw fail(e, 'stat', path, so?.signal);
      }
    },
    async mkdir() {
      connected();
    },
    async list(path, lo) {
      try {
        const res = await send('GET', `${fileUrl(path)}${path ? '/' : ''}`, { signal: lo?.signal });
        if (res.statusCode === 404) {
          await res.body.dump();
          return [];
        }
        await check(res, 'list', path);
        const entries = JSON.parse(await res.body.text()) as RemoteEntry[];
        if (!Array.isArray(entries))
          throw new DeliveryError('PROTOCOL', 'list: expected a JSON array', { transport: HTTP_TRANSPORT });
        return entries.map((e) => ({ name: String(e.name), type: e.type, size: Number(e.size ?? 0) }));
      } catch (e) {
        throw fail(e, 'list', path, lo?.signal);
      }
    },
    async read(path, ro) {
      try {
        const res = await send('GET', fileUrl(path), { signal: ro?.signal });
        await check(res, 'read', path);
        return new Uint8Array(await res.body.arrayBuffer());
      } catch (e) {
        throw fail(e, 'read', path, ro?.signal);
      }
    },
    async remove(path, ro) {
      try {
        const res = await send('DELETE', fileUrl(path), { signal: ro?.signal });
        await check(res, 'remove', path, [404]);
        await res.body.dump();
      } catch (e) {
        throw fail(e, 'remove', path, ro?.signal);
      }
    },
    async dispose() {
      const a = agent;
      agent = undefined;
      tokens = undefined;
      await a?.close().catch(() => undefined);
    },
  };
};

// --- Internal helpers ---

function header(res: HttpResponseLike, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function statusCode(status: number): DeliveryErrorCode {
  if (status === 401) return 'AUTH';
  if (status === 403) return 'PERMISSION';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'EXISTS';
  if (status === 408) return 'TIMEOUT';
  if (status === 413 || status === 507) return 'QUOTA';
  if (status === 422) return 'INTEGRITY';
  if (status === 429 || status >= 500) return 'SERVER';
  return 'PROTOCOL';
}

const TYPES: Record<string, string> = {
  xml: 'application/xml',
  flac: 'audio/flac',
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
};

function contentType(path: string): string {
  return TYPES[path.slice(path.lastIndexOf('.') + 1).toLowerCase()] ?? 'application/octet-stream';
}
