import { createHash } from 'node:crypto';
import { pipeline, Transform, type TransformCallback } from 'node:stream';
import { createRedactor, DeliveryError, type DeliveryErrorCode } from '../errors';
import { importLib } from '../internal/lib';
import { onAbort } from '../internal/lock';
import { mapError } from '../internal/map-error';
import type { LibImport, RemoteEntry, RemoteStat, TransportFactory } from '../types';

/** Transport name of {@link s3}. */
export const S3_TRANSPORT = 's3';

/** Optional peer dependencies of {@link s3}. */
export const S3_DEPENDENCIES = ['@aws-sdk/client-s3', '@aws-sdk/lib-storage'] as const;

/** The part of `S3Client` the transport uses. */
export interface S3ClientLike {
  // biome-ignore lint/suspicious/noExplicitAny: command outputs are read field by field below
  send(command: unknown, options?: { abortSignal?: AbortSignal }): Promise<any>;
  destroy(): void;
}

/** An AWS SDK v3 command class, e.g. PutObjectCommand. */
export type S3CommandConstructor = new (input: Record<string, unknown>) => unknown;

/** The part of `@aws-sdk/client-s3` the transport uses. */
export interface S3Module {
  S3Client: new (config: Record<string, unknown>) => S3ClientLike;
  PutObjectCommand: S3CommandConstructor;
  HeadObjectCommand: S3CommandConstructor;
  ListObjectsV2Command: S3CommandConstructor;
  DeleteObjectCommand: S3CommandConstructor;
  GetObjectCommand: S3CommandConstructor;
}

/** The part of `@aws-sdk/lib-storage` the transport uses. */
export interface LibStorageModule {
  Upload: new (options: {
    client: S3ClientLike;
    params: Record<string, unknown>;
    partSize?: number;
    queueSize?: number;
    leavePartsOnError?: boolean;
  }) => { done(): Promise<unknown>; abort(): Promise<void> };
}

/** Options of {@link s3}. */
export interface S3Options {
  /** Bucket name. Required. */
  bucket: string;
  /** Key prefix the paths are relative to (`releases/` or `releases`). @default '' */
  prefix?: string;
  /** Region. @default 'us-east-1' */
  region?: string;
  /** Endpoint of an S3-compatible server (Ceph radosgw, MinIO, ...). @default AWS */
  endpoint?: string;
  /** Path-style URLs (`endpoint/bucket/key`), needed by most S3-compatible servers. @default true when `endpoint` is set */
  forcePathStyle?: boolean;
  /** Static credentials; without them the SDK's default chain (env, profile, instance role) applies. Never logged. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Files at least this big go up as multipart uploads. @default partSize */
  multipartThreshold?: number;
  /** Part size of multipart uploads in bytes (≥ 5 MiB). @default 8 MiB */
  partSize?: number;
  /** Parts uploaded in parallel. @default 4 */
  queueSize?: number;
  /**
   * SDK checksum mode. `WHEN_REQUIRED` keeps uploads compatible with S3 servers that predate the 2025 flexible
   * checksums; integrity is checked with Content-MD5 and ETags instead. @default 'WHEN_REQUIRED'
   */
  checksumMode?: 'WHEN_SUPPORTED' | 'WHEN_REQUIRED';
  /** Request timeout in ms. @default 60000 */
  requestTimeout?: number;
  /** Inject the SDK modules (bundlers); by default they are imported on first use. */
  lib?: { s3?: LibImport<S3Module>; storage?: LibImport<LibStorageModule> };
}

/**
 * Amazon S3 and S3-compatible stores via @aws-sdk/client-s3 (+ lib-storage for multipart). An object appears only
 * when its upload completes (`atomicPut`), so no temporary name is used. A single-part object's ETag is the MD5 the
 * server computed (`checksum: 'md5'`, compared by the runtime); multipart uploads compare the server's ETag with the
 * one computed from the parts.
 * Directories are implicit. The SDK's own retries are off: the runtime retries. `getInstance()` returns the S3Client.
 * @example s3({ bucket: 'dsp-inbox', prefix: 'label-x/', region: 'eu-west-1', credentials })
 */
