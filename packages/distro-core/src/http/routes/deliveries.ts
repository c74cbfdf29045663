import { Hono } from 'hono';
import { z } from 'zod';
import { DeliveryStatusSchema } from '../../services/deliveries';
import type { DistroServices } from '../../services/index';
import { type AppEnv, csvQuery, PageQuery, principal, query, readJson, requires, withEtag } from '../support';

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

/** `/api/deliveries`: queue, list, get, retry, cancel, logs. */
export function deliveryRoutes(services: DistroServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => c.json(await services.deliveries.list(principal(c), query(c, DeliveryListQuerySchema))));
  app.post('/', requires('delivery:write'), async (c) => {
    const view = await services.deliveries.queue(principal(c), await readJson(c));
    c.header('Location', `/api/deliveries/${encodeURIComponent(view.id)}`);
    return withEtag(c, view, 201);
  });
  app.get('/:id', async (c) => withEtag(c, await services.deliveries.get(principal(c), c.req.param('id'))));
  app.post('/:id/retry', requires('delivery:write'), async (c) =>
    withEtag(c, await services.deliveries.retry(principal(c), c.req.param('id'))),
  );
  app.post('/:id/cancel', requires('delivery:write'), async (c) =>
    withEtag(c, await services.deliveries.cancel(principal(c), c.req.param('id'))),
  );
  app.get('/:id/logs', async (c) =>
    c.json(await services.deliveries.logs(principal(c), c.req.param('id'), query(c, PageQuerySchema))),
  );
  return app;
}
