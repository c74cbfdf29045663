import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  type HeadObjectCommandOutput,
  type S3Client,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import type { AssetInfo } from '@ddex/catalog-store';

/** S3 user-metadata keys (sent as `x-amz-meta-<key>`; S3 lower-cases them, so ours are lower-case). @internal */
export const META = {
  md5: 'ddex-md5',
  sha256: 'ddex-sha256',
  created: 'ddex-created',
  user: 'ddex-meta',
} as const;

/** The S3 metadata recording an asset's digests, creation time and caller metadata. @internal */
export function encodeMetadata(
  info: Pick<AssetInfo, 'md5' | 'sha256' | 'createdAt' | 'metadata'>,
): Record<string, string> {
  return {
    [META.md5]: info.md5,
    [META.sha256]: info.sha256,
    [META.created]: info.createdAt,
    // caller keys keep their case and any characters: JSON, base64url so the header stays ASCII
    [META.user]: Buffer.from(JSON.stringify(info.metadata), 'utf8').toString('base64url'),
  };
}

/** Rebuilds an {@link AssetInfo} from a HeadObject answer. @internal */
export function decodeHead(tenantId: string, key: string, head: HeadObjectCommandOutput): AssetInfo {
  const meta = head.Metadata ?? {};
  let metadata: Record<string, string> = {};
  const user = meta[META.user];
  try {
    if (user) metadata = JSON.parse(Buffer.from(user, 'base64url').toString('utf8'));
  } catch {
    metadata = {};
  }
  const etag = (head.ETag ?? '').replace(/"/g, '');
  return {
    tenantId,
    key,
    size: head.ContentLength ?? 0,
    // objects written by something else: a single-part ETag is the MD5; the SHA-256 is unknown
    md5: meta[META.md5] ?? (/^[0-9a-f]{32}$/.test(etag) ? etag : ''),
    sha256: meta[META.sha256] ?? '',
    contentType: head.ContentType ?? 'application/octet-stream',
    createdAt: meta[META.created] ?? (head.LastModified ?? new Date(0)).toISOString(),
    metadata,
  };
}

/** True for the SDK's "no such object" answers (GetObject's NoSuchKey, HeadObject's bare 404). @internal */
export function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } } | null;
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}

/** What {@link copyObject} copies. @internal */
export interface CopySpec {
  bucket: string;
  from: string;
  to: string;
  size: number;
  contentType: string;
  metadata: Record<string, string>;
  /** above this size the copy is a multipart copy (CopyObject stops at 5 GiB) */
  multipartThreshold: number;
  /** part size of a multipart copy */
  partSize: number;
}

const source = (bucket: string, key: string) => `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;

/**
 * Server-side copy that replaces the metadata: one CopyObject, or UploadPartCopy parts for big objects. Either way
 * the destination appears whole, at once, when the copy completes. @internal
 */
export async function copyObject(client: S3Client, spec: CopySpec): Promise<void> {
  const CopySource = source(spec.bucket, spec.from);
  if (spec.size <= spec.multipartThreshold) {
    await client.send(
      new CopyObjectCommand({
        Bucket: spec.bucket,
        Key: spec.to,
        CopySource,
        MetadataDirective: 'REPLACE',
        ContentType: spec.contentType,
        Metadata: spec.metadata,
      }),
    );
    return;
  }
  const { UploadId } = await client.send(
    new CreateMultipartUploadCommand({
      Bucket: spec.bucket,
      Key: spec.to,
      ContentType: spec.contentType,
      Metadata: spec.metadata,
    }),
  );
  try {
    const parts: { ETag: string; PartNumber: number }[] = [];
    for (let start = 0, n = 1; start < spec.size; start += spec.partSize, n++) {
      const end = Math.min(spec.size, start + spec.partSize) - 1;
      const res = await client.send(
        new UploadPartCopyCommand({
          Bucket: spec.bucket,
          Key: spec.to,
          UploadId,
          PartNumber: n,
          CopySource,
          CopySourceRange: `bytes=${start}-${end}`,
        }),
      );
      parts.push({ ETag: res.CopyPartResult?.ETag ?? '', PartNumber: n });
    }
    await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: spec.bucket,
        Key: spec.to,
        UploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
  } catch (error) {
    await client.send(new AbortMultipartUploadCommand({ Bucket: spec.bucket, Key: spec.to, UploadId })).catch(() => {});
    throw error;
  }
}
