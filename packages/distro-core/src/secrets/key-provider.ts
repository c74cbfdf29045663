import { createCipheriv, createDecipheriv, createHash, randomBytes, scryptSync } from 'node:crypto';
import { DistroError } from '../errors';

/**
 * Wraps and unwraps the per-secret data keys of the envelope encryption: a local master key
 * ({@link localKeyProvider}), or a KMS (Cloud KMS, AWS KMS, Vault transit) implemented by the deployer.
 */
export interface KeyProvider {
  /** id of the current master key, stored with each secret so keys can rotate */
  readonly keyId: string;
  /** Encrypts a 32-byte data key; returns an opaque string. */
  wrapKey(dataKey: Uint8Array): Promise<string>;
  /** Decrypts a data key wrapped under `keyId` (which may be an older key than the current one). */
  unwrapKey(wrapped: string, keyId: string): Promise<Uint8Array>;
}

/** Options of {@link localKeyProvider}. */
export interface LocalKeyProviderOptions {
  /**
   * The master key: 32 bytes, or a string holding 32 bytes as base64/base64url/hex. Any other string is taken as a
   * passphrase and stretched with scrypt.
   */
  key: Uint8Array | string;
  /** Older master keys that can still unwrap (rotation); the same formats as `key`. */
  previousKeys?: (Uint8Array | string)[];
}

/** Name of the environment variable holding the master key. */
export const SECRET_KEY_ENV = 'DDEX_DISTRO_SECRET_KEY';

/** A {@link KeyProvider} wrapping data keys with AES-256-GCM under a local master key. */
export function localKeyProvider(options: LocalKeyProviderOptions): KeyProvider {
  const keys = new Map<string, Buffer>();
  const current = masterKey(options.key);
  const currentId = keyIdOf(current);
  keys.set(currentId, current);
  for (const k of options.previousKeys ?? []) {
    const key = masterKey(k);
    keys.set(keyIdOf(key), key);
  }
  return {
    keyId: currentId,
    async wrapKey(dataKey) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      const ct = Buffer.concat([cipher.update(dataKey), cipher.final()]);
      return [iv, ct, cipher.getAuthTag()].map((b) => b.toString('base64url')).join('.');
    },
    async unwrapKey(wrapped, keyId) {
      const key = keys.get(keyId);
      if (!key) throw new DistroError('INTERNAL', `no master key with id ${keyId} is configured`);
      const [iv, ct, tag] = wrapped.split('.').map((s) => Buffer.from(s, 'base64url'));
      if (!iv || !ct || !tag) throw new DistroError('INTERNAL', 'malformed wrapped key');
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ct), decipher.final()]);
    },
  };
}

/**
 * The key provider configured by `DDEX_DISTRO_SECRET_KEY`, or null when the variable is unset.
 * @example
 * // export DDEX_DISTRO_SECRET_KEY=$(openssl rand -base64 32)
 * const keys = envKeyProvider() ?? localKeyProvider({ key: randomBytes(32) });
 */
export function envKeyProvider(env: Record<string, string | undefined> = process.env): KeyProvider | null {
  const value = env[SECRET_KEY_ENV];
  return value ? localKeyProvider({ key: value }) : null;
}

// --- Internal helpers ---

function masterKey(key: Uint8Array | string): Buffer {
  if (typeof key !== 'string') {
    if (key.byteLength !== 32) throw new DistroError('INTERNAL', 'a master key must be 32 bytes');
    return Buffer.from(key);
  }
  const trimmed = key.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  const b64 = Buffer.from(trimmed, 'base64');
  if (b64.length === 32 && /^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) return b64;
  return scryptSync(trimmed, 'ddex-distro:master-key', 32);
}

function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('ddex-distro:key-id').update(key).digest('hex').slice(0, 16);
}
