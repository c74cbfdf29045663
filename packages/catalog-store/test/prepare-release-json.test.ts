import { isCatalogStoreError, prepareRelease, prepareReleaseJson } from '@ddex/catalog-store';
import { makeRelease } from '@ddex/catalog-store/testing';
import type { Release } from '@ddex/ern-model';
import { describe, expect, it } from 'vitest';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return isCatalogStoreError(error) ? error.code : String(error);
  }
  return undefined;
};

describe('prepareReleaseJson', () => {
  it('is the JSON of prepareRelease’s copy, with or without a tenantId in the input', () => {
    const bare = makeRelease(1);
    delete (bare as { tenantId?: string }).tenantId;
    const owned = { ...makeRelease(2), tenantId: 't1' } as Release;
    for (const release of [bare, owned]) {
      const { id, json } = prepareReleaseJson('t1', release);
      expect(id).toBe(release.id);
      expect(json).toBe(JSON.stringify(prepareRelease('t1', release)));
    }
    expect(bare).not.toHaveProperty('tenantId');
  });

  it('refuses what prepareRelease refuses', () => {
    const other = { ...makeRelease(1), tenantId: 't2' } as Release;
    expect(codeOf(() => prepareReleaseJson('t1', other))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => prepareReleaseJson('t1', { ...makeRelease(1), id: '' }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => prepareReleaseJson('t1', null as unknown as Release))).toBe('INVALID_ARGUMENT');
  });
});
