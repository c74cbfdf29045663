import type { DeliveryBatch, DeliveryInput, DeliveryPatch, DeliveryRecord, DeliveryRecurrence } from './deliveries';
import { invalidArgument } from './errors';
import { JOB_PRIORITIES } from './queue';

/** States a delivery may be in. */
export const DELIVERY_STATES = [
  'queued',
  'processing',
  'delivering',
  'completed',
  'acknowledged',
  'rejected',
  'failed',
  'cancelled',
] as const;
/** Units of a {@link DeliveryRecurrence}. */
export const RECURRENCE_FREQUENCIES = ['hourly', 'daily', 'weekly', 'monthly'] as const;
/** Kinds of delivery. */
export const DELIVERY_KINDS = ['NewRelease', 'Update', 'Takedown'] as const;

/** Validates the kind of a new delivery (shared by every adapter). */
export function validateDeliveryInput(input: DeliveryInput): void {
  if (input.kind !== undefined && !(DELIVERY_KINDS as readonly string[]).includes(input.kind)) {
    throw invalidArgument(`invalid delivery kind "${input.kind}"`);
  }
  if (input.recurrence != null) validateRecurrence(input.recurrence);
  if (input.batch != null) validateBatch(input.batch);
  if (input.idempotencyKey != null) validateIdempotencyKey(input.idempotencyKey);
  if (input.priority !== undefined && !JOB_PRIORITIES.includes(input.priority)) {
    throw invalidArgument(`priority must be one of ${JOB_PRIORITIES.join(', ')}`);
  }
}

/** Validates an idempotency key given to a create or a list (shared by every adapter). */
export function validateIdempotencyKey(key: string): void {
  if (typeof key !== 'string' || key.length < 1 || key.length > 256) {
    throw invalidArgument('an idempotency key has 1 to 256 characters');
  }
}

/** Validates a delivery patch (shared by every adapter). */
export function validateDeliveryPatch(patch: DeliveryPatch): void {
  if (patch.status !== undefined && !(DELIVERY_STATES as readonly string[]).includes(patch.status)) {
    throw invalidArgument(`invalid delivery status "${patch.status}"`);
  }
  if (patch.recurrence != null) validateRecurrence(patch.recurrence);
}

function validateRecurrence(r: DeliveryRecurrence): void {
  const ok =
    typeof r === 'object' &&
    (RECURRENCE_FREQUENCIES as readonly string[]).includes(r.frequency) &&
    Number.isInteger(r.interval) &&
    r.interval >= 1 &&
    (r.until === null || (typeof r.until === 'string' && !Number.isNaN(Date.parse(r.until)))) &&
    typeof r.seriesId === 'string' &&
    r.seriesId !== '' &&
    Number.isInteger(r.run) &&
    r.run >= 1;
  if (!ok) throw invalidArgument('invalid delivery recurrence');
}

function validateBatch(b: DeliveryBatch): void {
  const ok =
    typeof b === 'object' &&
    Array.isArray(b.deliveryIds) &&
    b.deliveryIds.length >= 1 &&
    b.deliveryIds.every((id) => typeof id === 'string' && id !== '' && id.length <= 256);
  if (!ok) throw invalidArgument('invalid delivery batch');
}

/**
 * The record of a delivery just queued from `input` (already validated): the one shape every store that builds
 * records in code (memory, Firestore) writes, so a new field gets its default in one place.
 */
export function newDeliveryRecord(tenantId: string, id: string, input: DeliveryInput, now: string): DeliveryRecord {
  return {
    tenantId,
    id,
    releaseId: input.releaseId,
    targetId: input.targetId,
    kind: input.kind ?? 'NewRelease',
    status: 'queued',
    package: null,
    scheduled: input.scheduled ?? null,
    started: null,
    completed: null,
    error: null,
    recurrence: input.recurrence ? structuredClone(input.recurrence) : null,
    batch: input.batch ? structuredClone(input.batch) : null,
    idempotencyKey: input.idempotencyKey ?? null,
    priority: input.priority ?? 'normal',
    attemptCount: 0,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}
