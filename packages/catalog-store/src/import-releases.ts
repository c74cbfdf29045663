import { parseRelease, type Release } from '@ddex/ern-model';
import { findReleasesByCodes } from './release-codes';
import type { ReleaseRecord, ReleaseRepository } from './releases';
import { writeReleases } from './write-releases';

/** One record of a catalog being imported, as read from its file. */
export interface ImportRecord {
  /** where the record is, for messages: `release 3`, `line 12`, `rows 4-15`, `deliveries/a.xml` */
  ref: string;
  /** the release in the JSON import format (checked with `parseRelease`); its `tenantId` is ignored */
  value: unknown;
  /** where a field of the release is in the file (CSV: the row and column); default: `ref` and the JSON path */
  locate?(path: string): { ref: string; field: string };
  /** problems the reader already found; the record is then rejected whole */
  issues?: ImportIssue[];
}

/** A problem with one record: where it is, which field, and what is wrong. */
export interface ImportIssue {
  /** where the record (or its row) is, see {@link ImportRecord.ref} */
  ref: string;
  /** the release id, when the record has one */
  releaseId?: string;
  /** the field (JSON path or CSV column); empty for the record as a whole */
  field: string;
  /** stable code: a `parseRelease` code, a store error code, or a reader's code */
  code: string;
  /** readable sentence */
  message: string;
}

/** Running totals of an import. */
export interface ImportSummary {
  /** records read */
  read: number;
  /** new releases */
  created: number;
  /** existing releases replaced (matched on release id, UPC or GRid) */
  updated: number;
  /** records equal to the stored release (nothing written) */
  unchanged: number;
  /** records rejected whole (bad data, or refused by the store) */
  failed: number;
}

/** Options of {@link importReleases}. */
export interface ImportReleasesOptions {
  /**
   * Releases written per `writeMany` call (one transaction on stores that have it).
   * @default 500
   */
  batchSize?: number;
  /** combines a stored release with an incoming record that carries fewer fields (e.g. a CSV row) */
  merge?(stored: Release, incoming: Release): Release;
  /** called for every rejected record (messages stream out; the import keeps no list) */
  onIssue?(issue: ImportIssue): void;
  /** called after every batch with the totals so far */
  onProgress?(summary: Readonly<ImportSummary>): void;
}

interface Pending {
  record: ImportRecord;
  release: Release;
  /** the stored release this record replaces, when found by code (or read for `merge`) */
  stored?: ReleaseRecord;
}

const codesOf = (r: Release) => ({ upc: r.metadata.barcode, grid: r.metadata.grid });
/** JSON with object keys sorted: equal documents compare equal whatever key order a store keeps (jsonb sorts). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}
const same = (a: Release, b: Release) => canonical(a) === canonical(b);

/**
 * Imports a stream of records into a tenant's releases, in batches, with constant memory. Each record is checked
 * with `parseRelease` and written whole or not at all (per-release atomicity of {@link writeReleases}); a bad record
 * is reported through `onIssue` and the import goes on. Importing the same records twice duplicates nothing: a
 * record replaces the stored release with its id, else the one with its UPC/EAN, else the one with its GRid (then
 * keeping the stored id), and a record equal to the stored release is counted `unchanged` and not written.
 */
