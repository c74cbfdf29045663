import { hash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/**
 * How stale a stored `lastUsedAt` may be: stores write it at most this often per key (ms), so authenticating a
 * request is a read, not a committed write, on all but the first request of a minute.
 */
export const API_KEY_LAST_USED_RESOLUTION_MS = 60_000;

/** True when a key last recorded as used at `stored` (ISO instant or null) should be recorded again at `nowMs`. */
export function lastUsedIsStale(stored: string | null, nowMs: number): boolean {
  return stored === null || nowMs - Date.parse(stored) >= API_KEY_LAST_USED_RESOLUTION_MS;
}

/** Requests authenticated per key in this process and not yet added to the stored `requestCount`. */
export interface ApiKeyUseCounter {
  /** Counts one request of the key; returns how many are pending now. */
  add(id: string): number;
  /** The pending count of a key (0 when none). */
  pending(id: string): number;
  /**
   * True when the key's pending requests should be written now: the stored `lastUsedAt` is stale, or this process
   * last wrote them a minute ago or more (so a process that never sees a stale `lastUsedAt` still flushes).
   */
  due(id: string, storedLastUsedAt: string | null, nowMs: number): boolean;
  /** Takes the pending count of a key for a write, which {@link ApiKeyUseCounter.restore} undoes if it fails. */
  take(id: string, nowMs: number): number;
  /** Puts back a count whose write failed. */
  restore(id: string, count: number): void;
  /** Takes every pending count (on close). */
  drain(): [id: string, count: number][];
}

/**
 * The in-memory side of `requestCount`: every authentication increments a counter, and the store adds it to the row
 * with the `lastUsedAt` write, at most once per {@link API_KEY_LAST_USED_RESOLUTION_MS} per key and process.
 */
export function createApiKeyUseCounter(): ApiKeyUseCounter {
  const counts = new Map<string, number>();
  const flushed = new Map<string, number>();
  return {
    add(id) {
      const n = (counts.get(id) ?? 0) + 1;
      counts.set(id, n);
      return n;
    },
    pending: (id) => counts.get(id) ?? 0,
    due(id, stored, nowMs) {
      if (lastUsedIsStale(stored, nowMs)) return true;
      return (counts.get(id) ?? 0) > 0 && nowMs - (flushed.get(id) ?? 0) >= API_KEY_LAST_USED_RESOLUTION_MS;
    },
    take(id, nowMs) {
      const n = counts.get(id) ?? 0;
      counts.delete(id);
      flushed.set(id, nowMs);
      return n;
    },
    restore(id, count) {
      if (count > 0) counts.set(id, (counts.get(id) ?? 0) + count);
    },
    drain() {
      const all = [...counts.entries()];
      counts.clear();
      return all;
    },
  };
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
  return hash('sha256', secret, 'hex');
}

/** Constant-time comparison of a presented secret with a stored hash. */
export function apiKeyMatches(secret: string, storedHash: string): boolean {
  // one-shot hash straight to bytes: every request authenticates, and a Hash object and a hex round trip were most
  // of the cost
  const a = hash('sha256', secret, 'buffer');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
