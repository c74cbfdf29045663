import type { Release } from '@ddex/ern-model';
import { notFound } from '../errors';
import { authorize, type Principal } from '../principal';
import type { ServiceContext } from './context';

/** The bytes of a stored asset, or a range of them, as `GET …/assets/:assetId/content` sends them. */
export interface AssetContent {
  /** the whole file's size */
  size: number;
  /** MIME type given when it was stored */
  contentType: string;
  /** the record's file name */
  fileName: string;
  /** MD5 of the whole file */
  md5: string;
  /** the bytes sent, inclusive; absent for the whole file; `unsatisfiable` for a range beyond it (nothing sent) */
  range?: { start: number; end: number } | 'unsatisfiable';
  /** the bytes */
  body: AsyncIterable<Uint8Array>;
}

/** One asset whose audio is byte-for-byte another's (same MD5). */
export interface DuplicateAsset {
  /** the asset of this release */
  assetId: string;
  /** its MD5 */
  md5: string;
  /** other audio assets of the same release with the same MD5 */
  sameRelease: string[];
  /** files of the tenant's other releases with the same MD5 */
  otherReleases: { releaseId: string; assetId: string }[];
}

/** What `GET …/assets/duplicates` answers. */
export interface DuplicateReport {
  /** audio assets with a twin */
  items: DuplicateAsset[];
  /** files of other releases compared */
  scanned: number;
  /** true when the tenant has more stored files than were compared */
  truncated: boolean;
}

/** Files of other releases compared at most: a duplicate check, not a catalog scan. */
export const DUPLICATE_SCAN_LIMIT = 5000;

type AssetRecord = Release['assets']['audio'][number] | Release['assets']['images'][number];

/**
 * Parses a `Range` header against a file size: one range (`bytes=a-b`, `bytes=a-`, `bytes=-n`), undefined for none
 * (several ranges, or a malformed header, are answered with the whole file), `unsatisfiable` beyond the file.
 */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  return start >= size || end < start ? 'unsatisfiable' : { start, end };
}

async function* slice(source: AsyncIterable<Uint8Array | string>, start: number, end: number) {
  let pos = 0;
  for await (const raw of source) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
    const from = Math.max(0, start - pos);
    const to = Math.min(chunk.byteLength, end + 1 - pos);
    pos += chunk.byteLength;
    if (to > from) yield chunk.subarray(from, to);
    if (pos > end) return; // the rest is never read
  }
}

async function* emptyStream(): AsyncIterable<Uint8Array> {}

async function findRecord(ctx: ServiceContext, p: Principal, releaseId: string, assetId: string) {
  const { release } = await ctx.store.releases.get(p.tenantId, releaseId);
  const record: AssetRecord | undefined =
    release.assets.audio.find((a) => a.id === assetId) ?? release.assets.images.find((a) => a.id === assetId);
  if (!record?.storageKey) throw notFound('asset', assetId);
  return record as AssetRecord & { storageKey: string };
}

/**
 * Opens a release's asset for the signed-in user's tenant, whole or a `Range` of it (audio players seek with one).
 * Only files named by the release's records are served, and only from the principal's tenant.
 */
export async function openAssetContent(
  ctx: ServiceContext,
  p: Principal,
  releaseId: string,
  assetId: string,
  rangeHeader?: string,
): Promise<AssetContent> {
  authorize(p, 'catalog:read');
  const record = await findRecord(ctx, p, releaseId, assetId);
  const info = await ctx.store.assets.stat(p.tenantId, record.storageKey);
  if (!info) throw notFound('asset file', assetId);
  const range = parseRange(rangeHeader, info.size);
  const head = {
    size: info.size,
    contentType: info.contentType || 'application/octet-stream',
    fileName: record.fileName,
    md5: info.md5,
  };
  if (range === 'unsatisfiable') return { ...head, range, body: slice(emptyStream(), 0, -1) };
  const stream = (await ctx.store.assets.get(p.tenantId, record.storageKey)) as AsyncIterable<Uint8Array>;
  return range ? { ...head, range, body: slice(stream, range.start, range.end) } : { ...head, body: stream };
}

/**
 * Audio assets of a release that are byte-for-byte another file: another track's audio in the same release (from
 * the records' MD5s), or a file uploaded to another release of the tenant (from the asset store's listing of
 * `releases/`, at most {@link DUPLICATE_SCAN_LIMIT} files).
 */
export async function findDuplicateAssets(
  ctx: ServiceContext,
  p: Principal,
  releaseId: string,
): Promise<DuplicateReport> {
  authorize(p, 'catalog:read');
  const { release } = await ctx.store.releases.get(p.tenantId, releaseId);
  const mine = release.assets.audio.filter((a): a is typeof a & { md5: string } => Boolean(a.md5));
  const byMd5 = new Map<string, { releaseId: string; assetId: string }[]>();
  for (const a of mine) byMd5.set(a.md5.toLowerCase(), []);
  let scanned = 0;
  let cursor: string | undefined;
  let truncated = false;
  if (byMd5.size > 0) {
    do {
      const page = await ctx.store.assets.list(p.tenantId, { prefix: 'releases/', cursor, limit: 500 });
      for (const f of page.items) {
        const owner = f.metadata.releaseId ?? f.key.split('/')[1] ?? '';
        if (owner === releaseId) continue;
        scanned++;
        byMd5.get(f.md5.toLowerCase())?.push({ releaseId: owner, assetId: f.metadata.assetId ?? f.key });
      }
      cursor = page.nextCursor ?? undefined;
      truncated = Boolean(cursor) && scanned >= DUPLICATE_SCAN_LIMIT;
    } while (cursor && !truncated);
  }
  const items: DuplicateAsset[] = [];
  for (const a of mine) {
    const md5 = a.md5.toLowerCase();
    const sameRelease = mine.filter((b) => b.id !== a.id && b.md5.toLowerCase() === md5).map((b) => b.id);
    const otherReleases = byMd5.get(md5) ?? [];
    if (sameRelease.length || otherReleases.length) items.push({ assetId: a.id, md5, sameRelease, otherReleases });
  }
  return { items, scanned, truncated };
}
