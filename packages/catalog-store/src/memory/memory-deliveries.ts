import { randomUUID } from 'node:crypto';
import { pageBySeq } from '../cursor';
import type {
  DeliveryAttempt,
  DeliveryLogEntry,
  DeliveryReceipt,
  DeliveryRecord,
  DeliveryRepository,
} from '../deliveries';
import { newDeliveryRecord, validateDeliveryInput, validateDeliveryPatch } from '../delivery-checks';
import { AlreadyExistsError, CatalogStoreError, ConflictError, invalidArgument, NotFoundError } from '../errors';
import { assertId, manyOf } from '../prepare';
import { clone, type MemoryState, tk } from './state';

interface Row {
  seq: number;
  record: Omit<DeliveryRecord, 'attemptCount'>;
  attempts: DeliveryAttempt[];
  logs: DeliveryLogEntry[];
  receipts: DeliveryReceipt[];
}

/** In-memory deliveries. @internal */
export function memoryDeliveries(
  state: MemoryState,
  refs: { releaseExists(t: string, id: string): Promise<boolean>; targetExists(t: string, id: string): boolean },
): DeliveryRepository {
  const rows = new Map<string, Row>();
  const opts = { store: 'memory' };
  const row = (tenantId: string, id: string): Row => {
    state.check(tenantId);
    assertId('delivery', id);
    const r = rows.get(tk(tenantId, id));
    if (!r) throw new NotFoundError('delivery', id, opts);
    return r;
  };
  const out = (r: Row): DeliveryRecord => clone({ ...r.record, attemptCount: r.attempts.length });

  return {
    async create(tenantId, input) {
      state.requireTenant(tenantId);
      const id = input.id ?? randomUUID();
      assertId('delivery', id);
      validateDeliveryInput(input);
      assertId('release', input.releaseId);
      assertId('target', input.targetId);
      if (!(await refs.releaseExists(tenantId, input.releaseId)))
        throw new NotFoundError('release', input.releaseId, opts);
      if (!refs.targetExists(tenantId, input.targetId)) throw new NotFoundError('target', input.targetId, opts);
      if (rows.has(tk(tenantId, id))) throw new AlreadyExistsError('delivery', id, opts);
      const now = state.now();
      const r: Row = {
        seq: state.seq(),
        record: newDeliveryRecord(tenantId, id, input, now),
        attempts: [],
        logs: [],
        receipts: [],
      };
      rows.set(tk(tenantId, id), r);
      return out(r);
    },
    async get(tenantId, id) {
      return out(row(tenantId, id));
    },
    async update(tenantId, id, patch, options) {
      const r = row(tenantId, id);
      validateDeliveryPatch(patch);
      if (options?.expectedVersion !== undefined && options.expectedVersion !== r.record.version) {
        throw new ConflictError('delivery', id, options.expectedVersion, r.record.version, opts);
      }
      const next = { ...r.record };
      if (patch.status !== undefined) next.status = patch.status;
      if (patch.package !== undefined) next.package = clone(patch.package);
      if (patch.started !== undefined) next.started = patch.started;
      if (patch.completed !== undefined) next.completed = patch.completed;
      if (patch.error !== undefined) next.error = clone(patch.error);
      if (patch.recurrence !== undefined) next.recurrence = clone(patch.recurrence);
      r.record = { ...next, version: r.record.version + 1, updatedAt: state.now() };
      return out(r);
    },
    async list(tenantId, query = {}) {
      state.check(tenantId);
      const status = manyOf(query.status);
      const hits = [...rows.values()].filter(
        (r) =>
          r.record.tenantId === tenantId &&
          (query.releaseId === undefined || r.record.releaseId === query.releaseId) &&
          (query.targetId === undefined || r.record.targetId === query.targetId) &&
          (query.idempotencyKey === undefined || r.record.idempotencyKey === query.idempotencyKey) &&
          (status === undefined || status.includes(r.record.status)),
      );
      const page = pageBySeq(hits, (r) => r.seq, query);
      return { items: page.items.map(out), nextCursor: page.nextCursor };
    },
    async startAttempt(tenantId, deliveryId, input = {}) {
      const r = row(tenantId, deliveryId);
      const attempt: DeliveryAttempt = {
        number: r.attempts.length + 1,
        startedAt: input.startedAt ?? state.now(),
        finishedAt: null,
        status: 'running',
        error: null,
      };
      r.attempts.push(attempt);
      return clone(attempt);
    },
    async finishAttempt(tenantId, deliveryId, number, input) {
      const r = row(tenantId, deliveryId);
      const attempt = r.attempts[number - 1];
      if (!attempt) throw new NotFoundError('attempt', `${deliveryId}#${number}`, opts);
      if (attempt.status !== 'running') {
        throw new CatalogStoreError(
          'CONFLICT',
          `attempt ${number} of delivery "${deliveryId}" is already finished`,
          opts,
        );
      }
      if (input.status !== 'succeeded' && input.status !== 'failed')
        throw invalidArgument('status must be succeeded or failed');
      attempt.status = input.status;
      attempt.finishedAt = input.finishedAt ?? state.now();
      attempt.error = input.error ? clone(input.error) : null;
      return clone(attempt);
    },
    async listAttempts(tenantId, deliveryId) {
      return clone(row(tenantId, deliveryId).attempts);
    },
    async appendLog(tenantId, deliveryId, entry) {
      const r = row(tenantId, deliveryId);
      const log: DeliveryLogEntry = {
        seq: state.seq(),
        at: state.now(),
        level: entry.level,
        message: entry.message,
        data: entry.data ? clone(entry.data) : null,
      };
      r.logs.push(log);
      return clone(log);
    },
    async listLogs(tenantId, deliveryId, options = {}) {
      const r = row(tenantId, deliveryId);
      const page = pageBySeq(r.logs, (l) => l.seq, { ...options, order: 'asc' });
      return { items: clone(page.items), nextCursor: page.nextCursor };
    },
    async addReceipt(tenantId, deliveryId, input) {
      const r = row(tenantId, deliveryId);
      const receipt: DeliveryReceipt = {
        id: input.id ?? randomUUID(),
        receivedAt: input.receivedAt ?? state.now(),
        dspMessageId: input.dspMessageId ?? null,
        acknowledgment: input.acknowledgment ?? null,
        body: input.body ?? null,
      };
      if (r.receipts.some((x) => x.id === receipt.id)) throw new AlreadyExistsError('receipt', receipt.id, opts);
      r.receipts.push(receipt);
      return clone(receipt);
    },
    async listReceipts(tenantId, deliveryId) {
      return clone(row(tenantId, deliveryId).receipts);
    },
  };
}
