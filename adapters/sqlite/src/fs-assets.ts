import { createHash, randomUUID } from 'node:crypto';
import { type FileHandle, mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
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
  NotFoundError,
  normalizeAssetKey,
  normalizeAssetPrefix,
  pageSize,
} from '@ddex/catalog-store';

/** Options of {@link fsAssets}. */
export interface FsAssetsOptions {
  /** directory holding the files (created when missing) */
  root: string;
  /**
   * Time source for `createdAt`.
   * @default Date.now
   */
  clock?: Clock;
  /**
   * fsync file contents and directories before a put resolves: a put that resolved survives a power cut. Turning
   * it off keeps crash safety against process kills (writes still go to a temp file and are renamed) but not
   * against power loss.
   * @default true
   */
  fsync?: boolean;
  /**
   * Temp files older than this are removed when the store is first written to (left by killed processes).
   * @default 3600000 (one hour)
   */
  staleTempMs?: number;
}

interface Meta extends AssetInfo {
  /** name of the content file under blobs/ */
  blob: string;
}

const STORE = { store: 'fs' };

/**
 * Assets on the local filesystem. Content is streamed to a temp file, fsynced and renamed to a unique blob name;
 * then a small metadata file is written the same way, and its rename is the commit point. A crash at any moment
 * leaves either the old file or the new one visible, never a part. Layout under `root`:
 * `<tenant>/meta/<hh>/<sha256(key)>.json`, `<tenant>/blobs/<hh>/<sha256(key)>-<uuid>`, `.tmp/`.
 */
