import { Hono } from 'hono';
import type { DistroServices } from '../../services/index';
import { type AppEnv, principal, readJson, requires } from '../support';

/** `/api/webhooks` (admin): list, create (the generated secret is returned once), delete. */
export function webhookRoutes(services: DistroServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', requires('admin'), async (c) => c.json({ items: await services.webhooks.list(principal(c)) }));
  app.post('/', requires('admin'), async (c) => {
    const created = await services.webhooks.create(principal(c), await readJson(c));
    c.header('Location', `/api/webhooks/${encodeURIComponent(created.id)}`);
    return c.json(created, 201);
  });
  app.delete('/:id', requires('admin'), async (c) => {
    await services.webhooks.delete(principal(c), c.req.param('id'));
    return c.body(null, 204);
  });
  return app;
}
