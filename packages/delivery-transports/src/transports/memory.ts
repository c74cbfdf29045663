import { createHash } from 'node:crypto';
import { DeliveryError } from '../errors';
import { onAbort } from '../internal/lock';
import { basename, dirname } from '../paths';
import type { RemoteEntry, RemoteStat, TransportFactory } from '../types';

/** Transport name of {@link memory}. */
export const MEMORY_TRANSPORT = 'memory';

/** Options of {@link memory}. */
export interface MemoryOptions {
  /** Map to store files in (path → bytes); pass one to inspect or share it. @default a new Map */
  files?: Map<string, Uint8Array>;
}

/**
 * In-memory reference transport (STYLE §9): a dry-run target and a test double. Files grow as bytes arrive, like on a
 * disk, so the runtime's temporary-name, resume and cleanup paths run against it too. `getInstance()` returns the map.
 * @example const t = memory(); await createDeliveryRuntime(t).put('a.xml', { data: '<x/>' });
 */
export const memory: TransportFactory<MemoryOptions | undefined, Map<string, Uint8Array>> = (options) => {
  const files = options?.files ?? new Map<string, Uint8Array>();
  const dirs = new Set<string>(['']);
  const notFound = (path: string) =>
    new DeliveryError('NOT_FOUND', `${path} not found`, { transport: MEMORY_TRANSPORT, path });
  const stat = (path: string): RemoteStat | undefined => {
    const data = files.get(path);
    if (data) return { type: 'file', size: data.length, sha256: createHash('sha256').update(data).digest('hex') };
    if (dirs.has(path) || [...files.keys()].some((k) => k.startsWith(`${path}/`)))
      return { type: 'directory', size: 0 };
    return undefined;
  };
  return {
    name: MEMORY_TRANSPORT,
    capabilities: {
      atomicPut: false,
      atomicRename: true,
      resume: true,
      list: true,
      checksum: 'sha256',
      concurrent: true,
    },
    getInstance: () => files,
    async put(path, body, o) {
      if (stat(path)?.type === 'directory')
        throw new DeliveryError('PERMISSION', `${path} is a directory`, {
          transport: MEMORY_TRANSPORT,
          path,
        });
      const prefix =
        body.offset > 0 ? (files.get(path) ?? new Uint8Array()).subarray(0, body.offset) : new Uint8Array();
      const chunks: Buffer[] = [Buffer.from(prefix)];
      const stream = body.open();
      const off = onAbort(o?.signal, () =>
        stream.destroy(new DeliveryError('CANCELLED', 'cancelled', { transport: MEMORY_TRANSPORT })),
      );
      try {
        for await (const chunk of stream) chunks.push(chunk as Buffer);
      } finally {
        off();
        // like a disk, a failed upload leaves what arrived
        files.set(path, Buffer.concat(chunks));
      }
    },
    exists: async (path) => stat(path) !== undefined,
    stat: async (path) => stat(path),
    async mkdir(path) {
      for (let p = path; p; p = dirname(p)) dirs.add(p);
    },
    async rename(from, to) {
      const data = files.get(from);
      if (!data) throw notFound(from);
      files.delete(from);
      files.set(to, data);
    },
    async list(path) {
      if (stat(path)?.type !== 'directory') return [];
      const entries = new Map<string, RemoteEntry>();
      const prefix = path ? `${path}/` : '';
      for (const key of [...files.keys(), ...dirs]) {
        if (!key.startsWith(prefix) || key === path) continue;
        const child = key.slice(prefix.length).split('/')[0]!;
        const full = prefix + child;
        if (!entries.has(child)) entries.set(child, { name: basename(full), ...(stat(full) as RemoteStat) });
      }
      return [...entries.values()];
    },
    async read(path) {
      const data = files.get(path);
      if (!data) throw notFound(path);
      return Buffer.from(data);
    },
    async remove(path) {
      files.delete(path);
    },
  };
};
