import {
  AlreadyExistsError,
  assertId,
  ConflictError,
  codeKey,
  MAX_CODE_MATCHES,
  manyOf,
  matchScore,
  NotFoundError,
  pageSize,
  prepareRelease,
  type ReleaseRecord,
  type ReleaseRepository,
  releaseCodeKey,
  releaseIndex,
  searchWords,
  type WriteOptions,
} from '@ddex/catalog-store';
import type { Release } from '@ddex/ern-model';
import type { DocumentSnapshot, Query } from 'firebase-admin/firestore';
import { ERR, type FsDb, GRPC, grpcCode, pageQuery, withRetry } from './fs-db';
import { lookupToken, searchTokens } from './search-tokens';

/** A release document as stored in `tenants/{tenantId}/releases/{id}`. */
interface ReleaseDoc {
  tenantId: string;
  id: string;
  release: Release;
  version: number;
  createdAt: string;
  updatedAt: string;
  seq: number;
  status: string;
  type: string;
  labelKey: string | null;
  releaseDate: string | null;
  searchTokens: string[];
  upcKey: string | null;
  gridKey: string | null;
  isrcKeys: string[];
}

/** The indexed fields of a release document. */
function indexed(release: Release): Omit<ReleaseDoc, 'tenantId' | 'id' | 'release' | keyof RecordTimes> {
  const index = releaseIndex(release);
  return {
    status: index.status,
    type: index.type,
    labelKey: index.labelKey,
    releaseDate: index.releaseDate,
    searchTokens: searchTokens(index),
    upcKey: codeKey('upc', index.barcode),
    gridKey: codeKey('grid', index.grid),
    isrcKeys: index.isrcs.map((i) => codeKey('isrc', i)).filter((k): k is string => k !== null),
  };
}

interface RecordTimes {
  version: number;
  createdAt: string;
  updatedAt: string;
  seq: number;
}

const toRecord = (d: ReleaseDoc): ReleaseRecord => ({
  tenantId: d.tenantId,
  id: d.id,
  release: d.release,
  version: d.version,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
});

/** Options of {@link fsReleases}. @internal */
export interface FsReleasesOptions {
  /** most documents a search reads before ranking */
  maxCandidates: number;
}

