import { randomUUID } from 'node:crypto';
import {
  AlreadyExistsError,
  assertId,
  CatalogStoreError,
  ConflictError,
  type DeliveryAttempt,
  type DeliveryLogEntry,
  type DeliveryReceipt,
  type DeliveryRecord,
  type DeliveryRepository,
  invalidArgument,
  manyOf,
  NotFoundError,
  newDeliveryRecord,
  pageSize,
  validateDeliveryInput,
  validateDeliveryPatch,
} from '@ddex/catalog-store';
import type { DocumentSnapshot, Query } from 'firebase-admin/firestore';
import { docId, ERR, type FsDb, GRPC, grpcCode, pageQuery, withRetry } from './fs-db';

/** A delivery document in `tenants/{tenantId}/deliveries/{id}` (attempts, logs, receipts are subcollections). */
interface DeliveryDoc extends DeliveryRecord {
  seq: number;
}

// documents written before recurrence, batches, idempotency keys and priorities existed have none of these fields
const toRecord = ({ seq: _seq, ...record }: DeliveryDoc): DeliveryRecord => ({
  ...record,
  recurrence: record.recurrence ?? null,
  batch: record.batch ?? null,
  idempotencyKey: record.idempotencyKey ?? null,
  priority: record.priority ?? 'normal',
});
const attemptId = (n: number) => String(n).padStart(6, '0');