export const s3: TransportFactory<S3Options, S3ClientLike> = (options) => {
  if (!options?.bucket) throw new DeliveryError('CONFIG', 's3() needs options.bucket', { transport: S3_TRANSPORT });
  const o = Object.freeze({ ...options });
  const redact = createRedactor([o.credentials?.secretAccessKey, o.credentials?.sessionToken]);
  const prefix = (o.prefix ?? '').replace(/^\/+|\/+$/g, '');
  const key = (path: string) => [prefix, path].filter(Boolean).join('/');
  const partSize = o.partSize ?? 8 * 1024 * 1024;
  const threshold = o.multipartThreshold ?? partSize;
  let lib: S3Module | undefined;
  let client: S3ClientLike | undefined;

  const fail = (error: unknown, op: string, path?: string, signal?: AbortSignal) =>
    mapError(S3_TRANSPORT, error, { redact, op, path, signal, classify });
  const connected = () => {
    if (!client || !lib) throw new DeliveryError('CONNECT', 'not connected', { transport: S3_TRANSPORT });
    return { c: client, m: lib };
  };
  const head = async (path: string, signal?: AbortSignal) => {
    const { c, m } = connected();
    try {
      return await c.send(new m.HeadObjectCommand({ Bucket: o.bucket, Key: key(path) }), { abortSignal: signal });
    } catch (e) {
      if (classify(e) === 'NOT_FOUND') return undefined;
      throw e;
    }
  };
  const listPage = async (path: string, token: string | undefined, max: number, signal?: AbortSignal) => {
    const { c, m } = connected();
    const dir = key(path);
    return c.send(
      new m.ListObjectsV2Command({
        Bucket: o.bucket,
        Prefix: dir ? `${dir}/` : '',
        Delimiter: '/',
        MaxKeys: max,
        ContinuationToken: token,
      }),
      { abortSignal: signal },
    );
  };
  const statOf = async (path: string, signal?: AbortSignal): Promise<RemoteStat | undefined> => {
    if (!path) return { type: 'directory', size: 0 };
    const h = await head(path, signal);
    if (h) {
      const etag = String(h.ETag ?? '').replace(/"/g, '');
      const st: RemoteStat = { type: 'file', size: Number(h.ContentLength ?? 0), modifiedAt: h.LastModified };
      return /^[0-9a-f]{32}$/.test(etag) ? { ...st, md5: etag } : st;
    }
    const page = await listPage(path, undefined, 1, signal);
    return (page.KeyCount ?? 0) > 0 || (page.CommonPrefixes?.length ?? 0) > 0
      ? { type: 'directory', size: 0 }
      : undefined;
  };

  return {
    name: S3_TRANSPORT,
    capabilities: {
      atomicPut: true,
      atomicRename: false,
      resume: false,
      list: true,
      checksum: 'md5',
      concurrent: true,
    },
    getInstance: () => connected().c,
    async connect(co) {
      const m = await importLib(
        S3_TRANSPORT,
        '@aws-sdk/client-s3',
        o.lib?.s3,
        () => import('@aws-sdk/client-s3') as unknown as Promise<S3Module>,
      );
      const c = new m.S3Client({
        region: o.region ?? 'us-east-1',
        endpoint: o.endpoint,
        forcePathStyle: o.forcePathStyle ?? o.endpoint !== undefined,
        credentials: o.credentials,
        maxAttempts: 1,
        requestChecksumCalculation: o.checksumMode ?? 'WHEN_REQUIRED',
        responseChecksumValidation: o.checksumMode ?? 'WHEN_REQUIRED',
        // a logger of our own: with the SDK's no-op logger, some failures are reported with console.warn
        logger: SILENT_LOGGER,
        requestHandler: { requestTimeout: o.requestTimeout ?? 60_000, connectionTimeout: 10_000 },
      });
      try {
        // a GET, not HeadBucket: a HEAD error has no body, so a bad signature would read as a bare 403
        const probe = { Bucket: o.bucket, Prefix: prefix ? `${prefix}/` : '', MaxKeys: 1 };
        await c.send(new m.ListObjectsV2Command(probe), { abortSignal: co?.signal });
      } catch (e) {
        c.destroy();
        throw fail(e, `connect to bucket ${o.bucket}`, undefined, co?.signal);
      }
      lib = m;
      client = c;
    },
    async put(path, body, po) {
      const { c, m } = connected();
      const Key = key(path);
      // the SDK pipes the body without watching it: a failing source must abort the request itself
      const source = body.open();
      const stop = new AbortController();
      let sourceError: unknown;
      source.once('error', (e) => {
        sourceError = e;
        stop.abort(e);
      });
      const abortSignal = po?.signal ? AbortSignal.any([po.signal, stop.signal]) : stop.signal;
      try {
        if (body.size < threshold) {
          await c.send(new m.PutObjectCommand({ Bucket: o.bucket, Key, Body: source, ContentLength: body.size }), {
            abortSignal,
          });
          return;
        }
        const storage = await importLib(
          S3_TRANSPORT,
          '@aws-sdk/lib-storage',
          o.lib?.storage,
          () => import('@aws-sdk/lib-storage') as unknown as Promise<LibStorageModule>,
        );
        const parts = new PartHasher(partSize);
        const upload = new storage.Upload({
          client: c,
          params: { Bucket: o.bucket, Key, Body: pipeline(source, parts, () => undefined), ContentLength: body.size },
          partSize,
          queueSize: o.queueSize ?? 4,
          leavePartsOnError: false,
        });
        const off = onAbort(abortSignal, () => void upload.abort().catch(() => undefined));
        try {
          await upload.done();
        } finally {
          off();
        }
        // one part goes up as a plain PUT: its ETag is the MD5, which the runtime compares
        const etag = String((await head(path, po?.signal))?.ETag ?? '').replace(/"/g, '');
        if (etag.includes('-') && etag !== parts.etag()) {
          throw new DeliveryError(
            'INTEGRITY',
            `${path}: server ETag ${etag}, ${parts.etag()} computed from the parts`,
            {
              transport: S3_TRANSPORT,
              path,
              retryable: true,
            },
          );
        }
      } catch (e) {
        throw fail(sourceError ?? e, 'put', path, po?.signal);
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
      const out: RemoteEntry[] = [];
      const dir = key(path);
      const cut = dir ? dir.length + 1 : 0;
      try {
        let token: string | undefined;
        do {
          const page = await listPage(path, token, 1000, lo?.signal);
          for (const p of page.CommonPrefixes ?? []) {
            out.push({ name: String(p.Prefix).slice(cut).replace(/\/$/, ''), type: 'directory', size: 0 });
          }
          for (const obj of page.Contents ?? []) {
            const etag = String(obj.ETag ?? '').replace(/"/g, '');
            const entry: RemoteEntry = {
              name: String(obj.Key).slice(cut),
              type: 'file',
              size: Number(obj.Size ?? 0),
              modifiedAt: obj.LastModified,
            };
            out.push(/^[0-9a-f]{32}$/.test(etag) ? { ...entry, md5: etag } : entry);
          }
          token = page.IsTruncated ? page.NextContinuationToken : undefined;
        } while (token);
        return out;
      } catch (e) {
        throw fail(e, 'list', path, lo?.signal);
      }
    },
    async read(path, ro) {
      const { c, m } = connected();
      try {
        const out = await c.send(new m.GetObjectCommand({ Bucket: o.bucket, Key: key(path) }), {
          abortSignal: ro?.signal,
        });
        return await out.Body.transformToByteArray();
      } catch (e) {
        throw fail(e, 'read', path, ro?.signal);
      }
    },
    async remove(path, ro) {
      const { c, m } = connected();
      try {
        await c.send(new m.DeleteObjectCommand({ Bucket: o.bucket, Key: key(path) }), { abortSignal: ro?.signal });
      } catch (e) {
        if (classify(e) !== 'NOT_FOUND') throw fail(e, 'remove', path, ro?.signal);
      }
    },
    async dispose() {
      client?.destroy();
      client = undefined;
    },
  };
};

// --- Internal helpers ---

const noop = () => undefined;
const SILENT_LOGGER = { trace: noop, debug: noop, info: noop, warn: noop, error: noop };

/** Computes the multipart ETag (MD5 of the parts' MD5s, `-N`) while the bytes pass through. */
class PartHasher extends Transform {
  readonly #digests: Buffer[] = [];
  #hash = createHash('md5');
  #inPart = 0;
  constructor(readonly partSize: number) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    let rest = chunk;
    while (rest.length > 0) {
      const n = Math.min(rest.length, this.partSize - this.#inPart);
      this.#hash.update(rest.subarray(0, n));
      this.#inPart += n;
      rest = rest.subarray(n);
      if (this.#inPart === this.partSize) this.#endPart();
    }
    callback(null, chunk);
  }
  #endPart() {
    this.#digests.push(this.#hash.digest());
    this.#hash = createHash('md5');
    this.#inPart = 0;
  }
  etag(): string {
    if (this.#inPart > 0) this.#endPart();
    return `${createHash('md5').update(Buffer.concat(this.#digests)).digest('hex')}-${this.#digests.length}`;
  }
}

const S3_ERRORS: Record<string, DeliveryErrorCode> = {
  NoSuchKey: 'NOT_FOUND',
  NotFound: 'NOT_FOUND',
  NoSuchBucket: 'NOT_FOUND',
  AccessDenied: 'PERMISSION',
  Forbidden: 'PERMISSION',
  AllAccessDisabled: 'PERMISSION',
  InvalidAccessKeyId: 'AUTH',
  SignatureDoesNotMatch: 'AUTH',
  InvalidToken: 'AUTH',
  ExpiredToken: 'AUTH',
  QuotaExceeded: 'QUOTA',
  EntityTooLarge: 'QUOTA',
  BadDigest: 'INTEGRITY',
  InvalidDigest: 'INTEGRITY',
  RequestTimeout: 'TIMEOUT',
  TimeoutError: 'TIMEOUT',
  SlowDown: 'SERVER',
  ServiceUnavailable: 'SERVER',
  InternalError: 'SERVER',
};

function classify(error: unknown): DeliveryErrorCode | undefined {
  const e = error as { name?: unknown; Code?: unknown; $metadata?: { httpStatusCode?: number } };
  const byName = S3_ERRORS[String(e?.name ?? '')] ?? S3_ERRORS[String(e?.Code ?? '')];
  if (byName) return byName;
  const status = e?.$metadata?.httpStatusCode;
  if (status === 404) return 'NOT_FOUND';
  if (status === 401) return 'AUTH';
  if (status === 403) return 'PERMISSION';
  if (status === 429 || (status !== undefined && status >= 500)) return 'SERVER';
  return undefined;
}
