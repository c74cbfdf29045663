import type { Release } from '@ddex/ern-model';
import type { Page, PageOptions, RecordMeta, TenantId, WriteOptions } from './common';
import type { CatalogStoreError } from './errors';
import type { ReleaseCodeKind } from './release-codes';

/** A stored release: the release document plus its store bookkeeping. */
export interface ReleaseRecord extends RecordMeta {
  /** tenant owning the release */
  tenantId: TenantId;
  /** the release id (unique within the tenant) */
  id: string;
  /** the release document as last written (its `tenantId` is the owning tenant) */
  release: Release;
}

/**
 * What a catalog listing shows of a release: its bookkeeping and the columns stores index, without the document
 * (a page of 50 full releases is ~200 KB of JSON; their summaries are ~15 KB).
 */
export interface ReleaseSummaryRecord extends RecordMeta {
  /** tenant owning the release */
  tenantId: TenantId;
  /** the release id (unique within the tenant) */
  id: string;
  /** release status (`draft` when the document has none) */
  status: string;
  /** release type (`''` when the document has none) */
  type: string;
  /** title (`''` when the document has none) */
  title: string;
  /** display artist (`''` when the document has none) */
  displayArtist: string;
  /** label name */
  label: string | null;
  /** release date, YYYY-MM-DD */
  releaseDate: string | null;
  /** UPC/EAN as written */
  barcode: string | null;
  /** catalog number */
  catalogNumber: string | null;
  /** number of tracks */
  trackCount: number;
}

/** Filters and paging of {@link ReleaseRepository.list}. */
export interface ReleaseListQuery extends PageOptions {
  /** only releases in one of these statuses */
  status?: string | string[];
  /** only releases of one of these types */
  type?: string | string[];
  /** only releases of this label (exact, case-insensitive) */
  label?: string;
  /** only releases whose release date is on or after this date (YYYY-MM-DD) */
  releaseDateFrom?: string;
  /** only releases whose release date is on or before this date (YYYY-MM-DD) */
  releaseDateTo?: string;
  /** only releases matching this text, with the semantics of {@link ReleaseRepository.search} */
  text?: string;
  /**
   * Order of creation. Pages are keyset-paginated, so rows inserted while paging never shift or repeat rows.
   * @default 'desc' (newest first)
   */
  order?: 'asc' | 'desc';
}

/** Options of {@link ReleaseRepository.search}. */
export interface ReleaseSearchOptions {
  /**
   * Most results to return.
   * @default 20 (at most 500)
   */
  limit?: number;
  /** only releases in one of these statuses */
  status?: string | string[];
}

/** Options of {@link ReleaseRepository.writeMany}. */
export interface WriteManyOptions {
  /**
   * `create` fails ids that exist with ALREADY_EXISTS; `upsert` replaces them (a new version).
   * @default 'create'
   */
  mode?: 'create' | 'upsert';
}

/** Outcome of one release of a bulk write, in input order. */
export type WriteManyResult =
  | { ok: true; id: string; record: ReleaseRecord; created: boolean }
  | { ok: false; id: string; error: CatalogStoreError };

