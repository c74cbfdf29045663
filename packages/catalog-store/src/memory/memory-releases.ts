import type { Release } from '@ddex/ern-model';
import type { Page, WriteOptions } from '../common';
import { pageBySeq, pageSize } from '../cursor';
import { AlreadyExistsError, ConflictError, NotFoundError } from '../errors';
import { assertId, manyOf, prepareRelease } from '../prepare';
import { hasCode, MAX_CODE_MATCHES, type ReleaseCodeKind, releaseCodeKey, releaseCodeKeys } from '../release-codes';
import { matchScore, type ReleaseIndex, releaseIndex, searchWords } from '../release-index';
import type { ReleaseListQuery, ReleaseRecord, ReleaseRepository, ReleaseSearchOptions } from '../releases';
import { clone, type MemoryState, tk } from './state';

interface Row {
  seq: number;
  record: ReleaseRecord;
  index: ReleaseIndex;
}

/** In-memory releases. @internal */
export function memoryReleases(state: MemoryState): ReleaseRepository {
  const rows = new Map<string, Row>();
  const opts = { store: 'memory' };

  const row = (tenantId: string, id: string): Row => {
    state.check(tenantId);
    assertId('release', id);
    const r = rows.get(tk(tenantId, id));
    if (!r) throw new NotFoundError('release', id, opts);
    return r;
  };
  const checkVersion = (r: Row, options?: WriteOptions) => {
    if (options?.expectedVersion !== undefined && options.expectedVersion !== r.record.version) {
      throw new ConflictError('release', r.record.id, options.expectedVersion, r.record.version, opts);
    }
  };
  const write = (r: Row, release: Release): ReleaseRecord => {
    r.record = { ...r.record, release, version: r.record.version + 1, updatedAt: state.now() };
    r.index = releaseIndex(release);
    return clone(r.record);
  };
  const matches = (r: Row, tenantId: string, q: ReleaseListQuery | ReleaseSearchOptions): boolean => {
    if (r.record.tenantId !== tenantId) return false;
    const status = manyOf(q.status);
    if (status && !status.includes(r.index.status)) return false;
    if ('type' in q || 'label' in q || 'releaseDateFrom' in q || 'releaseDateTo' in q) {
      const lq = q as ReleaseListQuery;
      const type = manyOf(lq.type);
      if (type && !type.includes(r.index.type)) return false;
      if (lq.label !== undefined && r.index.labelKey !== lq.label.toLowerCase()) return false;
      const d = r.index.releaseDate;
      if (lq.releaseDateFrom !== undefined && (d === null || d < lq.releaseDateFrom)) return false;
      if (lq.releaseDateTo !== undefined && (d === null || d > lq.releaseDateTo)) return false;
    }
    return true;
  };

  const findCodes = async (tenantId: string, kind: ReleaseCodeKind, keys: string[]): Promise<ReleaseRecord[]> => {
    state.check(tenantId);
    return [...rows.values()]
      .filter((r) => r.record.tenantId === tenantId && hasCode(r.index, kind, keys))
      .sort((a, b) => b.seq - a.seq)
      .slice(0, MAX_CODE_MATCHES * keys.length)
      .map((r) => clone(r.record));
  };

  return {
    async create(tenantId, release) {
      state.requireTenant(tenantId);
      const doc = prepareRelease(tenantId, release);
      const key = tk(tenantId, doc.id);
      if (rows.has(key)) throw new AlreadyExistsError('release', doc.id, opts);
      const now = state.now();
      const record: ReleaseRecord = { tenantId, id: doc.id, version: 1, createdAt: now, updatedAt: now, release: doc };
      rows.set(key, { seq: state.seq(), record, index: releaseIndex(doc) });
      return clone(record);
    },
    async get(tenantId, id) {
      return clone(row(tenantId, id).record);
    },
    async find(tenantId, id) {
      state.check(tenantId);
      const r = rows.get(tk(tenantId, id));
      return r ? clone(r.record) : null;
    },
    async update(tenantId, id, release, options) {
      const r = row(tenantId, id);
      const doc = prepareRelease(tenantId, release, id);
      checkVersion(r, options);
      return write(r, doc);
    },
    async archive(tenantId, id, options) {
      const r = row(tenantId, id);
      checkVersion(r, options);
      return write(r, { ...clone(r.record.release), status: 'archived' });
    },
    async delete(tenantId, id, options) {
      const r = row(tenantId, id);
      checkVersion(r, options);
      rows.delete(tk(tenantId, id));
    },
    async list(tenantId, query = {}): Promise<Page<ReleaseRecord>> {
      state.check(tenantId);
      const words =
        query.text === undefined || searchWords(query.text).length === 0 ? undefined : searchWords(query.text);
      const hits = [...rows.values()].filter(
        (r) => matches(r, tenantId, query) && (words === undefined || matchScore(r.index, words) > 0),
      );
      const page = pageBySeq(hits, (r) => r.seq, query);
      return { items: page.items.map((r) => clone(r.record)), nextCursor: page.nextCursor };
    },
    async findByCode(tenantId, kind, code) {
      return findCodes(tenantId, kind, [releaseCodeKey(kind, code)]);
    },
    async findByCodes(tenantId, kind, codes) {
      return findCodes(tenantId, kind, releaseCodeKeys(kind, codes));
    },
    async search(tenantId, text, options = {}) {
      state.check(tenantId);
      const limit = options.limit === undefined ? 20 : pageSize(options.limit);
      const words = searchWords(text);
      return [...rows.values()]
        .filter((r) => matches(r, tenantId, options))
        .map((r) => ({ r, score: matchScore(r.index, words) }))
        .filter((h) => h.score > 0)
        .sort((a, b) => b.score - a.score || b.r.seq - a.r.seq)
        .slice(0, limit)
        .map((h) => clone(h.r.record));
    },
  };
}
