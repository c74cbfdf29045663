import { type AuditEntry, type AuditLog, invalidArgument, pageSize } from '@ddex/catalog-store';
import type { Query } from 'firebase-admin/firestore';
import { ERR, type FsDb, pageQuery } from './fs-db';

/** The append-only audit log in `tenants/{tenantId}/audit` (the rules refuse clients any update or delete). @internal */
export function fsAudit(db: FsDb): AuditLog {
  return {
    async append(tenantId, input) {
      db.check(tenantId);
      if (typeof input?.actor !== 'string' || input.actor === '') throw invalidArgument('audit actor is required', ERR);
      if (typeof input.action !== 'string' || input.action === '')
        throw invalidArgument('audit action is required', ERR);
      await db.requireTenant(tenantId);
      const entry: AuditEntry = {
        seq: db.seq(),
        tenantId,
        at: db.now(),
        actor: input.actor,
        action: input.action,
        subjectType: input.subjectType ?? null,
        subjectId: input.subjectId ?? null,
        data: input.data ?? null,
      };
      await db.col(tenantId, 'audit').add(entry);
      return entry;
    },
    async list(tenantId, query = {}) {
      db.check(tenantId);
      let q: Query = db.col(tenantId, 'audit');
      if (query.action !== undefined) q = q.where('action', '==', query.action);
      if (query.subjectId !== undefined) q = q.where('subjectId', '==', query.subjectId);
      return pageQuery({
        query: q,
        cursor: query.cursor,
        limit: pageSize(query.limit),
        order: 'desc',
        map: (snap) => snap.data() as AuditEntry,
      });
    },
  };
}
