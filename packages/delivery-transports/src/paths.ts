import { DeliveryError } from './errors';

/**
 * Normalises a remote path relative to a transport's root: collapses `.` segments and repeated or trailing slashes.
 * Rejects absolute paths, `..`, NUL and other control characters, and backslashes with an `INVALID_PATH` error.
 * The root itself is `''`.
 * @example normalizeRemotePath('batch//0001/./a.xml') // 'batch/0001/a.xml'
 */
export function normalizeRemotePath(path: string, transport = 'runtime'): string {
  const fail = (why: string) =>
    new DeliveryError('INVALID_PATH', `invalid remote path ${JSON.stringify(path)}: ${why}`, { transport });
  if (typeof path !== 'string') throw fail('not a string');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(path)) throw fail('control character');
  if (path.includes('\\')) throw fail('backslash');
  if (path.startsWith('/')) throw fail('absolute');
  const parts: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') throw fail('".." segment');
    parts.push(segment);
  }
  return parts.join('/');
}

/** Joins a root directory and a normalised relative path with `/` (the root may be `''`, `/` or `/a/b/`). */
export function joinRemote(root: string, path: string): string {
  if (!path) return root === '' ? '.' : root;
  if (root === '' || root === '.') return path;
  return root.endsWith('/') ? root + path : `${root}/${path}`;
}

/** The directory part of a normalised path (`''` for a top-level name). */
export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** The last segment of a normalised path. */
export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
