import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import {
  type AssetInfo,
  type AssetStore,
  assertTenantId,
  CatalogStoreError,
  type Clock,
  checkExpected,
  decodeKeyCursor,
  encodeKeyCursor,
  hashWhileStreaming,
  invalidArgument,
  NotFoundError,
  normalizeAssetKey,
  normalizeAssetPrefix,
  pageSize,
} from '@ddex/catalog-store';
import { copyObject, decodeHead, encodeMetadata, isNotFound } from './s3-objects';

const MiB = 1024 * 1024;
const ERR = { store: 's3' };

/** Options of {@link s3AssetStore}. Give `client`, or the connection fields to build one. */
export interface S3AssetStoreOptions {
  /** an S3 client to use; `close()` leaves it alone */
  client?: S3Client;
  /** endpoint of an S3-compatible server, e.g. `http://127.0.0.1:7480` (Ceph radosgw); AWS when omitted */
  endpoint?: string;
  /**
   * Region of the client the store builds.
   * @default process.env.AWS_REGION ?? 'us-east-1'
   */
  region?: string;
  /** credentials of the client the store builds; the SDK's default chain (env, profile, role) when omitted */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /**
   * Path-style URLs (`endpoint/bucket/key`), which most S3-compatible servers need.
   * @default true when `endpoint` is given
   */
  forcePathStyle?: boolean;
  /** the bucket (must exist) */
  bucket: string;
  /** key prefix of everything the store writes, e.g. `catalog/`; objects are `<prefix><tenant>/<key>` */
  prefix?: string;
  /**
   * Part size of multipart uploads; bodies larger than one part upload as several parts in parallel.
   * @default 8 MiB (at least 5 MiB)
   */
  partSize?: number;
  /**
   * Parts uploaded at once.
   * @default 4
   */
  queueSize?: number;
  /**
   * Objects larger than this are committed with a multipart copy (a single CopyObject stops at 5 GiB).
   * @default 5 GiB
   */
  multipartCopyThreshold?: number;
  /**
   * Time source of `createdAt`.
   * @default Date.now
   */
  clock?: Clock;
}

/** The S3 asset store: `AssetStore` plus an escape hatch to the client. */
export interface S3AssetStore extends AssetStore {
  /** The S3 client the store uses. */
  getClient(): S3Client;
  /** Marks the store closed and destroys the client if the store built it; idempotent. */
  close(): Promise<void>;
}

/**
 * Files in an S3 bucket (AWS, Ceph radosgw, MinIO, ...), usable with any catalog store. A put streams the body into a
 * multipart upload under a temporary key while computing size, MD5 and SHA-256, checks the announced digests, then
 * commits it with a server-side copy to `<prefix><tenant>/<key>` carrying the digests as metadata: readers see the old
 * object or the new one, never a part, and a failed, aborted or mismatching upload leaves nothing under the final key.
 * Temporary objects live under `<prefix>.ddex-tmp/` (a crash can leave some: expire them with a lifecycle rule).
 *
 * @example
 * const assets = s3AssetStore({ bucket: 'ddex-assets', prefix: 'catalog/' });
 * const info = await assets.put('label-1', 'rel-1/01.flac', createReadStream('01.flac'));
 * const url = await assets.signedUrl!('label-1', 'rel-1/01.flac', { expiresIn: 900 });
 */
