import type { Release } from '@ddex/ern-model';
import { CatalogStoreError, isCatalogStoreError } from './errors';
import type { ReleaseRepository, WriteManyOptions, WriteManyResult } from './releases';

/** The error a bulk item failed with, as a catalog store error. @internal */
export function asStoreError(error: unknown): CatalogStoreError {
  if (isCatalogStoreError(error)) return error;
  return new CatalogStoreError('INVALID_ARGUMENT', error instanceof Error ? error.message : String(error), {
    cause: error,
  });
}

/**
 * Writes many releases, each all-or-nothing, reporting each outcome in input order: through the store's
 * `writeMany` when it has one (one commit per call), otherwise one create/update at a time.
 */
export async function writeReleases(
  repo: ReleaseRepository,
  tenantId: string,
  releases: Release[],
  options: WriteManyOptions = {},
): Promise<WriteManyResult[]> {
  if (repo.writeMany) return repo.writeMany(tenantId, releases, options);
  const results: WriteManyResult[] = [];
  for (const release of releases) {
    const id = String((release as { id?: unknown })?.id);
    try {
      if (options.mode === 'upsert' && (await repo.find(tenantId, id))) {
        results.push({ ok: true, id, record: await repo.update(tenantId, id, release), created: false });
      } else {
        results.push({ ok: true, id, record: await repo.create(tenantId, release), created: true });
      }
    } catch (error) {
      if (isCatalogStoreError(error, 'CLOSED')) throw error;
      results.push({ ok: false, id, error: asStoreError(error) });
    }
  }
  return results;
}
