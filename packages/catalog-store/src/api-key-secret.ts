import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/**
 * How stale a stored `lastUsedAt` may be: stores write it at most this often per key (ms), so authenticating a
 * request is a read, not a committed write, on all but the first request of a minute.
 */
export const API_KEY_LAST_USED_RESOLUTION_MS = 60_000;

/** True when a key last recorded as used at `stored` (ISO instant or null) should be recorded again at `nowMs`. */
export function lastUsedIsStale(stored: string | null, nowMs: number): boolean {
  return stored === null || nowMs - Date.parse(stored) >= API_KEY_LAST_USED_RESOLUTION_MS;
}

/** A new API key secret `ddx_<id>_<random>` with its id and stored hash. */
export function newApiKeySecret(): { id: string; secret: string; hash: string; prefix: string } {
  const id = randomUUID().replace(/-/g, '');
  const secret = `ddx_${id}_${randomBytes(32).toString('base64url')}`;
  return { id, secret, hash: hashApiKeySecret(secret), prefix: secret.slice(0, 12) };
}

/** The id embedded in a secret, or null when it is not one of ours. */
export function apiKeyIdOf(secret: string): string | null {
  const m = /^ddx_([0-9a-f]{32})_[A-Za-z0-9_-]{43}$/.exec(secret);
  return m ? m[1]! : null;
}

/** SHA-256 (hex) of a secret: keys are 256-bit random, so a fast hash is enough. */
export function hashApiKeySecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time comparison of a presented secret with a stored hash. */
export function apiKeyMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashApiKeySecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