/** Releases of one tenant: documents with tracks and asset records, versioned for optimistic concurrency. */
export interface ReleaseRepository {
  /** Stores a new release under `release.id`; ALREADY_EXISTS when the tenant has one with that id. */
  create(tenantId: TenantId, release: Release): Promise<ReleaseRecord>;
  /** Reads a release; NOT_FOUND when the tenant has none with that id. */
  get(tenantId: TenantId, id: string): Promise<ReleaseRecord>;
  /** Reads a release, or null. */
  find(tenantId: TenantId, id: string): Promise<ReleaseRecord | null>;
  /** Replaces a release document; CONFLICT when `expectedVersion` is given and stale. */
  update(tenantId: TenantId, id: string, release: Release, options?: WriteOptions): Promise<ReleaseRecord>;
  /** Sets the status to `archived` (the release stays readable and listable with `status: 'archived'`). */
  archive(tenantId: TenantId, id: string, options?: WriteOptions): Promise<ReleaseRecord>;
  /** Deletes a release; NOT_FOUND when absent, CONFLICT on a stale `expectedVersion`. */
  delete(tenantId: TenantId, id: string, options?: WriteOptions): Promise<void>;
  /** Lists releases with filters, keyset-paginated by creation order. */
  list(tenantId: TenantId, query?: ReleaseListQuery): Promise<Page<ReleaseRecord>>;
  /**
   * Full-text search over title, display artist, label, track titles and artists, ISRCs, UPC/EAN, GRid and catalog
   * number. Every word of `text` must match the start of a word of the release (case and diacritics ignored); codes
   * match whole or by prefix. Best matches first.
   */
  search(tenantId: TenantId, text: string, options?: ReleaseSearchOptions): Promise<ReleaseRecord[]>;
  /**
   * Releases carrying a code, newest first (at most 100, `MAX_CODE_MATCHES`): `upc` matches the UPC/EAN/GTIN (the
   * DDEX ICPN) whatever its zero padding, `grid` the GRid, `isrc` the ISRC of any track. The code's case, spaces and
   * hyphens are ignored (`releaseCodeKey`); stored codes are compared as written, which `parseRelease` normalises.
   * INVALID_ARGUMENT for an unknown kind or an empty code.
   */
  findByCode(tenantId: TenantId, kind: ReleaseCodeKind, code: string): Promise<ReleaseRecord[]>;
  /**
   * Optional bulk lookup for imports: {@link findByCode} for up to 500 codes in one call (at most 100 releases per
   * code), newest first. Call it through `findReleasesByCodes`, which falls back to one lookup per code.
   */
  findByCodes?(tenantId: TenantId, kind: ReleaseCodeKind, codes: readonly string[]): Promise<ReleaseRecord[]>;
  /**
   * Optional bulk path for imports: writes many releases with one commit, each release all-or-nothing (a failing
   * one is reported and the others are kept). Call it through {@link writeReleases}, which falls back to
   * create/update for stores without it.
   */
  writeMany?(tenantId: TenantId, releases: Release[], options?: WriteManyOptions): Promise<WriteManyResult[]>;
  /**
   * Optional fast path of catalog views: {@link list} as summaries, read without the release documents. Call it
   * through `listReleaseSummaries`, which falls back to `list` for stores without it.
   */
  listSummaries?(tenantId: TenantId, query?: ReleaseListQuery): Promise<Page<ReleaseSummaryRecord>>;
  /**
   * Optional fast path of the catalog API: {@link listSummaries} with the items already serialized (see
   * {@link SerializedSummaryPage}), so a page is written by the database instead of copied into objects and
   * stringified again. Call it through `listReleaseSummariesJson`, which serializes `listSummaries` otherwise.
   */
  listSummariesJson?(tenantId: TenantId, query?: ReleaseListQuery): Promise<SerializedSummaryPage>;
  /**
   * Optional fast path of the catalog API: {@link get} with the document as the JSON text it is stored as, so
   * reading one is not a parse and a stringify. Call it through `getReleaseJson`, which stringifies `get` otherwise.
   */
  getJson?(tenantId: TenantId, id: string): Promise<SerializedReleaseRecord>;
}

/** A stored release with its document as JSON text: `JSON.stringify(record.release)`, byte for byte. */
export interface SerializedReleaseRecord extends Omit<ReleaseRecord, 'release'> {
  /** the release document as JSON */
  releaseJson: string;
}

/**
 * A page of release summaries as JSON text: `itemsJson` parses to the page's {@link ReleaseSummaryRecord}s, in list
 * order, each without `tenantId` (the tenant asked for) and with the record's keys in its order.
 */
export interface SerializedSummaryPage {
  /** a JSON array of the page's summaries */
  itemsJson: string;
  /** opaque cursor of the next page, or null on the last page */
  nextCursor: string | null;
}
