import { randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { DistroError } from '../errors';
import { parseInput } from '../input';
import { authorize, type Principal } from '../principal';
import type { ServiceContext } from '../services/context';
import { readWebhooks, type StoredWebhook, WEBHOOK_EVENTS, type WebhookEventType, writeWebhooks } from './store';

/** Kind of the queue jobs that send one webhook request. */
export const WEBHOOK_JOB = 'webhook';

/** Body of `POST /api/webhooks`. */
export const WebhookInputSchema = z
  .object({
    url: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .describe('receives POST requests with the JSON event'),
    events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).describe('event types sent to this URL'),
    secret: z
      .string()
      .min(16)
      .max(256)
      .optional()
      .describe('HMAC-SHA256 key; generated (and returned once) when omitted'),
    description: z.string().max(500).optional(),
    active: z.boolean().default(true),
  })
  .strict();

/** A webhook as the API shows it: never its secret. */
export interface WebhookView {
  /** id */
  id: string;
  /** where events are POSTed */
  url: string;
  /** subscribed event types */
  events: WebhookEventType[];
  /** inactive webhooks get no events */
  active: boolean;
  /** free text */
  description: string | null;
  /** ISO instant of creation */
  createdAt: string;
}

/** What `create` returns: the view, plus the secret when the service generated it (shown once). */
export interface CreatedWebhook extends WebhookView {
  /** the signing secret, only when generated */
  secret?: string;
}

/** An event as its webhook request body carries it. */
export interface WebhookEvent {
  /** event id (`DDEX-Webhook-Id`), the same on every retry */
  id: string;
  /** event type */
  type: WebhookEventType;
  /** ISO instant the event happened */
  createdAt: string;
  /** the tenant */
  tenantId: string;
  /** what happened */
  data: Record<string, unknown>;
}

/** Payload of a {@link WEBHOOK_JOB} job. @internal */
export interface WebhookJobPayload {
  webhookId: string;
  event: WebhookEvent;
}

/** Webhooks of a tenant (admin only): event subscriptions signed with HMAC-SHA256. */
export interface WebhookService {
  /** Lists the tenant's webhooks. */
  list(principal: Principal): Promise<WebhookView[]>;
  /** Adds a webhook. */
  create(principal: Principal, input: unknown): Promise<CreatedWebhook>;
  /** Removes a webhook; NOT_FOUND when absent. */
  delete(principal: Principal, id: string): Promise<void>;
}

const view = ({ secret: _secret, ...rest }: StoredWebhook): WebhookView => rest;

/** @internal */
export function webhookService(ctx: ServiceContext): WebhookService {
  return {
    async list(p) {
      authorize(p, 'admin');
      return (await readWebhooks(ctx, p.tenantId)).map(view);
    },
    async create(p, raw) {
      authorize(p, 'admin');
      const input = parseInput(WebhookInputSchema, raw);
      const secret = input.secret ?? `whsec_${randomBytes(24).toString('base64url')}`;
      const stored: StoredWebhook = {
        id: randomUUID(),
        url: input.url,
        events: [...new Set(input.events)],
        active: input.active,
        description: input.description ?? null,
        secret: await ctx.box.seal(secret),
        createdAt: new Date(ctx.now()).toISOString(),
      };
      const all = await readWebhooks(ctx, p.tenantId);
      if (all.length >= 20) throw new DistroError('INVALID_STATE', 'a tenant has at most 20 webhooks');
      await writeWebhooks(ctx, p.tenantId, [...all, stored]);
      await ctx.audit(p, 'webhook.create', 'webhook', stored.id, { url: stored.url, events: stored.events });
      return { ...view(stored), ...(input.secret ? {} : { secret }) };
    },
    async delete(p, id) {
      authorize(p, 'admin');
      const all = await readWebhooks(ctx, p.tenantId);
      if (!all.some((w) => w.id === id)) throw new DistroError('NOT_FOUND', `no webhook "${id}"`);
      await writeWebhooks(
        ctx,
        p.tenantId,
        all.filter((w) => w.id !== id),
      );
      await ctx.audit(p, 'webhook.delete', 'webhook', id);
    },
  };
}

/**
 * Queues one request per subscribed webhook. `key` makes the event idempotent: a worker that emits it again after a
 * crash (same key) queues nothing new. Never throws: an event that cannot be queued is logged.
 * @internal
 */
export async function emitEvent(
  ctx: ServiceContext,
  tenantId: string,
  type: WebhookEventType,
  key: string,
  data: Record<string, unknown>,
): Promise<void> {
  try {
    const hooks = (await readWebhooks(ctx, tenantId)).filter((w) => w.active && w.events.includes(type));
    for (const hook of hooks) {
      const event: WebhookEvent = {
        id: randomUUID(),
        type,
        createdAt: new Date(ctx.now()).toISOString(),
        tenantId,
        data,
      };
      await ctx.store.queue.enqueue(tenantId, {
        kind: WEBHOOK_JOB,
        payload: { webhookId: hook.id, event } satisfies WebhookJobPayload,
        maxAttempts: ctx.options.webhooks?.maxAttempts ?? 8,
        dedupeKey: `${type}:${key}:${hook.id}`,
      });
    }
  } catch (error) {
    ctx.logger.error?.({ type, err: (error as Error).name }, 'could not queue a webhook event');
  }
}
