import { MAX_PAGE_SIZE } from './common';
import { invalidArgument } from './errors';
import type { ReleaseIndex } from './release-index';
import type { ReleaseRecord, ReleaseRepository } from './releases';

/** Codes a release can be looked up by: its UPC/EAN (the DDEX ICPN), its GRid, or the ISRC of one of its tracks. */
export const RELEASE_CODE_KINDS = ['upc', 'grid', 'isrc'] as const;

/** A kind of release code, see {@link RELEASE_CODE_KINDS}. */
export type ReleaseCodeKind = (typeof RELEASE_CODE_KINDS)[number];

/** Most releases {@link ReleaseRepository.findByCode} returns (a code normally names one release). */
export const MAX_CODE_MATCHES = 100;

/**
 * The comparable form of a code: a GTIN without separators and leading zeros (so UPC-A `012345678905`, EAN-13
 * `0012345678905` and GTIN-14 `00012345678905` are one product), a GRid or ISRC upper-cased without separators.
 * Throws INVALID_ARGUMENT for an unknown kind or a code with nothing left.
 */
export function releaseCodeKey(kind: ReleaseCodeKind, value: string): string {
  if (!RELEASE_CODE_KINDS.includes(kind)) {
    throw invalidArgument(`code kind must be one of ${RELEASE_CODE_KINDS.join(', ')}, not ${JSON.stringify(kind)}`);
  }
  const key = codeKey(kind, value);
  if (key === null) throw invalidArgument(`${kind} ${JSON.stringify(value)} is not a code`);
  return key;
}

/** The distinct keys of one or many codes (see {@link releaseCodeKey}); at most 500 codes. */
export function releaseCodeKeys(kind: ReleaseCodeKind, codes: readonly string[]): string[] {
  if (!Array.isArray(codes) || codes.length > MAX_PAGE_SIZE) {
    throw invalidArgument(`give an array of at most ${MAX_PAGE_SIZE} codes`);
  }
  return [...new Set(codes.map((c) => releaseCodeKey(kind, c)))];
}

/**
 * Releases carrying any of `codes` (at most 500), newest first, each once: through the store's `findByCodes` when it
 * has one (one query), otherwise one `findByCode` per code.
 */
export async function findReleasesByCodes(
  repo: ReleaseRepository,
  tenantId: string,
  kind: ReleaseCodeKind,
  codes: readonly string[],
): Promise<ReleaseRecord[]> {
  const keys = releaseCodeKeys(kind, codes);
  if (keys.length === 0) return [];
  if (repo.findByCodes) return repo.findByCodes(tenantId, kind, keys);
  const byId = new Map<string, ReleaseRecord>();
  for (const key of keys) for (const r of await repo.findByCode(tenantId, kind, key)) byId.set(r.id, r);
  // newest first, like the bulk path (updatedAt breaks no ties the stores would not also leave open)
  return [...byId.values()].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}

/** Like {@link releaseCodeKey}, but null for an absent or empty code (used when indexing). */
export function codeKey(kind: ReleaseCodeKind, value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const key =
    kind === 'upc' ? value.replace(/[\s-]/g, '').replace(/^0+/, '') : value.replace(/[\s-]/g, '').toUpperCase();
  return key === '' ? null : key;
}

/** The written forms of a GTIN key a store may hold: EAN-8, UPC-A, EAN-13 and GTIN-14 (zero-padded). */
export function gtinForms(key: string): string[] {
  return [...new Set([8, 12, 13, 14].filter((n) => n >= key.length).map((n) => key.padStart(n, '0')))];
}

/** Whether an indexed release carries the code (reference semantics of {@link ReleaseRepository.findByCode}). */
export function hasCode(index: ReleaseIndex, kind: ReleaseCodeKind, keys: readonly string[]): boolean {
  const has = (value: unknown) => {
    const key = codeKey(kind, value);
    return key !== null && keys.includes(key);
  };
  if (kind === 'upc') return has(index.barcode);
  if (kind === 'grid') return has(index.grid);
  return index.isrcs.some(has);
}
