import { isCatalogStoreError, memoryAssets } from '@ddex/catalog-store';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, postgresStore, SCHEMA_VERSION, s3AssetStore } from '../src/index';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return isCatalogStoreError(error) ? error.code : String(error);
  }
  return undefined;
};

// Option checks that need no server.
describe('postgresStore and s3AssetStore options', () => {
  it('needs exactly one of pool and connectionString, and an asset store', () => {
    const pool = new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/none' });
    const assets = memoryAssets();
    expect(codeOf(() => postgresStore({ assets } as never))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => postgresStore({ pool, connectionString: 'postgres://x/y', assets }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => postgresStore({ pool } as never))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => postgresStore({ pool, assets, schema: 'public; drop' }))).toBe('INVALID_ARGUMENT');
    const store = postgresStore({ pool, assets });
    expect(store).toMatchObject({ name: 'postgres', capabilities: { fullTextSearch: true, multiProcess: true } });
    expect(store.getPool()).toBe(pool);
    return pool.end();
  });

  it('calls after close fail with CLOSED without touching the server', async () => {
    const store = postgresStore({ connectionString: 'postgres://nobody@127.0.0.1:1/none', assets: memoryAssets() });
    await store.close();
    await store.close();
    await expect(store.releases.list('t')).rejects.toMatchObject({ code: 'CLOSED' });
    await expect(store.ready()).rejects.toMatchObject({ code: 'CLOSED' });
  });

  it('migrations are numbered 1..n without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
  });

  it('s3AssetStore needs a bucket; keys and tenants are checked before any request', async () => {
    expect(codeOf(() => s3AssetStore({} as never))).toBe('INVALID_ARGUMENT');
    const store = s3AssetStore({
      endpoint: 'http://127.0.0.1:1',
      bucket: 'b',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    await expect(store.put('t', '../x', 'x')).rejects.toMatchObject({ code: 'INVALID_KEY' });
    await expect(store.stat('../t', 'x')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(store.signedUrl!('t', 'x', { expiresIn: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const url = await store.signedUrl!('t', 'a b/ü.flac', { expiresIn: 60 });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:1\/b\/t\/a%20b\/%C3%BC\.flac\?.*X-Amz-Expires=60/);
    await store.close();
    await expect(store.stat('t', 'x')).rejects.toMatchObject({ code: 'CLOSED' });
  });
});
