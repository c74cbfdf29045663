import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { type DeliveryDocumentName, DeliveryStatusSchema } from '../../services/deliveries';
import type { DistroServices } from '../../services/index';
import { type AppEnv, csvQuery, PageQuery, principal, query, readJson, requires, withEtag } from '../support';
import { deliveryEvents } from './delivery-events';

/** Query of `GET /api/deliveries`. */
export const DeliveryListQuerySchema = z
  .object({
    ...PageQuery,
    releaseId: z.string().min(1).max(256).optional(),
    targetId: z.string().min(1).max(256).optional(),
    status: csvQuery.pipe(z.array(DeliveryStatusSchema).optional()),
  })
  .strict();

/** Query of `GET /api/deliveries/:id/logs`. */
export const PageQuerySchema = z.object(PageQuery).strict();

/**
 * `/api/deliveries`: queue, list, get, retry, cancel, logs, the change stream (`/events`) and the documents of a
 * sent delivery (its ERN, the batch manifest, the DSP's acknowledgements).
 */
export function deliveryRoutes(services: DistroServices, options: { heartbeatMs?: number } = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => c.json(await services.deliveries.list(principal(c), query(c, DeliveryListQuerySchema))));
  app.get('/events', deliveryEvents(services, options.heartbeatMs));
  app.post('/', requires('delivery:write'), async (c) => {
    const idempotencyKey = c.req.header('Idempotency-Key');
    const { replayed, ...view } = await services.deliveries.queue(principal(c), await readJson(c), {
      ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
    });
    c.header('Location', `/api/deliveries/${encodeURIComponent(view.id)}`);
    // a repeat of a request already served: the first one's delivery, nothing queued now
    if (replayed) c.header('Idempotent-Replayed', 'true');
    return withEtag(c, view, replayed ? 200 : 201);
  });
  app.get('/:id', async (c) => withEtag(c, await services.deliveries.get(principal(c), c.req.param('id'))));
  app.post('/:id/retry', requires('delivery:write'), async (c) =>
    withEtag(c, await services.deliveries.retry(principal(c), c.req.param('id'))),
  );
  app.post('/:id/cancel', requires('delivery:write'), async (c) =>
    withEtag(c, await services.deliveries.cancel(principal(c), c.req.param('id'))),
  );
  const document = (c: Context<AppEnv>, which: DeliveryDocumentName) =>
    services.deliveries.document(principal(c), c.req.param('id')!, which).then((doc) =>
      c.body(doc.body, 200, {
        'Content-Type': 'application/xml; charset=utf-8',
        'Content-Disposition': `attachment; filename="${doc.fileName}"`,
      }),
    );
  app.get('/:id/ern', (c) => document(c, 'ern'));
  app.get('/:id/manifest', (c) => document(c, 'manifest'));
  app.get('/:id/receipts/:receiptId', (c) => document(c, `receipt:${c.req.param('receiptId')}`));
  app.get('/:id/logs', async (c) =>
    c.json(await services.deliveries.logs(principal(c), c.req.param('id'), query(c, PageQuerySchema))),
  );
  return app;
}
