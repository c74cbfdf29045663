import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256>` on every webhook request. */
export const WEBHOOK_SIGNATURE_HEADER = 'DDEX-Signature';
/** Header naming the event type, e.g. `delivery.completed`. */
export const WEBHOOK_EVENT_HEADER = 'DDEX-Event';
/** Header with the event id: the same on every retry of one event, so receivers can drop duplicates. */
export const WEBHOOK_ID_HEADER = 'DDEX-Webhook-Id';

/**
 * The signature header value for a body: `t=<timestamp>,v1=<hex HMAC-SHA256 of "<timestamp>.<body>">` with the
 * webhook's secret as the key. Signing the timestamp with the body lets a receiver refuse replays of old requests.
 */
export function signWebhook(secret: string, body: string, timestamp: number): string {
  const t = Math.floor(timestamp);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex');
  return `t=${t},v1=${v1}`;
}

/** Options of {@link verifyWebhookSignature}. */
export interface VerifyWebhookOptions {
  /**
   * Oldest accepted signature, in seconds before `now`.
   * @default 300
   */
  toleranceSeconds?: number;
  /** current time in unix seconds @default Date.now() / 1000 */
  now?: number;
}

/**
 * Checks a webhook request as a receiver would: the `DDEX-Signature` header, the raw body and the shared secret.
 * True only when a `v1` signature matches (compared in constant time) and the timestamp is within the tolerance.
 * @example
 * if (!verifyWebhookSignature(secret, req.headers['ddex-signature'], rawBody)) return res.status(401).end();
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | null | undefined,
  body: string,
  options: VerifyWebhookOptions = {},
): boolean {
  if (!header) return false;
  const parts = header.split(',').map((p) => p.trim().split('=', 2) as [string, string | undefined]);
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(t)) return false;
  const now = options.now ?? Date.now() / 1000;
  if (Math.abs(now - t) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhook(secret, body, t).slice(`t=${t},v1=`.length), 'hex');
  return parts.some(([k, v]) => {
    if (k !== 'v1' || !v || !/^[0-9a-f]{64}$/.test(v)) return false;
    return timingSafeEqual(Buffer.from(v, 'hex'), expected);
  });
}
