import type { CatalogStore, DeliveryRecord } from '@ddex/catalog-store';
import { DistroError, validationError } from '../errors';

/** Most characters of an `Idempotency-Key`. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 256;

// visible ASCII only: the key travels in a header and is shown back in the app
const KEY_PATTERN = /^[\x21-\x7e]+$/;

/** What a repeated request must match to be answered with the first one's deliveries. */
export interface IdempotentRequest {
  /** releases asked for, in order */
  releaseIds: readonly string[];
  /** the target */
  targetId: string;
  /** the message kind */
  kind: DeliveryRecord['kind'];
}

/**
 * The `Idempotency-Key` header value, checked: undefined when absent, VALIDATION when it is empty, too long or not
 * visible ASCII.
 */
export function parseIdempotencyKey(raw: string | undefined | null): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  const key = raw.trim();
  if (key.length >= 1 && key.length <= MAX_IDEMPOTENCY_KEY_LENGTH && KEY_PATTERN.test(key)) return key;
  throw validationError(
    [
      {
        code: 'invalid_idempotency_key',
        path: 'Idempotency-Key',
        message: `An Idempotency-Key has 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} visible ASCII characters.`,
      },
    ],
    'the Idempotency-Key header is invalid',
  );
}

/**
 * The deliveries a tenant already queued with `key`, the first of the request first; empty when the key is new.
 * CONFLICT when they were queued for another release, target or kind: a key names one request.
 * @internal
 */
export async function findIdempotentReplay(
  store: CatalogStore,
  tenantId: string,
  key: string,
  request: IdempotentRequest,
): Promise<DeliveryRecord[]> {
  const { items } = await store.deliveries.list(tenantId, { idempotencyKey: key, limit: 500 });
  if (items.length === 0) return [];
  // listed newest first: the oldest lead is the first request's (a batch names its deliveries in order)
  const lead = items.findLast((d) => !d.batch || d.batch.deliveryIds[0] === d.id) ?? items[items.length - 1]!;
  const order = lead.batch?.deliveryIds ?? [lead.id];
  const group = order.map((id) => items.find((d) => d.id === id)).filter((d): d is DeliveryRecord => Boolean(d));
  const same =
    group.length === request.releaseIds.length &&
    group.every((d, i) => d.releaseId === request.releaseIds[i]) &&
    lead.targetId === request.targetId &&
    lead.kind === request.kind;
  if (!same) {
    throw new DistroError(
      'CONFLICT',
      `Idempotency-Key "${key}" was already used for another delivery request (delivery "${lead.id}")`,
    );
  }
  return group;
}
