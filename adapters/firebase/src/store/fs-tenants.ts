import {
  AlreadyExistsError,
  ConflictError,
  NotFoundError,
  pageSize,
  prepareTenant,
  type TenantRecord,
  type TenantRepository,
} from '@ddex/catalog-store';
import { ERR, type FsDb, GRPC, grpcCode, pageQuery, withRetry } from './fs-db';

/** A tenant document `tenants/{tenantId}`: the record plus its order key. */
interface TenantDoc extends TenantRecord {
  seq: number;
}

const toRecord = ({ seq: _seq, ...record }: TenantDoc): TenantRecord => record;

/** Tenants on Firestore: the `tenants` collection every other path hangs under. @internal */
export function fsTenants(db: FsDb): TenantRepository {
  return {
    async create(input) {
      db.check();
      const tenant = prepareTenant(input);
      const now = db.now();
      const doc: TenantDoc = { id: tenant.id, tenant, version: 1, createdAt: now, updatedAt: now, seq: db.seq() };
      try {
        await db.tenantDoc(tenant.id).create(doc);
      } catch (error) {
        if (grpcCode(error) === GRPC.ALREADY_EXISTS) throw new AlreadyExistsError('tenant', tenant.id, ERR);
        throw error;
      }
      db.rememberTenant(tenant.id);
      return toRecord(doc);
    },
    async get(id) {
      db.check(id);
      const snap = await db.tenantDoc(id).get();
      if (!snap.exists) throw new NotFoundError('tenant', id, ERR);
      return toRecord(snap.data() as TenantDoc);
    },
    async update(id, input, options = {}) {
      db.check(id);
      const tenant = prepareTenant(input, id);
      return withRetry(async () => {
        const ref = db.tenantDoc(id);
        const snap = await ref.get();
        if (!snap.exists) throw new NotFoundError('tenant', id, ERR);
        const current = snap.data() as TenantDoc;
        if (options.expectedVersion !== undefined && current.version !== options.expectedVersion) {
          throw new ConflictError('tenant', id, options.expectedVersion, current.version, ERR);
        }
        const next: TenantDoc = { ...current, tenant, version: current.version + 1, updatedAt: db.now() };
        await ref.update({ ...next }, { lastUpdateTime: snap.updateTime! });
        return toRecord(next);
      });
    },
    async list(options = {}) {
      db.check();
      return pageQuery({
        query: db.db.collection('tenants'),
        cursor: options.cursor,
        limit: pageSize(options.limit),
        order: 'asc',
        map: (snap) => toRecord(snap.data() as TenantDoc),
      });
    },
  };
}
