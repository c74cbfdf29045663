import { Readable } from 'node:stream';
import type { AssetInfo, AssetStore } from '../assets';
import type { Clock } from '../common';
import { decodeKeyCursor, encodeKeyCursor, pageSize } from '../cursor';
import { CatalogStoreError, NotFoundError } from '../errors';
import { checkExpected, hashWhileStreaming } from '../hashing';
import { assertTenantId, normalizeAssetKey, normalizeAssetPrefix } from '../keys';
import { clone, tk } from './state';

/** Options of {@link memoryAssets}. */
export interface MemoryAssetsOptions {
  /**
   * Time source.
   * @default Date.now
   */
  clock?: Clock;
}

/** An asset store keeping files in memory: the reference implementation and a test double. */
export function memoryAssets(options: MemoryAssetsOptions = {}): AssetStore {
  const clock = options.clock ?? Date.now;
  const files = new Map<string, { info: AssetInfo; data: Buffer }>();
  let closed = false;
  const check = (tenantId: string) => {
    if (closed) throw new CatalogStoreError('CLOSED', 'asset store is closed', { store: 'memory' });
    assertTenantId(tenantId);
  };

  return {
    name: 'memory',
    capabilities: { signedUrls: false },
    async put(tenantId, key, body, putOptions) {
      check(tenantId);
      const k = normalizeAssetKey(key);
      const chunks: Buffer[] = [];
      const digest = await hashWhileStreaming(body, (c) => void chunks.push(Buffer.from(c)), putOptions?.signal);
      checkExpected(digest, putOptions, k);
      const info: AssetInfo = {
        tenantId,
        key: k,
        ...digest,
        contentType: putOptions?.contentType ?? 'application/octet-stream',
        createdAt: new Date(clock()).toISOString(),
        metadata: { ...(putOptions?.metadata ?? {}) },
      };
      files.set(tk(tenantId, k), { info, data: Buffer.concat(chunks) });
      return clone(info);
    },
    async get(tenantId, key) {
      check(tenantId);
      const k = normalizeAssetKey(key);
      const file = files.get(tk(tenantId, k));
      if (!file) throw new NotFoundError('asset', k, { store: 'memory' });
      return Readable.from([file.data], { objectMode: false });
    },
    async stat(tenantId, key) {
      check(tenantId);
      const file = files.get(tk(tenantId, normalizeAssetKey(key)));
      return file ? clone(file.info) : null;
    },
    async delete(tenantId, key) {
      check(tenantId);
      return files.delete(tk(tenantId, normalizeAssetKey(key)));
    },
    async list(tenantId, listOptions = {}) {
      check(tenantId);
      const prefix = normalizeAssetPrefix(listOptions.prefix);
      const after = decodeKeyCursor(listOptions.cursor);
      const limit = pageSize(listOptions.limit);
      const keys = [...files.values()]
        .map((f) => f.info)
        .filter((i) => i.tenantId === tenantId && i.key.startsWith(prefix) && (after === null || i.key > after))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      const items = keys.slice(0, limit).map(clone);
      const last = items[items.length - 1];
      return { items, nextCursor: keys.length > limit && last ? encodeKeyCursor(last.key) : null };
    },
    async close() {
      closed = true;
    },
  };
}
