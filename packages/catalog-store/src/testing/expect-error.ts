import { type CatalogStoreErrorCode, isCatalogStoreError } from '@ddex/catalog-store';

/** Awaits `promise` and returns the catalog store error it rejects with; fails unless it has `code`. @internal */
export async function expectCode(promise: Promise<unknown>, code: CatalogStoreErrorCode): Promise<unknown> {
  let value: unknown;
  try {
    value = await promise;
  } catch (error) {
    if (isCatalogStoreError(error, code)) return error;
    throw new Error(`expected a CatalogStoreError with code ${code}, got ${String(error)}`, { cause: error });
  }
  throw new Error(`expected a CatalogStoreError with code ${code}, but it resolved to ${JSON.stringify(value)}`);
}

/** Collects every item of a paginated list. @internal */
export async function collectPages<T>(
  fetch: (cursor: string | null) => Promise<{ items: T[]; nextCursor: string | null }>,
): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 10_000; i++) {
    const page = await fetch(cursor);
    out.push(...page.items);
    if (page.nextCursor === null) return out;
    cursor = page.nextCursor;
  }
  throw new Error('pagination did not terminate');
}
