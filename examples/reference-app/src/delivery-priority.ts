import type { MessageKey } from './i18n';

/** A delivery's priority, as `POST /api/deliveries` takes it. */
export type DeliveryPriority = 'high' | 'normal' | 'low';

/** The priorities in the order the queue claims them, each with its label. */
export const PRIORITY_LABELS: Readonly<Record<DeliveryPriority, MessageKey>> = {
  high: 'delivery.priorityHigh',
  normal: 'delivery.priorityNormal',
  low: 'delivery.priorityLow',
};
