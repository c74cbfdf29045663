import { randomBytes } from 'node:crypto';
import {
  assertTenantId,
  type BackoffOptions,
  CatalogStoreError,
  type Clock,
  invalidArgument,
  NotFoundError,
} from '@ddex/catalog-store';
import {
  type CollectionReference,
  type DocumentReference,
  type DocumentSnapshot,
  FieldPath,
  type Firestore,
  type Query,
  type QueryDocumentSnapshot,
} from 'firebase-admin/firestore';

/** Name of the store, carried by its errors. @internal */
export const STORE_NAME = 'firestore';
/** Options every error of this store carries. @internal */
export const ERR = { store: STORE_NAME };

/** gRPC status codes the Firestore client reports. @internal */
export const GRPC = { NOT_FOUND: 5, ALREADY_EXISTS: 6, FAILED_PRECONDITION: 9, ABORTED: 10 } as const;

/** The gRPC code of a Firestore error, if it has one. @internal */
export function grpcCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/**
 * Shared state of one Firestore store: the database, the clock, the order keys, and the tenant check.
 * Paths follow the blueprint: `tenants/{tenantId}` with `releases`, `targets`, `deliveries`, `jobs`, `users`,
 * `apiKeys`, `credentials` and `audit` under it. @internal
 */
export class FsDb {
  closed = false;
  private lastSeq = 0;
  private readonly knownTenants = new Set<string>();

  constructor(
    readonly db: Firestore,
    readonly clock: Clock,
    readonly backoff: BackoffOptions,
  ) {}

  /** now as ISO */
  now(): string {
    return new Date(this.clock()).toISOString();
  }

  /**
   * A new order key: microseconds of the clock plus a random part, strictly increasing within this process. Keys of
   * other processes interleave by time; ties are broken by document id, so pagination never skips or repeats.
   */
  seq(): number {
    const candidate = this.clock() * 1000 + (randomBytes(2).readUInt16BE(0) % 1000);
    this.lastSeq = Math.max(candidate, this.lastSeq + 1);
    return this.lastSeq;
  }

  /** throws when closed; validates the tenant id */
  check(tenantId?: string): void {
    if (this.closed) throw new CatalogStoreError('CLOSED', 'store is closed', ERR);
    if (tenantId !== undefined) assertTenantId(tenantId);
  }

  /** throws NOT_FOUND unless the tenant exists (tenants are never deleted, so a positive answer is cached) */
  async requireTenant(tenantId: string): Promise<void> {
    this.check(tenantId);
    if (this.knownTenants.has(tenantId)) return;
    const snap = await this.tenantDoc(tenantId).get();
    if (!snap.exists) throw new NotFoundError('tenant', tenantId, ERR);
    this.knownTenants.add(tenantId);
  }

  /** remembers a tenant this process created */
  rememberTenant(tenantId: string): void {
    this.knownTenants.add(tenantId);
  }

  /** `tenants/{tenantId}` */
  tenantDoc(tenantId: string): DocumentReference {
    return this.db.collection('tenants').doc(tenantId);
  }

  /** a collection under the tenant, e.g. `tenants/{tenantId}/releases` */
  col(tenantId: string, name: string): CollectionReference {
    return this.tenantDoc(tenantId).collection(name);
  }

  /** a document under the tenant, its id encoded by {@link docId} */
  doc(tenantId: string, name: string, id: string): DocumentReference {
    return this.col(tenantId, name).doc(docId(id));
  }
}

const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._:@+=-]{0,255}$/;

/**
 * The Firestore document id of an entity id. Ids that are safe as-is (letters, digits and `._:@+=-`, not starting
 * with a dot or underscore) are kept, so documents read naturally in the console; anything else (a `/`, spaces,
 * `__x__`) becomes `~` plus its base64url form, which cannot collide with a kept id. @internal
 */
export function docId(id: string): string {
  return SAFE_ID.test(id) && !/^__.*__$/.test(id) ? id : `~${Buffer.from(id, 'utf8').toString('base64url')}`;
}

/** The position of a document in an ordered listing: its order key and document id. @internal */
export interface Position {
  seq: number;
  id: string;
}

/** Encodes a listing position as an opaque cursor. @internal */
export function encodePosition(position: Position): string {
  return Buffer.from(`f1:${position.seq}:${position.id}`, 'utf8').toString('base64url');
}

/** Decodes a cursor of {@link encodePosition}; INVALID_ARGUMENT on anything else. @internal */
export function decodePosition(cursor: string | null | undefined): Position | null {
  if (cursor === null || cursor === undefined || cursor === '') return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const m = /^f1:(\d{1,17}):(.+)$/s.exec(text);
  if (!m) throw invalidArgument(`invalid cursor ${JSON.stringify(cursor)}`, ERR);
  return { seq: Number(m[1]), id: m[2]! };
}

/** Options of {@link pageQuery}. @internal */
export interface PageQueryOptions<T> {
  /** the filtered query, not yet ordered */
  query: Query;
  /** cursor of the previous page */
  cursor?: string | null;
  /** page size (validated) */
  limit: number;
  /** order of `seq` */
  order: 'asc' | 'desc';
  /** turns a document into an item, or null to drop it (filters Firestore cannot express) */
  map: (snap: QueryDocumentSnapshot) => T | null;
}

/**
 * Keyset pagination by (`seq`, document id). Filters Firestore cannot run are applied by `map`; the query is then
 * read in batches until the page is full, so a page is always full unless the listing ends. @internal
 */
export async function pageQuery<T>(options: PageQueryOptions<T>): Promise<{ items: T[]; nextCursor: string | null }> {
  let position = decodePosition(options.cursor);
  const ordered = options.query.orderBy('seq', options.order).orderBy(FieldPath.documentId(), options.order);
  const items: { item: T; position: Position }[] = [];
  const batch = Math.min(500, options.limit + 1);
  for (;;) {
    const q = position === null ? ordered : ordered.startAfter(position.seq, position.id);
    const snap = await q.limit(batch).get();
    const before = position;
    for (const d of snap.docs) {
      position = { seq: d.get('seq') as number, id: d.id };
      const item = options.map(d);
      if (item !== null) items.push({ item, position });
      if (items.length > options.limit) break;
    }
    if (items.length > options.limit || snap.size < batch) break;
    // a backend that ignored the cursor would hand back the same batch forever
    if (before !== null && position !== null && before.seq === position.seq && before.id === position.id) break;
  }
  const page = items.slice(0, options.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((p) => p.item),
    nextCursor: items.length > options.limit && last ? encodePosition(last.position) : null,
  };
}

/** The data of a snapshot that exists. @internal */
export function dataOf<T>(snap: DocumentSnapshot): T {
  return snap.data() as T;
}

/**
 * Runs a read-check-write step with optimistic concurrency on update times: `step` reads, decides and writes with a
 * `lastUpdateTime` precondition; when another writer got there first (FAILED_PRECONDITION) it runs again on fresh
 * data. Gives up after `attempts` rounds with ABORTED. @internal
 */
export async function withRetry<T>(step: () => Promise<T>, attempts = 20): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await step();
    } catch (error) {
      if (grpcCode(error) !== GRPC.FAILED_PRECONDITION || i + 1 >= attempts) {
        if (grpcCode(error) === GRPC.FAILED_PRECONDITION) {
          throw new CatalogStoreError('ABORTED', 'too much write contention; try again', { ...ERR, cause: error });
        }
        throw error;
      }
      await new Promise((r) => setTimeout(r, Math.random() * 10 * (i + 1)));
    }
  }
}
