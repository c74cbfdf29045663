import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DistroError } from '../errors';
import type { KeyProvider } from './key-provider';

/** A secret as stored: AES-256-GCM ciphertext under a random data key, the data key wrapped by the master key. */
export interface SealedSecret {
  /** format marker */
  readonly $sealed: 'aes-256-gcm.v1';
  /** id of the master key that wrapped the data key */
  readonly kid: string;
  /** the wrapped data key */
  readonly wk: string;
  /** nonce, base64url */
  readonly iv: string;
  /** ciphertext of the JSON value, base64url */
  readonly ct: string;
  /** GCM tag, base64url */
  readonly tag: string;
}

/** Envelope encryption of JSON values. */
export interface SecretBox {
  /** Encrypts any JSON value. */
  seal(value: unknown): Promise<SealedSecret>;
  /** Decrypts a sealed value; INTERNAL when it was tampered with or its key is unknown. */
  open(sealed: SealedSecret): Promise<unknown>;
}

/** True when `value` is a {@link SealedSecret}. */
export function isSealed(value: unknown): value is SealedSecret {
  return typeof value === 'object' && value !== null && (value as { $sealed?: unknown }).$sealed === 'aes-256-gcm.v1';
}

/** A {@link SecretBox} over a key provider: one fresh data key and nonce per secret. */
export function createSecretBox(keys: KeyProvider): SecretBox {
  return {
    async seal(value) {
      const dataKey = randomBytes(32);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
      cipher.setAAD(Buffer.from(keys.keyId));
      const ct = Buffer.concat([cipher.update(JSON.stringify(value ?? null), 'utf8'), cipher.final()]);
      const wk = await keys.wrapKey(dataKey);
      return {
        $sealed: 'aes-256-gcm.v1',
        kid: keys.keyId,
        wk,
        iv: iv.toString('base64url'),
        ct: ct.toString('base64url'),
        tag: cipher.getAuthTag().toString('base64url'),
      };
    },
    async open(sealed) {
      try {
        const dataKey = await keys.unwrapKey(sealed.wk, sealed.kid);
        const decipher = createDecipheriv('aes-256-gcm', dataKey, Buffer.from(sealed.iv, 'base64url'));
        decipher.setAAD(Buffer.from(sealed.kid));
        decipher.setAuthTag(Buffer.from(sealed.tag, 'base64url'));
        const plain = Buffer.concat([decipher.update(Buffer.from(sealed.ct, 'base64url')), decipher.final()]);
        return JSON.parse(plain.toString('utf8'));
      } catch (cause) {
        throw new DistroError('INTERNAL', 'a stored secret could not be decrypted (wrong or missing master key?)', {
          cause,
        });
      }
    },
  };
}