export function s3AssetStore(options: S3AssetStoreOptions): S3AssetStore {
  if (!options || typeof options.bucket !== 'string' || options.bucket === '')
    throw invalidArgument('s3AssetStore needs a bucket', ERR);
  const ownClient = options.client === undefined;
  const client =
    options.client ??
    new S3Client({
      region: options.region ?? process.env.AWS_REGION ?? 'us-east-1',
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
      ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
      forcePathStyle: options.forcePathStyle ?? options.endpoint !== undefined,
    });
  const Bucket = options.bucket;
  const root = options.prefix ? `${normalizeAssetKey(options.prefix)}/` : '';
  const partSize = Math.max(5 * MiB, options.partSize ?? 8 * MiB);
  const clock = options.clock ?? Date.now;
  let closed = false;

  const check = (tenantId: string) => {
    if (closed) throw new CatalogStoreError('CLOSED', 'asset store is closed', ERR);
    assertTenantId(tenantId);
  };
  const objectKey = (tenantId: string, key: string) => `${root}${tenantId}/${key}`;
  const head = async (tenantId: string, key: string): Promise<AssetInfo | null> => {
    try {
      const res = await client.send(new HeadObjectCommand({ Bucket, Key: objectKey(tenantId, key) }));
      return decodeHead(tenantId, key, res);
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  };
  const deleteQuietly = (Key: string) => client.send(new DeleteObjectCommand({ Bucket, Key })).catch(() => undefined);

  return {
    name: 's3',
    capabilities: { signedUrls: true },
    getClient: () => client,

    async put(tenantId, key, body, putOptions = {}) {
      check(tenantId);
      const k = normalizeAssetKey(key);
      const contentType = putOptions.contentType ?? 'application/octet-stream';
      const tmpKey = `${root}.ddex-tmp/${randomUUID()}`;
      const pass = new PassThrough();
      const upload = new Upload({
        client,
        params: { Bucket, Key: tmpKey, Body: pass, ContentType: contentType },
        partSize,
        queueSize: options.queueSize ?? 4,
        leavePartsOnError: false,
      });
      const done = upload.done();
      done.catch(() => undefined); // observed below; this only keeps an early failure from going unhandled
      try {
        const digest = await hashWhileStreaming(
          body,
          async (chunk) => {
            if (!pass.write(chunk)) await Promise.race([once(pass, 'drain'), done]);
          },
          putOptions.signal,
        );
        pass.end();
        await done;
        checkExpected(digest, putOptions, k);
        const info: AssetInfo = {
          tenantId,
          key: k,
          ...digest,
          contentType,
          createdAt: new Date(clock()).toISOString(),
          metadata: { ...(putOptions.metadata ?? {}) },
        };
        await copyObject(client, {
          bucket: Bucket,
          from: tmpKey,
          to: objectKey(tenantId, k),
          size: digest.size,
          contentType,
          metadata: encodeMetadata(info),
          multipartThreshold: options.multipartCopyThreshold ?? 5 * 1024 * MiB,
          partSize: Math.max(partSize, 64 * MiB),
        });
        return info;
      } catch (error) {
        pass.destroy();
        await upload.abort().catch(() => undefined);
        await done.catch(() => undefined);
        throw error;
      } finally {
        await deleteQuietly(tmpKey);
      }
    },

    async get(tenantId, key, getOptions) {
      check(tenantId);
      const k = normalizeAssetKey(key);
      try {
        const res = await client.send(new GetObjectCommand({ Bucket, Key: objectKey(tenantId, k) }), {
          abortSignal: getOptions?.signal,
        });
        return res.Body as Readable;
      } catch (error) {
        if (isNotFound(error)) throw new NotFoundError('asset', k, { ...ERR, cause: error });
        throw error;
      }
    },

    async stat(tenantId, key) {
      check(tenantId);
      return head(tenantId, normalizeAssetKey(key));
    },

    async delete(tenantId, key) {
      check(tenantId);
      const k = normalizeAssetKey(key);
      if ((await head(tenantId, k)) === null) return false;
      await client.send(new DeleteObjectCommand({ Bucket, Key: objectKey(tenantId, k) }));
      return true;
    },

    async list(tenantId, listOptions = {}) {
      check(tenantId);
      const prefix = normalizeAssetPrefix(listOptions.prefix);
      const after = decodeKeyCursor(listOptions.cursor);
      const limit = pageSize(listOptions.limit);
      const tenantRoot = objectKey(tenantId, '');
      const res = await client.send(
        new ListObjectsV2Command({
          Bucket,
          Prefix: tenantRoot + prefix,
          MaxKeys: limit + 1,
          ...(after === null ? {} : { StartAfter: tenantRoot + after }),
        }),
      );
      const keys = (res.Contents ?? []).map((o) => (o.Key ?? '').slice(tenantRoot.length));
      const infos = await mapLimit(keys.slice(0, limit), 16, (k) => head(tenantId, k));
      const items = infos.filter((i): i is AssetInfo => i !== null);
      const last = keys[Math.min(limit, keys.length) - 1];
      return { items, nextCursor: keys.length > limit && last !== undefined ? encodeKeyCursor(last) : null };
    },

    async signedUrl(tenantId, key, urlOptions) {
      check(tenantId);
      const k = normalizeAssetKey(key);
      const expiresIn = urlOptions?.expiresIn;
      if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > 604_800)
        throw invalidArgument('expiresIn must be 1..604800 seconds', ERR);
      const Key = objectKey(tenantId, k);
      const command =
        (urlOptions.method ?? 'GET') === 'PUT'
          ? new PutObjectCommand({ Bucket, Key })
          : new GetObjectCommand({ Bucket, Key });
      return getSignedUrl(client, command, { expiresIn });
    },

    async close() {
      if (closed) return;
      closed = true;
      if (ownClient) client.destroy();
    },
  };
}

/** Maps with at most `n` calls in flight, keeping order. */
async function mapLimit<T, R>(items: T[], n: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return out;
}