export function fsAssets(options: FsAssetsOptions): AssetStore {
  if (typeof options?.root !== 'string' || options.root === '') {
    throw new CatalogStoreError('INVALID_ARGUMENT', 'fsAssets: `root` is required', STORE);
  }
  const root = resolve(options.root);
  const clock = options.clock ?? Date.now;
  const doSync = options.fsync ?? true;
  const tmpDir = join(root, '.tmp');
  const locks = new Map<string, Promise<unknown>>();
  let swept = false;
  let closed = false;

  const check = (tenantId: string) => {
    if (closed) throw new CatalogStoreError('CLOSED', 'asset store is closed', STORE);
    assertTenantId(tenantId);
  };
  const paths = (tenantId: string, key: string) => {
    const h = createHash('sha256').update(key, 'utf8').digest('hex');
    const metaDir = join(root, tenantId, 'meta', h.slice(0, 2));
    const blobDir = join(root, tenantId, 'blobs', h.slice(0, 2));
    return { h, metaDir, metaPath: join(metaDir, `${h}.json`), blobDir };
  };
  const readMeta = async (path: string): Promise<Meta | null> => {
    try {
      return JSON.parse(await readFile(path, 'utf8')) as Meta;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  };
  const syncDir = async (dir: string) => {
    if (!doSync) return;
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  };
  const writeAll = async (fh: FileHandle, chunk: Uint8Array) => {
    let offset = 0;
    while (offset < chunk.byteLength) {
      const { bytesWritten } = await fh.write(chunk, offset, chunk.byteLength - offset);
      offset += bytesWritten;
    }
  };
  const withLock = async <T>(id: string, fn: () => Promise<T>): Promise<T> => {
    const prev = locks.get(id) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const settled = next.catch(() => undefined);
    locks.set(id, settled);
    try {
      return await next;
    } finally {
      if (locks.get(id) === settled) locks.delete(id);
    }
  };
  const sweep = async () => {
    if (swept) return;
    swept = true;
    const cutoff = clock() - (options.staleTempMs ?? 3_600_000);
    for (const name of await readdir(tmpDir).catch(() => [] as string[])) {
      const p = join(tmpDir, name);
      const s = await stat(p).catch(() => null);
      if (s && s.mtimeMs < cutoff) await unlink(p).catch(() => undefined);
    }
  };
  /** streams body into a synced temp file; returns its path and digest */
  const spool = async (
    key: string,
    body: Parameters<AssetStore['put']>[2],
    putOptions?: Parameters<AssetStore['put']>[3],
  ) => {
    await mkdir(tmpDir, { recursive: true });
    await sweep();
    const tmp = join(tmpDir, randomUUID());
    const fh = await open(tmp, 'wx');
    try {
      const digest = await hashWhileStreaming(body, (c) => writeAll(fh, c), putOptions?.signal);
      checkExpected(digest, putOptions, key);
      if (doSync) await fh.sync();
      await fh.close();
      return { tmp, digest };
    } catch (error) {
      await fh.close().catch(() => undefined);
      await unlink(tmp).catch(() => undefined);
      throw error;
    }
  };
  const writeJsonAtomic = async (path: string, dir: string, value: unknown) => {
    const tmp = join(tmpDir, randomUUID());
    const fh = await open(tmp, 'wx');
    try {
      await writeAll(fh, Buffer.from(JSON.stringify(value), 'utf8'));
      if (doSync) await fh.sync();
    } finally {
      await fh.close();
    }
    await mkdir(dir, { recursive: true });
    await rename(tmp, path);
    await syncDir(dir);
  };

  return {
    name: 'fs',
    capabilities: { signedUrls: false },
    async put(tenantId, key, body, putOptions) {
      check(tenantId);
      const k = normalizeAssetKey(key);
      const { tmp, digest } = await spool(k, body, putOptions);
      const p = paths(tenantId, k);
      try {
        return await withLock(`${tenantId}\u0000${k}`, async () => {
          const old = await readMeta(p.metaPath);
          const blob = `${p.h}-${randomUUID()}`;
          await mkdir(p.blobDir, { recursive: true });
          await rename(tmp, join(p.blobDir, blob));
          await syncDir(p.blobDir);
          const info: AssetInfo = {
            tenantId,
            key: k,
            ...digest,
            contentType: putOptions?.contentType ?? 'application/octet-stream',
            createdAt: new Date(clock()).toISOString(),
            metadata: { ...(putOptions?.metadata ?? {}) },
          };
          await writeJsonAtomic(p.metaPath, p.metaDir, { ...info, blob } satisfies Meta);
          if (old) await unlink(join(p.blobDir, old.blob)).catch(() => undefined);
          return info;
        });
      } finally {
        await unlink(tmp).catch(() => undefined);
      }
    },
    async get(tenantId, key, getOptions) {
      check(tenantId);
      const k = normalizeAssetKey(key);
      const p = paths(tenantId, k);
      for (let i = 0; i < 3; i++) {
        const meta = await readMeta(p.metaPath);
        if (!meta) break;
        try {
          const fh = await open(join(p.blobDir, meta.blob), 'r');
          const stream: Readable = fh.createReadStream();
          getOptions?.signal?.addEventListener(
            'abort',
            () => stream.destroy(new CatalogStoreError('ABORTED', 'read aborted', STORE)),
            {
              once: true,
            },
          );
          return stream;
        } catch (error) {
          // replaced between reading the metadata and opening the blob: read the metadata again
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        }
      }
      throw new NotFoundError('asset', k, STORE);
    },
    async stat(tenantId, key) {
      check(tenantId);
      const k = normalizeAssetKey(key);
      const meta = await readMeta(paths(tenantId, k).metaPath);
      if (!meta) return null;
      const { blob: _blob, ...info } = meta;
      return info;
    },
    async delete(tenantId, key) {
      check(tenantId);
      const k = normalizeAssetKey(key);
      const p = paths(tenantId, k);
      return withLock(`${tenantId}\u0000${k}`, async () => {
        const meta = await readMeta(p.metaPath);
        if (!meta) return false;
        await unlink(p.metaPath);
        await syncDir(p.metaDir);
        await unlink(join(p.blobDir, meta.blob)).catch(() => undefined);
        return true;
      });
    },
    async list(tenantId, listOptions = {}) {
      check(tenantId);
      const prefix = normalizeAssetPrefix(listOptions.prefix);
      const after = decodeKeyCursor(listOptions.cursor);
      const limit = pageSize(listOptions.limit);
      const metaRoot = join(root, tenantId, 'meta');
      const infos: AssetInfo[] = [];
      for (const dir of await readdir(metaRoot).catch(() => [] as string[])) {
        for (const file of await readdir(join(metaRoot, dir)).catch(() => [] as string[])) {
          if (!file.endsWith('.json')) continue;
          const meta = await readMeta(join(metaRoot, dir, file));
          if (meta === null) continue;
          if (!meta.key.startsWith(prefix) || (after !== null && meta.key <= after)) continue;
          const { blob: _blob, ...info } = meta;
          infos.push(info);
        }
      }
      infos.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      const items = infos.slice(0, limit);
      const last = items[items.length - 1];
      return { items, nextCursor: infos.length > limit && last ? encodeKeyCursor(last.key) : null };
    },
    async close() {
      closed = true;
      await Promise.all([...locks.values()]);
    },
  };
}
