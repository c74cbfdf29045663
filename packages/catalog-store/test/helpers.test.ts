import {
  apiKeyIdOf,
  apiKeyMatches,
  backoffDelay,
  decodeCursor,
  encodeCursor,
  isCatalogStoreError,
  NotFoundError,
  newApiKeySecret,
  normalizeAssetKey,
  normalizeAssetPrefix,
  releaseIndex,
  searchWords,
  validateDeliveryPatch,
} from '@ddex/catalog-store';
import { makeRelease } from '@ddex/catalog-store/testing';
import { describe, expect, it } from 'vitest';

describe('catalog-store helpers', () => {
  it('normalizeAssetKey normalises and rejects traversal', () => {
    expect(normalizeAssetKey('a//b/./c\\d')).toBe('a/b/c/d');
    for (const bad of ['../a', 'a/../..', '/a', 'C:/a', 'a\0b', '', '.', 'a/\u0007']) {
      expect(() => normalizeAssetKey(bad)).toThrow(expect.objectContaining({ code: 'INVALID_KEY' }));
    }
    expect(() => normalizeAssetKey('x'.repeat(1025))).toThrow(/1024/);
    expect(normalizeAssetPrefix('b/')).toBe('b/');
    expect(normalizeAssetPrefix(undefined)).toBe('');
  });

  it('cursors round-trip and reject garbage', () => {
    expect(decodeCursor(encodeCursor(42))).toBe(42);
    expect(decodeCursor(null)).toBeNull();
    expect(() => decodeCursor('garbage')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('backoff doubles up to the cap', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffDelay(30)).toBe(3_600_000);
    expect(backoffDelay(3, { baseMs: 10, maxMs: 25 })).toBe(25);
  });

  it('API key secrets embed their id and match only their hash', () => {
    const a = newApiKeySecret();
    const b = newApiKeySecret();
    expect(apiKeyIdOf(a.secret)).toBe(a.id);
    expect(apiKeyIdOf('ddx_nope')).toBeNull();
    expect(apiKeyMatches(a.secret, a.hash)).toBe(true);
    expect(apiKeyMatches(a.secret, b.hash)).toBe(false);
    expect(a.hash).not.toContain(a.secret.slice(4));
  });

  it('releaseIndex extracts the indexed columns', () => {
    const ix = releaseIndex(makeRelease(7, { catalogNumber: 'POLAR-042', isrcs: ['qzes72700001'], label: 'Polar' }));
    expect(ix).toMatchObject({
      id: 'rel-00007',
      labelKey: 'polar',
      catalogNumber: 'POLAR-042',
      isrcs: ['QZES72700001'],
    });
    expect(ix.codes).toContain('POLAR042');
    expect(searchWords('Björk — Hyperballad (Live)')).toEqual(['bjork', 'hyperballad', 'live']);
  });

  it('errors carry codes and a brand', () => {
    const e = new NotFoundError('release', 'x');
    expect(isCatalogStoreError(e, 'NOT_FOUND')).toBe(true);
    expect(isCatalogStoreError(e, 'CONFLICT')).toBe(false);
    expect(isCatalogStoreError(new Error('x'))).toBe(false);
    expect(isCatalogStoreError({ code: 'NOT_FOUND' })).toBe(false);
    expect(() => validateDeliveryPatch({ status: 'exploded' as 'failed' })).toThrow(/invalid delivery status/);
  });
});
