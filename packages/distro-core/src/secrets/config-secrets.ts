import { isSealed, type SecretBox } from './secret-box';

/** What replaces a secret in every response; sending it back in an update keeps the stored secret. */
export const REDACTED = '[redacted]';

/** Config keys whose values are secrets: passwords, private keys, tokens, API keys, credentials. */
export const SECRET_KEY_PATTERN = /pass(word|phrase)?|secret|token|private.?key|api.?key|credential|auth/i;

/** A target config (or a nested object of one). */
export type ConfigRecord = Record<string, unknown>;

const isObject = (v: unknown): v is ConfigRecord => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Encrypts every secret value of a target config (recursively, by key name) for storage. A value equal to
 * {@link REDACTED} keeps the secret found at the same path in `previous` (the stored config).
 */
export async function sealConfig(box: SecretBox, config: ConfigRecord, previous?: ConfigRecord): Promise<ConfigRecord> {
  const out: ConfigRecord = {};
  for (const [key, value] of Object.entries(config)) {
    const before = previous?.[key];
    if (SECRET_KEY_PATTERN.test(key)) {
      if (value === REDACTED) {
        if (isSealed(before)) out[key] = before;
      } else if (isSealed(value)) {
        // a client cannot smuggle in ciphertext: only a secret already stored here is kept
        if (isSealed(before) && before.ct === value.ct) out[key] = before;
      } else if (value !== undefined && value !== null) {
        out[key] = await box.seal(value);
      }
    } else if (isObject(value)) {
      out[key] = await sealConfig(box, value, isObject(before) ? before : undefined);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** Decrypts a stored config for a transport. */
export async function openConfig(box: SecretBox, config: ConfigRecord): Promise<ConfigRecord> {
  const out: ConfigRecord = {};
  for (const [key, value] of Object.entries(config)) {
    if (isSealed(value)) out[key] = await box.open(value);
    else if (isObject(value)) out[key] = await openConfig(box, value);
    else out[key] = value;
  }
  return out;
}

/** A copy of a config with every secret (sealed or not) replaced by {@link REDACTED}. */
export function redactConfig(config: ConfigRecord): ConfigRecord {
  const out: ConfigRecord = {};
  for (const [key, value] of Object.entries(config)) {
    if (isSealed(value) || (SECRET_KEY_PATTERN.test(key) && value !== undefined && value !== null)) out[key] = REDACTED;
    else if (isObject(value)) out[key] = redactConfig(value);
    else out[key] = value;
  }
  return out;
}
