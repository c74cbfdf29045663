import type { Transport } from '@ddex/delivery-transports';

/**
 * The `--dry-run` target: reads every byte through the runtime (so sizes and hashes are checked as in a real
 * delivery) and keeps only each file's size, so a big release costs no memory. `getInstance()` is the path → size map.
 */
export function dryRunTransport(): Transport<Map<string, number>> {
  const files = new Map<string, number>();
  const dirs = new Set<string>(['']);
  return {
    name: 'dry-run',
    capabilities: {
      atomicPut: true,
      atomicRename: false,
      resume: false,
      list: false,
      checksum: false,
      concurrent: true,
    },
    getInstance: () => files,
    async put(path, body) {
      let size = body.offset;
      for await (const chunk of body.open()) size += (chunk as Buffer).length;
      files.set(path, size);
    },
    async exists(path) {
      return files.has(path) || dirs.has(path);
    },
    async stat(path) {
      const size = files.get(path);
      if (size !== undefined) return { type: 'file', size };
      return dirs.has(path) ? { type: 'directory', size: 0 } : undefined;
    },
    async mkdir(path) {
      const parts = path.split('/');
      for (let i = 1; i <= parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
    },
    async remove(path) {
      files.delete(path);
    },
  };
}
