import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import * as fs from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DeliveryError } from '../errors';
import { mapError } from '../internal/map-error';
import type { RemoteStat, TransportFactory } from '../types';

/** Transport name of {@link filesystem}. */
export const FILESYSTEM_TRANSPORT = 'filesystem';

/** Options of {@link filesystem}. */
export interface FilesystemOptions {
  /** Directory the transport writes under (created on connect). Required. */
  directory: string;
  /** Report a SHA-256 of each file in `stat`, read back from disk, so uploads are verified end to end. @default true */
  checksum?: boolean;
}

/**
 * Local or mounted directory transport: the reference implementation for "a folder is the target" (a NAS mount, a
 * synced folder, a test tree). Renames are atomic (same directory, POSIX `rename`), uploads can resume.
 * `getInstance()` returns the absolute root directory.
 */
export const filesystem: TransportFactory<FilesystemOptions, string> = (options) => {
  if (!options?.directory)
    throw new DeliveryError('CONFIG', 'filesystem() needs options.directory', { transport: FILESYSTEM_TRANSPORT });
  const root = resolve(options.directory);
  const withChecksum = options.checksum ?? true;
  const abs = (path: string) => (path ? join(root, path) : root);
  const fail = (error: unknown, op: string, path?: string, signal?: AbortSignal) =>
    mapError(FILESYSTEM_TRANSPORT, error, { redact: (s) => s.split(root).join('<root>'), op, path, signal });

  const statOf = async (path: string): Promise<RemoteStat | undefined> => {
    const st = await fs.stat(abs(path)).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return undefined;
      throw e;
    });
    if (!st) return undefined;
    const type = st.isFile() ? 'file' : st.isDirectory() ? 'directory' : 'other';
    const out: RemoteStat = { type, size: type === 'file' ? st.size : 0, modifiedAt: st.mtime };
    if (type !== 'file' || !withChecksum) return out;
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(abs(path))) hash.update(chunk as Buffer);
    return { ...out, sha256: hash.digest('hex') };
  };

  return {
    name: FILESYSTEM_TRANSPORT,
    capabilities: {
      atomicPut: false,
      atomicRename: true,
      resume: true,
      list: true,
      checksum: withChecksum ? 'sha256' : false,
      concurrent: true,
    },
    getInstance: () => root,
    async connect() {
      await fs.mkdir(root, { recursive: true }).catch((e) => {
        throw fail(e, 'connect');
      });
    },
    async put(path, body, o) {
      try {
        if (body.offset > 0) await fs.truncate(abs(path), body.offset);
        const out = createWriteStream(
          abs(path),
          body.offset > 0 ? { flags: 'r+', start: body.offset } : { flags: 'w' },
        );
        await pipeline(body.open(), out, { signal: o?.signal });
      } catch (e) {
        throw fail(e, 'put', path, o?.signal);
      }
    },
    exists: async (path) => (await fs.stat(abs(path)).catch(() => undefined)) !== undefined,
    async stat(path, o) {
      try {
        return await statOf(path);
      } catch (e) {
        throw fail(e, 'stat', path, o?.signal);
      }
    },
    async mkdir(path, o) {
      await fs.mkdir(abs(path), { recursive: true }).catch((e) => {
        throw fail(e, 'mkdir', path, o?.signal);
      });
    },
    async rename(from, to, o) {
      await fs.rename(abs(from), abs(to)).catch((e) => {
        throw fail(e, 'rename', from, o?.signal);
      });
    },
    async list(path, o) {
      try {
        const entries = await fs.readdir(abs(path), { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
          if (e.code === 'ENOENT') return [];
          throw e;
        });
        return await Promise.all(
          entries.map(async (d) => {
            const st = await fs.stat(join(abs(path), d.name));
            const type = st.isFile() ? 'file' : st.isDirectory() ? 'directory' : 'other';
            return { name: d.name, type, size: type === 'file' ? st.size : 0, modifiedAt: st.mtime } as const;
          }),
        );
      } catch (e) {
        throw fail(e, 'list', path, o?.signal);
      }
    },
    async read(path, o) {
      try {
        return await fs.readFile(abs(path), { signal: o?.signal });
      } catch (e) {
        throw fail(e, 'read', path, o?.signal);
      }
    },
    async remove(path, o) {
      await fs.rm(abs(path), { force: true }).catch((e) => {
        throw fail(e, 'remove', path, o?.signal);
      });
    },
  };
};
