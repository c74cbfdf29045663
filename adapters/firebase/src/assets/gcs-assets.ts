import { S3Client } from '@aws-sdk/client-s3';
import { type S3AssetStore, s3AssetStore } from '@ddex/adapter-postgres/s3';
import { type Clock, invalidArgument } from '@ddex/catalog-store';

/** Cloud Storage's S3-compatible (XML API) endpoint. */
export const GCS_S3_ENDPOINT = 'https://storage.googleapis.com';

/** Options of {@link gcsAssetStore}. */
export interface GcsAssetStoreOptions {
  /** the bucket, e.g. `my-project.firebasestorage.app` (the Firebase default bucket) */
  bucket: string;
  /** HMAC key of a service account (Cloud Storage → Settings → Interoperability), the access id */
  accessKeyId: string;
  /** the HMAC key's secret */
  secretAccessKey: string;
  /** key prefix of everything the store writes; objects are `<prefix><tenant>/<key>` */
  prefix?: string;
  /**
   * The S3-compatible endpoint; tests point it at another S3 server.
   * @default 'https://storage.googleapis.com'
   */
  endpoint?: string;
  /**
   * Region used to sign requests; Cloud Storage accepts `auto`.
   * @default 'auto'
   */
  region?: string;
  /**
   * Time source of `createdAt`.
   * @default Date.now
   */
  clock?: Clock;
}

/**
 * An S3 client for Cloud Storage's XML API with HMAC keys. Path-style URLs, and request checksums only where an
 * operation requires them: the SDK's default CRC32 checksum headers (`x-amz-checksum-*`, `x-amz-sdk-checksum-algorithm`)
 * are refused by Cloud Storage's S3 interoperability.
 */
export function gcsS3Client(options: Omit<GcsAssetStoreOptions, 'bucket' | 'prefix' | 'clock'>): S3Client {
  if (!options.accessKeyId || !options.secretAccessKey) {
    throw invalidArgument('Cloud Storage needs an HMAC key: accessKeyId and secretAccessKey', { store: 'gcs' });
  }
  return new S3Client({
    endpoint: options.endpoint ?? GCS_S3_ENDPOINT,
    region: options.region ?? 'auto',
    forcePathStyle: true,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/**
 * Files in Cloud Storage (the Firebase Storage bucket) through its S3-compatible XML API, with the S3 asset store
 * of `@ddex/adapter-postgres/s3`: streamed multipart uploads with MD5/SHA-256 computed on the way, atomic commit by
 * server-side copy, and signed URLs (SigV4 with the HMAC key) for downloads. See the README for the HMAC setup.
 *
 * @example
 * const assets = gcsAssetStore({
 *   bucket: 'my-label.firebasestorage.app',
 *   accessKeyId: process.env.GCS_HMAC_ACCESS_ID!,
 *   secretAccessKey: process.env.GCS_HMAC_SECRET!,
 *   prefix: 'catalog/',
 * });
 */
export function gcsAssetStore(options: GcsAssetStoreOptions): S3AssetStore {
  const client = gcsS3Client(options);
  const store = s3AssetStore({ client, bucket: options.bucket, prefix: options.prefix, clock: options.clock });
  return {
    ...store,
    // the store did not build this client, so it would leave it open: this wrapper owns it
    async close() {
      await store.close();
      client.destroy();
    },
  };
}
