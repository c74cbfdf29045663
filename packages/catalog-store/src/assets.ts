import type { Readable } from 'node:stream';
import type { AbortableOptions, Page, PageOptions, TenantId } from './common';

/** Bytes to store: a buffer, a string (UTF-8), or any async iterable of chunks (a Node or web stream). */
export type AssetBody = Uint8Array | string | AsyncIterable<Uint8Array | string>;

/** What a store knows about a stored file. */
export interface AssetInfo {
  /** tenant owning the file */
  tenantId: TenantId;
  /** normalised key */
  key: string;
  /** bytes */
  size: number;
  /** MD5 of the content, lower-case hex */
  md5: string;
  /** SHA-256 of the content, lower-case hex */
  sha256: string;
  /** MIME type given at upload */
  contentType: string;
  /** ISO 8601 instant the content was written */
  createdAt: string;
  /** caller-defined metadata given at upload */
  metadata: Record<string, string>;
}

/** Options of {@link AssetStore.put}. */
export interface AssetPutOptions extends AbortableOptions {
  /**
   * MIME type stored with the file.
   * @default 'application/octet-stream'
   */
  contentType?: string;
  /** small string metadata kept with the file (e.g. `releaseId`) */
  metadata?: Record<string, string>;
  /** fail with INTEGRITY (and store nothing) unless the content has this many bytes */
  expectedSize?: number;
  /** fail with INTEGRITY (and store nothing) unless the content has this MD5 (hex) */
  expectedMd5?: string;
  /** fail with INTEGRITY (and store nothing) unless the content has this SHA-256 (hex) */
  expectedSha256?: string;
}

/** Options of {@link AssetStore.list}. */
export interface AssetListOptions extends PageOptions {
  /** only keys starting with this (normalised) prefix */
  prefix?: string;
}

/** Options of {@link AssetStore.signedUrl}. */
export interface SignedUrlOptions {
  /** seconds the URL stays valid */
  expiresIn: number;
  /**
   * What the URL allows.
   * @default 'GET'
   */
  method?: 'GET' | 'PUT';
}

/** What an asset store can do beyond the required methods. */
export interface AssetStoreCapabilities {
  /** `signedUrl` is implemented. Default is `false`. */
  signedUrls: boolean;
}

/**
 * Files of a tenant (audio, artwork, generated packages). Keys are normalised, and `..`, absolute paths and NUL are
 * refused with INVALID_KEY. A put is atomic: readers see the old content or the new, never a part.
 */
export interface AssetStore {
  /** name of the backend, e.g. `memory`, `fs`, `s3` */
  readonly name: string;
  /** declared capabilities */
  readonly capabilities: AssetStoreCapabilities;
  /** Stores (or replaces) a file, computing size, MD5 and SHA-256 while streaming. */
  put(tenantId: TenantId, key: string, body: AssetBody, options?: AssetPutOptions): Promise<AssetInfo>;
  /** Opens a file for reading; NOT_FOUND when absent. */
  get(tenantId: TenantId, key: string, options?: AbortableOptions): Promise<Readable>;
  /** Describes a file, or null when absent. */
  stat(tenantId: TenantId, key: string): Promise<AssetInfo | null>;
  /** Deletes a file; false when it did not exist. */
  delete(tenantId: TenantId, key: string): Promise<boolean>;
  /** Lists files in key order. */
  list(tenantId: TenantId, options?: AssetListOptions): Promise<Page<AssetInfo>>;
  /** A URL giving time-limited access without credentials; only when `capabilities.signedUrls`. */
  signedUrl?(tenantId: TenantId, key: string, options: SignedUrlOptions): Promise<string>;
  /** Releases resources; idempotent. */
  close?(): Promise<void>;
}
