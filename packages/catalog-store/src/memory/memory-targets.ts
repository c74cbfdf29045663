import type { DeliveryTarget } from '@ddex/ern-model';
import { pageBySeq } from '../cursor';
import { AlreadyExistsError, ConflictError, NotFoundError } from '../errors';
import { assertId, prepareTarget } from '../prepare';
import type { TargetRecord, TargetRepository } from '../targets';
import { clone, type MemoryState, tk } from './state';

interface Row {
  seq: number;
  record: TargetRecord;
}

/** In-memory delivery targets. @internal */
export function memoryTargets(state: MemoryState): { repo: TargetRepository; exists(t: string, id: string): boolean } {
  const rows = new Map<string, Row>();
  const opts = { store: 'memory' };
  const row = (tenantId: string, id: string): Row => {
    state.check(tenantId);
    assertId('target', id);
    const r = rows.get(tk(tenantId, id));
    if (!r) throw new NotFoundError('target', id, opts);
    return r;
  };
  const repo: TargetRepository = {
    async create(tenantId, target) {
      state.requireTenant(tenantId);
      const doc = prepareTarget(tenantId, target);
      const key = tk(tenantId, doc.id);
      if (rows.has(key)) throw new AlreadyExistsError('target', doc.id, opts);
      const now = state.now();
      const record: TargetRecord = { tenantId, id: doc.id, version: 1, createdAt: now, updatedAt: now, target: doc };
      rows.set(key, { seq: state.seq(), record });
      return clone(record);
    },
    async get(tenantId, id) {
      return clone(row(tenantId, id).record);
    },
    async update(tenantId, id, target: DeliveryTarget, options) {
      const r = row(tenantId, id);
      const doc = prepareTarget(tenantId, target, id);
      if (options?.expectedVersion !== undefined && options.expectedVersion !== r.record.version) {
        throw new ConflictError('target', id, options.expectedVersion, r.record.version, opts);
      }
      r.record = { ...r.record, target: doc, version: r.record.version + 1, updatedAt: state.now() };
      return clone(r.record);
    },
    async delete(tenantId, id, options) {
      const r = row(tenantId, id);
      if (options?.expectedVersion !== undefined && options.expectedVersion !== r.record.version) {
        throw new ConflictError('target', id, options.expectedVersion, r.record.version, opts);
      }
      rows.delete(tk(tenantId, id));
    },
    async list(tenantId, query = {}) {
      state.check(tenantId);
      const hits = [...rows.values()].filter(
        (r) =>
          r.record.tenantId === tenantId &&
          (query.active === undefined || (r.record.target.active ?? true) === query.active),
      );
      const page = pageBySeq(hits, (r) => r.seq, { ...query, order: 'asc' });
      return { items: page.items.map((r) => clone(r.record)), nextCursor: page.nextCursor };
    },
  };
  return { repo, exists: (t, id) => rows.has(tk(t, id)) };
}
