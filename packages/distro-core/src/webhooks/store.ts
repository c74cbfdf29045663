import type { SealedSecret } from '../secrets/secret-box';
import type { ServiceContext } from '../services/context';

/** Event types a webhook can subscribe to. */
export const WEBHOOK_EVENTS = [
  'delivery.completed',
  'delivery.acknowledged',
  'delivery.failed',
  'release.validated',
] as const;

/** An event type of {@link WEBHOOK_EVENTS}. */
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/** A webhook as stored: its secret sealed with the service's key provider. @internal */
export interface StoredWebhook {
  id: string;
  url: string;
  events: WebhookEventType[];
  active: boolean;
  description: string | null;
  secret: SealedSecret;
  createdAt: string;
}

/**
 * Where a tenant's webhooks live: one small JSON document in the tenant's asset store, so every catalog store
 * (memory, SQLite, PostgreSQL + S3) keeps them without a schema change. The secrets in it are sealed.
 */
const KEY = '_distro/webhooks.json';

/** Reads the tenant's webhooks. @internal */
export async function readWebhooks(ctx: ServiceContext, tenantId: string): Promise<StoredWebhook[]> {
  if (!(await ctx.store.assets.stat(tenantId, KEY))) return [];
  const chunks: Buffer[] = [];
  for await (const c of await ctx.store.assets.get(tenantId, KEY)) chunks.push(Buffer.from(c as Uint8Array));
  return (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { webhooks: StoredWebhook[] }).webhooks;
}

/** Replaces the tenant's webhooks. @internal */
export async function writeWebhooks(ctx: ServiceContext, tenantId: string, webhooks: StoredWebhook[]): Promise<void> {
  await ctx.store.assets.put(tenantId, KEY, JSON.stringify({ webhooks }), { contentType: 'application/json' });
}
