import { createHash } from 'node:crypto';
import type { AssetBody, AssetPutOptions } from './assets';
import { CatalogStoreError } from './errors';

/** Size and digests of streamed content. */
export interface ContentDigest {
  /** bytes */
  size: number;
  /** lower-case hex */
  md5: string;
  /** lower-case hex */
  sha256: string;
}

/** Turns any {@link AssetBody} into an async iterable of byte chunks. */
export async function* bodyChunks(body: AssetBody): AsyncGenerator<Uint8Array> {
  if (typeof body === 'string') {
    yield Buffer.from(body, 'utf8');
    return;
  }
  if (body instanceof Uint8Array) {
    yield body;
    return;
  }
  for await (const chunk of body) yield typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
}

/**
 * Streams `body` through `sink` chunk by chunk while computing size, MD5 and SHA-256, honouring an abort signal.
 * The caller commits only after this resolves and {@link checkExpected} passes.
 */
export async function hashWhileStreaming(
  body: AssetBody,
  sink: (chunk: Uint8Array) => void | Promise<void>,
  signal?: AbortSignal,
): Promise<ContentDigest> {
  const md5 = createHash('md5');
  const sha256 = createHash('sha256');
  let size = 0;
  if (signal?.aborted) throw new CatalogStoreError('ABORTED', 'upload aborted', { cause: signal.reason });
  for await (const chunk of bodyChunks(body)) {
    if (signal?.aborted) throw new CatalogStoreError('ABORTED', 'upload aborted', { cause: signal.reason });
    md5.update(chunk);
    sha256.update(chunk);
    size += chunk.byteLength;
    await sink(chunk);
  }
  if (signal?.aborted) throw new CatalogStoreError('ABORTED', 'upload aborted', { cause: signal.reason });
  return { size, md5: md5.digest('hex'), sha256: sha256.digest('hex') };
}

/** Throws INTEGRITY when the digest differs from what the caller announced. */
export function checkExpected(digest: ContentDigest, options: AssetPutOptions | undefined, key: string): void {
  if (!options) return;
  const fail = (what: string, expected: unknown, got: unknown) => {
    throw new CatalogStoreError('INTEGRITY', `${key}: expected ${what} ${expected}, got ${got}`);
  };
  if (options.expectedSize !== undefined && options.expectedSize !== digest.size)
    fail('size', options.expectedSize, digest.size);
  if (options.expectedMd5 !== undefined && options.expectedMd5.toLowerCase() !== digest.md5)
    fail('MD5', options.expectedMd5, digest.md5);
  if (options.expectedSha256 !== undefined && options.expectedSha256.toLowerCase() !== digest.sha256)
    fail('SHA-256', options.expectedSha256, digest.sha256);
}
