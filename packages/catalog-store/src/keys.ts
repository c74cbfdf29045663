import { InvalidKeyError, invalidArgument } from './errors';

const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * Checks a tenant id: 1–128 characters of `A-Z a-z 0-9 . _ -`, starting with a letter or digit. Tenant ids become
 * path segments and key prefixes, so anything else is refused with `INVALID_ARGUMENT`.
 */
export function assertTenantId(tenantId: unknown): asserts tenantId is string {
  if (typeof tenantId !== 'string' || !TENANT_ID.test(tenantId) || tenantId.includes('..')) {
    throw invalidArgument(`invalid tenant id ${JSON.stringify(tenantId)}`);
  }
}

/**
 * Normalises an asset key: backslashes become `/`, repeated slashes and `.` segments are dropped. Rejects (with
 * `INVALID_KEY`) empty keys, absolute paths (`/x`, `C:\x`), `..` segments, NUL and other control characters, and keys
 * longer than 1024 bytes.
 */
export function normalizeAssetKey(key: unknown): string {
  if (typeof key !== 'string') throw new InvalidKeyError(String(key), 'not a string');
  if (key.includes('\0')) throw new InvalidKeyError(key, 'contains NUL');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we reject
  if (/[\u0001-\u001f\u007f]/.test(key)) throw new InvalidKeyError(key, 'contains a control character');
  const slashed = key.replace(/\\/g, '/');
  if (slashed.startsWith('/') || /^[A-Za-z]:/.test(slashed)) throw new InvalidKeyError(key, 'absolute path');
  const parts: string[] = [];
  for (const part of slashed.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') throw new InvalidKeyError(key, '".." segment');
    parts.push(part);
  }
  if (parts.length === 0) throw new InvalidKeyError(key, 'empty');
  const normalized = parts.join('/');
  if (Buffer.byteLength(normalized, 'utf8') > 1024) throw new InvalidKeyError(key, 'longer than 1024 bytes');
  return normalized;
}

/** Normalises an optional listing prefix the same way as a key, keeping a trailing slash; '' lists everything. */
export function normalizeAssetPrefix(prefix: string | undefined): string {
  if (prefix === undefined || prefix === '') return '';
  const trailing = /[/\\]$/.test(prefix);
  const normalized = normalizeAssetKey(prefix);
  return trailing ? `${normalized}/` : normalized;
}