export async function importReleases(
  repo: ReleaseRepository,
  tenantId: string,
  records: AsyncIterable<ImportRecord> | Iterable<ImportRecord>,
  options: ImportReleasesOptions = {},
): Promise<ImportSummary> {
  const batchSize = options.batchSize ?? 500;
  const summary: ImportSummary = { read: 0, created: 0, updated: 0, unchanged: 0, failed: 0 };
  const reject = (issue: ImportIssue) => options.onIssue?.(issue);
  let batch: Pending[] = [];
  let keys = new Set<string>();

  const flush = async () => {
    if (batch.length === 0) return;
    await writeBatch(repo, tenantId, batch, options, summary, reject);
    batch = [];
    keys = new Set();
    options.onProgress?.(summary);
  };

  for await (const record of records) {
    summary.read++;
    const release = checked(record, reject);
    if (!release) {
      summary.failed++;
      continue;
    }
    // a record naming a release already in this batch waits for the batch to be written, so it updates it
    const { upc, grid } = codesOf(release);
    const own = [`id:${release.id}`, upc && `upc:${upc}`, grid && `grid:${grid}`].filter((k): k is string => !!k);
    if (own.some((k) => keys.has(k))) await flush();
    for (const k of own) keys.add(k);
    batch.push({ record, release });
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return summary;
}

/** The record's release, parsed, or undefined after reporting its issues. */
function checked(record: ImportRecord, reject: (issue: ImportIssue) => void): Release | undefined {
  const value = record.value as { id?: unknown; tenantId?: unknown } | null;
  const releaseId = typeof value?.id === 'string' ? value.id : undefined;
  if (record.issues?.length) {
    for (const issue of record.issues) reject({ ...issue, ...(releaseId && { releaseId }) });
    return undefined;
  }
  // the catalog may come from another tenant (an export): the target tenant owns what is imported
  const input = value && typeof value === 'object' ? { ...value, tenantId: undefined } : value;
  const parsed = parseRelease(input);
  if (parsed.success) {
    const { tenantId: _ignored, ...release } = parsed.data;
    return release as Release;
  }
  for (const issue of parsed.issues) {
    const at = record.locate?.(issue.path) ?? { ref: record.ref, field: issue.path };
    reject({ ...at, ...(releaseId && { releaseId }), code: issue.code, message: issue.message });
  }
  return undefined;
}

async function writeBatch(
  repo: ReleaseRepository,
  tenantId: string,
  batch: Pending[],
  options: ImportReleasesOptions,
  summary: ImportSummary,
  reject: (issue: ImportIssue) => void,
): Promise<void> {
  const byUpc = new Map<string, ReleaseRecord>();
  const byGrid = new Map<string, ReleaseRecord>();
  const upcs = batch.map((p) => codesOf(p.release).upc).filter((c): c is string => !!c);
  const grids = batch.map((p) => codesOf(p.release).grid).filter((c): c is string => !!c);
  // newest first: the first stored release with a code wins
  for (const r of (await findReleasesByCodes(repo, tenantId, 'upc', upcs)).reverse()) {
    if (r.release.metadata?.barcode) byUpc.set(r.release.metadata.barcode, r);
  }
  for (const r of (await findReleasesByCodes(repo, tenantId, 'grid', grids)).reverse()) {
    if (r.release.metadata?.grid) byGrid.set(r.release.metadata.grid, r);
  }
  for (const p of batch) {
    const { upc, grid } = codesOf(p.release);
    const match = (upc && byUpc.get(upc)) || (grid && byGrid.get(grid)) || undefined;
    if (match && match.id !== p.release.id) {
      // the release id decides first: only a record whose id is new adopts the id of the release with its code
      const byId = await repo.find(tenantId, p.release.id);
      if (byId) p.stored = byId;
      else {
        p.release = { ...p.release, id: match.id };
        p.stored = match;
      }
    } else if (match) p.stored = match;
    else if (options.merge) p.stored = (await repo.find(tenantId, p.release.id)) ?? undefined;
    if (p.stored && options.merge) p.release = options.merge(p.stored.release, p.release);
  }
  const toWrite = batch.filter((p) => {
    if (!p.stored || !same({ ...p.release, tenantId }, p.stored.release)) return true;
    summary.unchanged++;
    return false;
  });
  const results = await writeReleases(
    repo,
    tenantId,
    toWrite.map((p) => p.release),
    { mode: 'upsert' },
  );
  results.forEach((result, i) => {
    if (result.ok) {
      if (result.created) summary.created++;
      else summary.updated++;
      return;
    }
    summary.failed++;
    const { record, release } = toWrite[i]!;
    reject({
      ref: record.ref,
      releaseId: release.id,
      field: '',
      code: result.error.code,
      message: result.error.message,
    });
  });
}
