import {
  AlreadyExistsError,
  assertId,
  ConflictError,
  NotFoundError,
  pageSize,
  prepareTarget,
  type TargetRecord,
  type TargetRepository,
} from '@ddex/catalog-store';
import type { DeliveryTarget } from '@ddex/ern-model';
import type { DocumentSnapshot, Query } from 'firebase-admin/firestore';
import { ERR, type FsDb, GRPC, grpcCode, pageQuery, withRetry } from './fs-db';

/** A target document in `tenants/{tenantId}/targets/{id}`. */
interface TargetDoc extends TargetRecord {
  seq: number;
  active: boolean;
}

const toRecord = ({ seq: _seq, active: _active, ...record }: TargetDoc): TargetRecord => record;

/** Delivery targets on Firestore. @internal */
export function fsTargets(db: FsDb): TargetRepository {
  const ref = (tenantId: string, id: string) => {
    db.check(tenantId);
    assertId('target', id);
    return db.doc(tenantId, 'targets', id);
  };
  const existing = (snap: DocumentSnapshot, id: string): TargetDoc => {
    if (!snap.exists) throw new NotFoundError('target', id, ERR);
    return snap.data() as TargetDoc;
  };
  const checkVersion = (doc: TargetDoc, id: string, expected: number | undefined) => {
    if (expected !== undefined && doc.version !== expected)
      throw new ConflictError('target', id, expected, doc.version, ERR);
  };

  return {
    async create(tenantId, input) {
      const target = prepareTarget(tenantId, input);
      await db.requireTenant(tenantId);
      const now = db.now();
      const doc: TargetDoc = {
        tenantId,
        id: target.id,
        target,
        version: 1,
        createdAt: now,
        updatedAt: now,
        seq: db.seq(),
        active: target.active !== false,
      };
      try {
        await ref(tenantId, target.id).create(doc);
      } catch (error) {
        if (grpcCode(error) === GRPC.ALREADY_EXISTS) throw new AlreadyExistsError('target', target.id, ERR);
        throw error;
      }
      return toRecord(doc);
    },
    async get(tenantId, id) {
      return toRecord(existing(await ref(tenantId, id).get(), id));
    },
    async update(tenantId, id, input, options = {}) {
      const target: DeliveryTarget = prepareTarget(tenantId, input, id);
      return withRetry(async () => {
        const r = ref(tenantId, id);
        const snap = await r.get();
        const current = existing(snap, id);
        checkVersion(current, id, options.expectedVersion);
        const doc: TargetDoc = {
          ...current,
          target,
          active: target.active !== false,
          version: current.version + 1,
          updatedAt: db.now(),
        };
        await r.update({ ...doc }, { lastUpdateTime: snap.updateTime! });
        return toRecord(doc);
      });
    },
    async delete(tenantId, id, options = {}) {
      await withRetry(async () => {
        const r = ref(tenantId, id);
        const snap = await r.get();
        checkVersion(existing(snap, id), id, options.expectedVersion);
        await r.delete({ lastUpdateTime: snap.updateTime! });
      });
    },
    async list(tenantId, query = {}) {
      db.check(tenantId);
      let q: Query = db.col(tenantId, 'targets');
      if (query.active !== undefined) q = q.where('active', '==', query.active);
      return pageQuery({
        query: q,
        cursor: query.cursor,
        limit: pageSize(query.limit),
        order: 'asc',
        map: (snap) => toRecord(snap.data() as TargetDoc),
      });
    },
  };
}
