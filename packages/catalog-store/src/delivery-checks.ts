import type { DeliveryInput, DeliveryPatch } from './deliveries';
import { invalidArgument } from './errors';

/** States a delivery may be in. */
export const DELIVERY_STATES = ['queued', 'processing', 'delivering', 'completed', 'failed', 'cancelled'] as const;
/** Kinds of delivery. */
export const DELIVERY_KINDS = ['NewRelease', 'Update', 'Takedown'] as const;

/** Validates the kind of a new delivery (shared by every adapter). */
export function validateDeliveryInput(input: DeliveryInput): void {
  if (input.kind !== undefined && !(DELIVERY_KINDS as readonly string[]).includes(input.kind)) {
    throw invalidArgument(`invalid delivery kind "${input.kind}"`);
  }
}

/** Validates a delivery patch (shared by every adapter). */
export function validateDeliveryPatch(patch: DeliveryPatch): void {
  if (patch.status !== undefined && !(DELIVERY_STATES as readonly string[]).includes(patch.status)) {
    throw invalidArgument(`invalid delivery status "${patch.status}"`);
  }
}
