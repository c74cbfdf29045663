/** Id of a tenant; every store call carries one. */
export type TenantId = string;

/** Milliseconds since the epoch; stores take one so tests can move time. */
export type Clock = () => number;

/** One page of a cursor-paginated list. */
export interface Page<T> {
  /** the items of this page, in list order */
  items: T[];
  /** opaque cursor of the next page, or null on the last page */
  nextCursor: string | null;
}

/** Cursor pagination options shared by every list method. */
export interface PageOptions {
  /** cursor from a previous page's `nextCursor`; omit for the first page */
  cursor?: string | null;
  /**
   * Page size.
   * @default 50 (at most 500)
   */
  limit?: number;
}

/** Fields every versioned record carries. */
export interface RecordMeta {
  /** incremented by every write; pass it back as `expectedVersion` */
  version: number;
  /** ISO 8601 instant of creation */
  createdAt: string;
  /** ISO 8601 instant of the last write */
  updatedAt: string;
}

/** Options of writes that support optimistic concurrency. */
export interface WriteOptions {
  /** fail with a `CONFLICT` error unless the stored version is this one */
  expectedVersion?: number;
}

/** Options of operations that can be cancelled. */
export interface AbortableOptions {
  /** aborts the operation */
  signal?: AbortSignal;
}

/** A logger the store may report to; stores never write to the console. */
export interface StoreLogger {
  /** debug detail */
  debug?(message: string, data?: Record<string, unknown>): void;
  /** something unusual but handled */
  warn?(message: string, data?: Record<string, unknown>): void;
}

/** Largest page size any list method returns. */
export const MAX_PAGE_SIZE = 500;
/** Page size when `limit` is omitted. */
export const DEFAULT_PAGE_SIZE = 50;
