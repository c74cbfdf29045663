import {
  AlreadyExistsError,
  assertId,
  decodeCursor,
  encodeCursor,
  NotFoundError,
  pageSize,
  prepareTarget,
  type TargetRecord,
  type TargetRepository,
} from '@ddex/catalog-store';
import type { DeliveryTarget } from '@ddex/ern-model';
import type { SqliteContext } from './context';

interface Row {
  seq: number;
  tenant_id: string;
  id: string;
  version: number;
  created_at: string;
  updated_at: string;
  body: string;
}

const toRecord = (r: Row): TargetRecord => ({
  tenantId: r.tenant_id,
  id: r.id,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  target: JSON.parse(r.body) as DeliveryTarget,
});

/** SQLite delivery targets. @internal */
export function sqliteTargets(ctx: SqliteContext): TargetRepository {
  const row = (tenantId: string, id: string): Row => {
    ctx.check(tenantId);
    assertId('target', id);
    const r = ctx.stmt('SELECT * FROM targets WHERE tenant_id = ? AND id = ?').get(tenantId, id) as Row | undefined;
    if (!r) throw new NotFoundError('target', id, ctx.opts);
    return r;
  };
  return {
    async create(tenantId, target) {
      return ctx.write(() => {
        ctx.requireTenant(tenantId);
        const doc = prepareTarget(tenantId, target);
        if (ctx.stmt('SELECT 1 FROM targets WHERE tenant_id = ? AND id = ?').get(tenantId, doc.id)) {
          throw new AlreadyExistsError('target', doc.id, ctx.opts);
        }
        const now = ctx.now();
        ctx
          .stmt(
            'INSERT INTO targets (tenant_id, id, version, active, created_at, updated_at, body) VALUES (?, ?, 1, ?, ?, ?, ?)',
          )
          .run(tenantId, doc.id, doc.active === false ? 0 : 1, now, now, JSON.stringify(doc));
        return { tenantId, id: doc.id, version: 1, createdAt: now, updatedAt: now, target: doc };
      });
    },
    async get(tenantId, id) {
      return toRecord(row(tenantId, id));
    },
    async update(tenantId, id, target, options) {
      return ctx.write(() => {
        const r = row(tenantId, id);
        const doc = prepareTarget(tenantId, target, id);
        ctx.checkVersion('target', id, options?.expectedVersion, r.version);
        const now = ctx.now();
        ctx
          .stmt('UPDATE targets SET version = version + 1, active = ?, updated_at = ?, body = ? WHERE seq = ?')
          .run(doc.active === false ? 0 : 1, now, JSON.stringify(doc), r.seq);
        return { ...toRecord(r), version: r.version + 1, updatedAt: now, target: doc };
      });
    },
    async delete(tenantId, id, options) {
      ctx.write(() => {
        const r = row(tenantId, id);
        ctx.checkVersion('target', id, options?.expectedVersion, r.version);
        ctx.stmt('DELETE FROM targets WHERE seq = ?').run(r.seq);
      });
    },
    async list(tenantId, query = {}) {
      ctx.check(tenantId);
      const limit = pageSize(query.limit);
      const after = decodeCursor(query.cursor) ?? 0;
      const active = query.active === undefined ? null : query.active ? 1 : 0;
      const rows = ctx
        .stmt(
          'SELECT * FROM targets WHERE tenant_id = ? AND seq > ? AND (? IS NULL OR active = ?) ORDER BY seq LIMIT ?',
        )
        .all(tenantId, after, active, active, limit + 1) as Row[];
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return { items: items.map(toRecord), nextCursor: rows.length > limit && last ? encodeCursor(last.seq) : null };
    },
  };
}
