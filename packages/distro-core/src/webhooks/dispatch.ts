import type { ClaimedJob } from '@ddex/catalog-store';
import type { ServiceContext } from '../services/context';
import type { WebhookJobPayload } from './service';
import { signWebhook, WEBHOOK_EVENT_HEADER, WEBHOOK_ID_HEADER, WEBHOOK_SIGNATURE_HEADER } from './signature';
import { readWebhooks } from './store';

/**
 * Sends one webhook request: the event as JSON, signed with the webhook's secret. A 2xx answer completes the job;
 * anything else (or no answer within the timeout) fails it, and the queue retries it with exponential backoff until
 * `webhooks.maxAttempts`. A webhook deleted meanwhile completes the job unsent.
 * @internal
 */
export async function sendWebhookJob(ctx: ServiceContext, job: ClaimedJob): Promise<void> {
  const { store } = ctx;
  const { webhookId, event } = job.payload as WebhookJobPayload;
  const hook = (await readWebhooks(ctx, job.tenantId)).find((w) => w.id === webhookId);
  if (!hook) {
    await store.queue.complete(job.tenantId, job.id, job.leaseToken, { skipped: 'webhook deleted' });
    return;
  }
  const body = JSON.stringify(event);
  const secret = String(await ctx.box.open(hook.secret));
  let failure: string;
  try {
    const res = await fetch(hook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'ddex-distro-webhooks/1',
        [WEBHOOK_EVENT_HEADER]: event.type,
        [WEBHOOK_ID_HEADER]: event.id,
        [WEBHOOK_SIGNATURE_HEADER]: signWebhook(secret, body, ctx.now() / 1000),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(ctx.options.webhooks?.timeoutMs ?? 10_000),
    });
    await res.body?.cancel();
    if (res.ok) {
      await store.queue.complete(job.tenantId, job.id, job.leaseToken, { status: res.status });
      return;
    }
    failure = `HTTP ${res.status}`;
  } catch (error) {
    failure = (error as Error).name === 'TimeoutError' ? 'timeout' : `unreachable (${(error as Error).name})`;
  }
  const base = ctx.options.webhooks?.retryBaseMs ?? 10_000;
  await store.queue.fail(job.tenantId, job.id, job.leaseToken, {
    error: `${event.type} to webhook ${webhookId}: ${failure}`,
    retryInMs: Math.min(3_600_000, base * 2 ** Math.max(0, job.attempts - 1)),
  });
}
