import type { Page } from './common';
import { type ReleaseIndex, releaseIndex } from './release-index';
import type {
  ReleaseListQuery,
  ReleaseRecord,
  ReleaseRepository,
  ReleaseSummaryRecord,
  SerializedReleaseRecord,
  SerializedSummaryPage,
} from './releases';

/** The summary of a stored release, with the same defaults as the indexed columns ({@link releaseIndex}). */
export function releaseSummary(record: ReleaseRecord): ReleaseSummaryRecord {
  return { tenantId: record.tenantId, ...summaryFromIndex(record, releaseIndex(record.release)) };
}

/**
 * A summary without its tenant, from a release's record fields and its indexed values (keys in the record's order,
 * so stores that keep it as JSON write the same text as `JSON.stringify` of a summary).
 */
export function summaryFromIndex(
  meta: { id: string; version: number; createdAt: string; updatedAt: string },
  ix: ReleaseIndex,
): Omit<ReleaseSummaryRecord, 'tenantId'> {
  return {
    id: meta.id,
    version: meta.version,
    createdAt: meta.createdAt,
    updatedAt: meta.updatedAt,
    status: ix.status,
    type: ix.type,
    title: ix.title,
    displayArtist: ix.displayArtist,
    label: ix.label,
    releaseDate: ix.releaseDate,
    barcode: ix.barcode,
    catalogNumber: ix.catalogNumber,
    trackCount: ix.trackCount,
  };
}

/**
 * A page of release summaries: through the store's `listSummaries` when it has one (no documents read), otherwise
 * `list` summarised here. Same filters, order and cursors as `list`.
 */
export async function listReleaseSummaries(
  repo: ReleaseRepository,
  tenantId: string,
  query?: ReleaseListQuery,
): Promise<Page<ReleaseSummaryRecord>> {
  if (repo.listSummaries) return repo.listSummaries(tenantId, query);
  const page = await repo.list(tenantId, query);
  return { items: page.items.map(releaseSummary), nextCursor: page.nextCursor };
}

/**
 * A page of release summaries serialized (see {@link SerializedSummaryPage}): through the store's
 * `listSummariesJson` when it has one, otherwise {@link listReleaseSummaries} stringified here.
 */
export async function listReleaseSummariesJson(
  repo: ReleaseRepository,
  tenantId: string,
  query?: ReleaseListQuery,
): Promise<SerializedSummaryPage> {
  if (repo.listSummariesJson) return repo.listSummariesJson(tenantId, query);
  const page = await listReleaseSummaries(repo, tenantId, query);
  const items = page.items.map(({ tenantId: _tenant, ...summary }) => summary);
  return { itemsJson: JSON.stringify(items), nextCursor: page.nextCursor };
}

/**
 * A stored release with its document as JSON text: through the store's `getJson` when it has one (the stored text
 * as is), otherwise `get` stringified here. NOT_FOUND as `get`.
 */
export async function getReleaseJson(
  repo: ReleaseRepository,
  tenantId: string,
  id: string,
): Promise<SerializedReleaseRecord> {
  if (repo.getJson) return repo.getJson(tenantId, id);
  const { release, ...meta } = await repo.get(tenantId, id);
  return { ...meta, releaseJson: JSON.stringify(release) };
}
