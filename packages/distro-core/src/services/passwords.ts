import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt cost parameters (N a power of two). */
export interface ScryptCost {
  /** CPU/memory cost */
  N: number;
  /** block size */
  r: number;
  /** parallelism */
  p: number;
}

/** Default cost of new hashes: N = 2^15, r = 8, p = 1 (32 MiB), the OWASP minimum for scrypt. */
export const DEFAULT_SCRYPT_COST: Readonly<ScryptCost> = Object.freeze({ N: 2 ** 15, r: 8, p: 1 });
const KEY_LENGTH = 32;
const PREFIX = 'scrypt';

function derive(password: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: 128 * cost.N * cost.r * 2 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** Hashes a password with scrypt and a random salt: `scrypt$N$r$p$<salt>$<hash>` (base64url). */
export async function hashPassword(password: string, cost: ScryptCost = DEFAULT_SCRYPT_COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost);
  return [PREFIX, cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Well-formed hashes nobody's password matches, per cost: checked when no user has the e-mail (equal timing). */
const decoys = new Map<string, Promise<string>>();

/**
 * True when `password` matches `stored` (constant-time). A malformed hash matches nothing. With `stored` null it
 * checks a decoy hash of `cost`, so an unknown e-mail takes as long as a wrong password.
 */
export async function verifyPassword(
  password: string,
  stored: string | null,
  cost: ScryptCost = DEFAULT_SCRYPT_COST,
): Promise<boolean> {
  const id = `${cost.N}/${cost.r}/${cost.p}`;
  if (stored === null && !decoys.has(id)) decoys.set(id, hashPassword(randomBytes(16).toString('hex'), cost));
  const hash = stored ?? (await decoys.get(id)!);
  const [prefix, n, r, p, salt, key] = hash.split('$');
  const made = { N: Number(n), r: Number(r), p: Number(p) };
  if (prefix !== PREFIX || !salt || !key || ![made.N, made.r, made.p].every(Number.isSafeInteger)) return false;
  if (made.N > 2 ** 20 || made.r > 32 || made.p > 16) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), made);
  return stored !== null && expected.length === actual.length && timingSafeEqual(expected, actual);
}