/** Deliveries with attempts, logs and receipts on Firestore. @internal */
export function fsDeliveries(db: FsDb): DeliveryRepository {
  const ref = (tenantId: string, id: string) => {
    db.check(tenantId);
    assertId('delivery', id);
    return db.doc(tenantId, 'deliveries', id);
  };
  const existing = (snap: DocumentSnapshot, id: string): DeliveryDoc => {
    if (!snap.exists) throw new NotFoundError('delivery', id, ERR);
    return snap.data() as DeliveryDoc;
  };
  const load = async (tenantId: string, id: string) => {
    const r = ref(tenantId, id);
    const snap = await r.get();
    return { ref: r, snap, doc: existing(snap, id) };
  };

  return {
    async create(tenantId, input) {
      db.check(tenantId);
      validateDeliveryInput(input);
      const id = input.id ?? randomUUID();
      assertId('delivery', id);
      assertId('release', input.releaseId);
      assertId('target', input.targetId);
      await db.requireTenant(tenantId);
      const [release, target] = await db.db.getAll(
        db.doc(tenantId, 'releases', input.releaseId),
        db.doc(tenantId, 'targets', input.targetId),
      );
      if (!release?.exists) throw new NotFoundError('release', input.releaseId, ERR);
      if (!target?.exists) throw new NotFoundError('target', input.targetId, ERR);
      const now = db.now();
      const doc: DeliveryDoc = { ...newDeliveryRecord(tenantId, id, input, now), seq: db.seq() };
      try {
        await ref(tenantId, id).create(doc);
      } catch (error) {
        if (grpcCode(error) === GRPC.ALREADY_EXISTS) throw new AlreadyExistsError('delivery', id, ERR);
        throw error;
      }
      return toRecord(doc);
    },
    async get(tenantId, id) {
      return toRecord((await load(tenantId, id)).doc);
    },
    async update(tenantId, id, patch, options = {}) {
      validateDeliveryPatch(patch);
      return withRetry(async () => {
        const { ref: r, snap, doc } = await load(tenantId, id);
        if (options.expectedVersion !== undefined && doc.version !== options.expectedVersion) {
          throw new ConflictError('delivery', id, options.expectedVersion, doc.version, ERR);
        }
        const next: DeliveryDoc = { ...doc, version: doc.version + 1, updatedAt: db.now() };
        if (patch.status !== undefined) next.status = patch.status;
        if (patch.package !== undefined) next.package = patch.package;
        if (patch.started !== undefined) next.started = patch.started;
        if (patch.completed !== undefined) next.completed = patch.completed;
        if (patch.error !== undefined) next.error = patch.error;
        if (patch.recurrence !== undefined) next.recurrence = patch.recurrence;
        await r.update({ ...next }, { lastUpdateTime: snap.updateTime! });
        return toRecord(next);
      });
    },
    async list(tenantId, query = {}) {
      db.check(tenantId);
      let q: Query = db.col(tenantId, 'deliveries');
      if (query.releaseId !== undefined) q = q.where('releaseId', '==', query.releaseId);
      if (query.targetId !== undefined) q = q.where('targetId', '==', query.targetId);
      if (query.idempotencyKey !== undefined) q = q.where('idempotencyKey', '==', query.idempotencyKey);
      const status = manyOf(query.status);
      if (status?.length === 1) q = q.where('status', '==', status[0]);
      else if (status) q = q.where('status', 'in', status);
      return pageQuery({
        query: q,
        cursor: query.cursor,
        limit: pageSize(query.limit),
        order: 'desc',
        map: (snap) => toRecord(snap.data() as DeliveryDoc),
      });
    },
    async startAttempt(tenantId, deliveryId, input = {}) {
      return withRetry(async () => {
        const { ref: r, snap, doc } = await load(tenantId, deliveryId);
        const attempt: DeliveryAttempt = {
          number: doc.attemptCount + 1,
          startedAt: input.startedAt ?? db.now(),
          finishedAt: null,
          status: 'running',
          error: null,
        };
        // the count and the attempt commit together, and only if nobody started one in between
        const batch = db.db.batch();
        batch.update(r, { attemptCount: attempt.number }, { lastUpdateTime: snap.updateTime! });
        batch.create(r.collection('attempts').doc(attemptId(attempt.number)), attempt);
        await batch.commit();
        return attempt;
      });
    },
    async finishAttempt(tenantId, deliveryId, number, input) {
      if (input?.status !== 'succeeded' && input?.status !== 'failed')
        throw invalidArgument('status must be succeeded or failed', ERR);
      const { ref: r } = await load(tenantId, deliveryId);
      if (!Number.isInteger(number) || number < 1) throw new NotFoundError('attempt', `${deliveryId}#${number}`, ERR);
      const a = r.collection('attempts').doc(attemptId(number));
      return withRetry(async () => {
        const snap = await a.get();
        if (!snap.exists) throw new NotFoundError('attempt', `${deliveryId}#${number}`, ERR);
        const attempt = snap.data() as DeliveryAttempt;
        if (attempt.status !== 'running') {
          throw new CatalogStoreError(
            'CONFLICT',
            `attempt ${number} of delivery "${deliveryId}" is already finished`,
            ERR,
          );
        }
        const next: DeliveryAttempt = {
          ...attempt,
          status: input.status,
          finishedAt: input.finishedAt ?? db.now(),
          error: input.error ?? null,
        };
        await a.update({ ...next }, { lastUpdateTime: snap.updateTime! });
        return next;
      });
    },
    async listAttempts(tenantId, deliveryId) {
      const { ref: r } = await load(tenantId, deliveryId);
      const snap = await r.collection('attempts').orderBy('number').get();
      return snap.docs.map((d) => d.data() as DeliveryAttempt);
    },
    async appendLog(tenantId, deliveryId, entry) {
      const { ref: r } = await load(tenantId, deliveryId);
      const log: DeliveryLogEntry = {
        seq: db.seq(),
        at: db.now(),
        level: entry.level,
        message: entry.message,
        data: entry.data ?? null,
      };
      await r.collection('logs').add(log);
      return log;
    },
    async listLogs(tenantId, deliveryId, options = {}) {
      const { ref: r } = await load(tenantId, deliveryId);
      return pageQuery({
        query: r.collection('logs'),
        cursor: options.cursor,
        limit: pageSize(options.limit),
        order: 'asc',
        map: (snap) => snap.data() as DeliveryLogEntry,
      });
    },
    async addReceipt(tenantId, deliveryId, input) {
      const { ref: r } = await load(tenantId, deliveryId);
      const receipt: DeliveryReceipt = {
        id: input.id ?? randomUUID(),
        receivedAt: input.receivedAt ?? db.now(),
        dspMessageId: input.dspMessageId ?? null,
        acknowledgment: input.acknowledgment ?? null,
        body: input.body ?? null,
      };
      assertId('receipt', receipt.id);
      try {
        await r
          .collection('receipts')
          .doc(docId(receipt.id))
          .create({ ...receipt, seq: db.seq() });
      } catch (error) {
        if (grpcCode(error) === GRPC.ALREADY_EXISTS) throw new AlreadyExistsError('receipt', receipt.id, ERR);
        throw error;
      }
      return receipt;
    },
    async listReceipts(tenantId, deliveryId) {
      const { ref: r } = await load(tenantId, deliveryId);
      const snap = await r.collection('receipts').orderBy('seq').get();
      return snap.docs.map((d) => {
        const { seq: _seq, ...receipt } = d.data() as DeliveryReceipt & { seq: number };
        return receipt;
      });
    },
  };
}