/** Releases on Firestore, versioned with update-time preconditions. @internal */
export function fsReleases(db: FsDb, options: FsReleasesOptions): ReleaseRepository {
  const ref = (tenantId: string, id: string) => {
    db.check(tenantId);
    assertId('release', id);
    return db.doc(tenantId, 'releases', id);
  };

  /** read, check the version, write with the update-time precondition; again on a lost race */
  const rewrite = (
    tenantId: string,
    id: string,
    options: WriteOptions,
    next: (current: ReleaseDoc) => Release,
  ): Promise<ReleaseRecord> =>
    withRetry(async () => {
      const r = ref(tenantId, id);
      const snap = await r.get();
      const current = existing(snap, id);
      if (options.expectedVersion !== undefined && current.version !== options.expectedVersion) {
        throw new ConflictError('release', id, options.expectedVersion, current.version, ERR);
      }
      const release = next(current);
      const doc: ReleaseDoc = {
        ...current,
        ...indexed(release),
        release,
        version: current.version + 1,
        updatedAt: db.now(),
      };
      await r.update({ ...doc }, { lastUpdateTime: snap.updateTime! });
      return toRecord(doc);
    });

  const filtered = (tenantId: string, status: string[] | undefined): Query => {
    let q: Query = db.col(tenantId, 'releases');
    if (status?.length === 1) q = q.where('status', '==', status[0]);
    else if (status) q = q.where('status', 'in', status.slice(0, 30));
    return q;
  };

  return {
    async create(tenantId, input) {
      const release = prepareRelease(tenantId, input);
      await db.requireTenant(tenantId);
      const now = db.now();
      const doc: ReleaseDoc = {
        tenantId,
        id: release.id,
        release,
        version: 1,
        createdAt: now,
        updatedAt: now,
        seq: db.seq(),
        ...indexed(release),
      };
      try {
        await ref(tenantId, release.id).create(doc);
      } catch (error) {
        if (grpcCode(error) === GRPC.ALREADY_EXISTS) throw new AlreadyExistsError('release', release.id, ERR);
        throw error;
      }
      return toRecord(doc);
    },
    async get(tenantId, id) {
      return toRecord(existing(await ref(tenantId, id).get(), id));
    },
    async find(tenantId, id) {
      const snap = await ref(tenantId, id).get();
      return snap.exists ? toRecord(snap.data() as ReleaseDoc) : null;
    },
    async update(tenantId, id, input, options = {}) {
      const release = prepareRelease(tenantId, input, id);
      return rewrite(tenantId, id, options, () => release);
    },
    async archive(tenantId, id, options = {}) {
      return rewrite(tenantId, id, options, (current) => ({ ...current.release, status: 'archived' }) as Release);
    },
    async delete(tenantId, id, options = {}) {
      await withRetry(async () => {
        const r = ref(tenantId, id);
        const snap = await r.get();
        const current = existing(snap, id);
        if (options.expectedVersion !== undefined && current.version !== options.expectedVersion) {
          throw new ConflictError('release', id, options.expectedVersion, current.version, ERR);
        }
        await r.delete({ lastUpdateTime: snap.updateTime! });
      });
    },
    async list(tenantId, query = {}) {
      db.check(tenantId);
      const limit = pageSize(query.limit);
      const status = manyOf(query.status);
      const types = manyOf(query.type);
      const words = query.text === undefined ? undefined : searchWords(query.text);
      let q = filtered(tenantId, status);
      if (types?.length === 1) q = q.where('type', '==', types[0]);
      if (query.label !== undefined) q = q.where('labelKey', '==', query.label.toLowerCase());
      if (words !== undefined) {
        const token = lookupToken(words);
        if (token === null) return { items: [], nextCursor: null };
        q = q.where('searchTokens', 'array-contains', token);
      }
      return pageQuery({
        query: q,
        cursor: query.cursor,
        limit,
        order: query.order ?? 'desc',
        map: (snap) => {
          const d = snap.data() as ReleaseDoc;
          if (types !== undefined && !types.includes(d.type)) return null;
          if (query.releaseDateFrom !== undefined && (d.releaseDate ?? '') < query.releaseDateFrom) return null;
          if (query.releaseDateTo !== undefined && (d.releaseDate === null || d.releaseDate > query.releaseDateTo))
            return null;
          if (words !== undefined && matchScore(releaseIndex(d.release), words) === 0) return null;
          return toRecord(d);
        },
      });
    },
    async search(tenantId, text, searchOptions = {}) {
      db.check(tenantId);
      const limit = searchOptions.limit === undefined ? 20 : pageSize(searchOptions.limit);
      const words = searchWords(String(text ?? ''));
      const token = lookupToken(words);
      if (token === null) return [];
      const snap = await filtered(tenantId, manyOf(searchOptions.status))
        .where('searchTokens', 'array-contains', token)
        .orderBy('seq', 'desc')
        .limit(options.maxCandidates)
        .get();
      return snap.docs
        .map((s) => {
          const d = s.data() as ReleaseDoc;
          return { d, score: matchScore(releaseIndex(d.release), words) };
        })
        .filter((h) => h.score > 0)
        .sort((a, b) => b.score - a.score || b.d.seq - a.d.seq)
        .slice(0, limit)
        .map((h) => toRecord(h.d));
    },
    async findByCode(tenantId, kind, code) {
      db.check(tenantId);
      const key = releaseCodeKey(kind, code);
      const col = db.col(tenantId, 'releases');
      const q =
        kind === 'isrc'
          ? col.where('isrcKeys', 'array-contains', key)
          : col.where(kind === 'upc' ? 'upcKey' : 'gridKey', '==', key);
      const snap = await q.orderBy('seq', 'desc').limit(MAX_CODE_MATCHES).get();
      return snap.docs.map((s) => toRecord(s.data() as ReleaseDoc));
    },
  };
}

function existing(snap: DocumentSnapshot, id: string): ReleaseDoc {
  if (!snap.exists) throw new NotFoundError('release', id, ERR);
  return snap.data() as ReleaseDoc;
}
