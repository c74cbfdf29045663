import {
  type AuditEntry,
  type AuditLog,
  assertTenantId,
  decodeCursor,
  invalidArgument,
  pageSize,
} from '@ddex/catalog-store';
import type { PgDb } from './db';
import { insertError, isoOf, json, num, pageOf, Where } from './rows';

interface Row {
  seq: string;
  tenant_id: string;
  at: Date;
  actor: string;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  data: Record<string, unknown> | null;
}

const COLS = 'seq, tenant_id, at, actor, action, subject_type, subject_id, data';

const toEntry = (r: Row): AuditEntry => ({
  seq: num(r.seq),
  tenantId: r.tenant_id,
  at: isoOf(r.at),
  actor: r.actor,
  action: r.action,
  subjectType: r.subject_type,
  subjectId: r.subject_id,
  data: r.data,
});

/** The append-only audit log on PostgreSQL (a trigger refuses UPDATE and DELETE, even for the owner). @internal */
export function pgAudit(db: PgDb): AuditLog {
  return {
    async append(tenantId, input) {
      db.checkOpen();
      assertTenantId(tenantId);
      if (typeof input?.actor !== 'string' || input.actor === '') throw invalidArgument('audit actor is required');
      if (typeof input.action !== 'string' || input.action === '') throw invalidArgument('audit action is required');
      try {
        return await db.tx({ tenant: tenantId }, async (q) => {
          const res = await q.query<Row>(
            `INSERT INTO audit_log (tenant_id, at, actor, action, subject_type, subject_id, data)
             VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb) RETURNING ${COLS}`,
            [
              tenantId,
              db.now(),
              input.actor,
              input.action,
              input.subjectType ?? null,
              input.subjectId ?? null,
              json(input.data ?? null),
            ],
          );
          return toEntry(res.rows[0]!);
        });
      } catch (error) {
        throw insertError(error, 'audit entry', '', tenantId);
      }
    },

    async list(tenantId, query = {}) {
      db.checkOpen();
      assertTenantId(tenantId);
      const limit = pageSize(query.limit);
      const after = decodeCursor(query.cursor);
      const w = new Where().add('tenant_id = $?', tenantId);
      if (query.action !== undefined) w.add('action = $?', query.action);
      if (query.subjectId !== undefined) w.add('subject_id = $?', query.subjectId);
      if (after !== null) w.add('seq < $?', after);
      return db.tx({ tenant: tenantId }, async (q) => {
        const res = await q.query<Row>(
          `SELECT ${COLS} FROM audit_log ${w} ORDER BY seq DESC LIMIT ${limit + 1}`,
          w.params,
        );
        return pageOf(res.rows, limit, toEntry);
      });
    },
  };
}
