import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createSecretBox,
  envKeyProvider,
  isDistroError,
  localKeyProvider,
  openConfig,
  REDACTED,
  redactConfig,
  sealConfig,
} from '../src/index';

describe('secret envelope encryption', () => {
  const keys = localKeyProvider({ key: randomBytes(32) });
  const box = createSecretBox(keys);

  it('round-trips JSON values with a fresh data key and nonce each time', async () => {
    const a = await box.seal({ user: 'u', pass: 'p' });
    const b = await box.seal({ user: 'u', pass: 'p' });
    expect(a.ct).not.toBe(b.ct);
    expect(a.wk).not.toBe(b.wk);
    expect(await box.open(a)).toEqual({ user: 'u', pass: 'p' });
  });

  it('refuses tampered ciphertext and an unknown master key', async () => {
    const sealed = await box.seal('s3cret');
    const flipped = Buffer.from(sealed.ct, 'base64url');
    flipped[0]! ^= 1;
    await expect(box.open({ ...sealed, ct: flipped.toString('base64url') })).rejects.toSatisfy((e) =>
      isDistroError(e, 'INTERNAL'),
    );
    const other = createSecretBox(localKeyProvider({ key: randomBytes(32) }));
    await expect(other.open(sealed)).rejects.toSatisfy((e) => isDistroError(e, 'INTERNAL'));
  });

  it('rotates: a provider with the old key as previous still opens old secrets', async () => {
    const oldKey = randomBytes(32);
    const sealed = await createSecretBox(localKeyProvider({ key: oldKey })).seal('x');
    const rotated = createSecretBox(localKeyProvider({ key: randomBytes(32), previousKeys: [oldKey] }));
    expect(await rotated.open(sealed)).toBe('x');
  });

  it('reads DDEX_DISTRO_SECRET_KEY as base64, hex or a passphrase', async () => {
    expect(envKeyProvider({})).toBeNull();
    const b64 = envKeyProvider({ DDEX_DISTRO_SECRET_KEY: randomBytes(32).toString('base64') })!;
    const hex = envKeyProvider({ DDEX_DISTRO_SECRET_KEY: randomBytes(32).toString('hex') })!;
    const pass = envKeyProvider({ DDEX_DISTRO_SECRET_KEY: 'correct horse battery staple' })!;
    for (const p of [b64, hex, pass]) expect(await createSecretBox(p).open(await createSecretBox(p).seal(1))).toBe(1);
    expect(pass.keyId).toBe(envKeyProvider({ DDEX_DISTRO_SECRET_KEY: 'correct horse battery staple' })!.keyId);
  });

  it('seals, redacts and opens nested config secrets by key name', async () => {
    const config = {
      host: 'h',
      password: 'pw',
      nested: { apiKey: 'k', region: 'eu' },
      credentials: { a: 1 },
      port: 22,
    };
    const sealed = await sealConfig(box, config);
    expect(JSON.stringify(sealed)).not.toMatch(/"pw"|"k"/);
    expect(redactConfig(sealed)).toEqual({
      host: 'h',
      password: REDACTED,
      nested: { apiKey: REDACTED, region: 'eu' },
      credentials: REDACTED,
      port: 22,
    });
    expect(await openConfig(box, sealed)).toEqual(config);
    const kept = await sealConfig(box, redactConfig(sealed), sealed);
    expect(await openConfig(box, kept)).toEqual(config);
  });
});
