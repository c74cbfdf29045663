import { Hono } from 'hono';
import { z } from 'zod';
import { DistroError } from '../../errors';
import type { DistroServices } from '../../services/index';
import { type AppEnv, ifMatch, PageQuery, principal, query, readJson, requires, withEtag } from '../support';

/** Query of `GET /api/targets`. */
export const TargetListQuerySchema = z
  .object({
    ...PageQuery,
    active: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
  })
  .strict();

/** `/api/targets` (also at `/api/delivery-targets`): CRUD and `test`. */
export function targetRoutes(services: DistroServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => c.json(await services.targets.list(principal(c), query(c, TargetListQuerySchema))));
  app.post('/', requires('delivery:write'), async (c) => {
    const view = await services.targets.create(principal(c), await readJson(c));
    c.header('Location', `/api/targets/${encodeURIComponent(view.id)}`);
    return withEtag(c, view, 201);
  });
  app.get('/:id', async (c) => withEtag(c, await services.targets.get(principal(c), c.req.param('id'))));
  app.put('/:id', requires('delivery:write'), async (c) => {
    const expected = ifMatch(c);
    return withEtag(c, await services.targets.update(principal(c), c.req.param('id'), await readJson(c), expected));
  });
  app.delete('/:id', requires('delivery:write'), async (c) => {
    await services.targets.delete(principal(c), c.req.param('id'), ifMatch(c));
    return c.body(null, 204);
  });
  app.post('/:id/acks', requires('delivery:write'), async (c) =>
    c.json(await services.deliveries.collectAcks(principal(c), c.req.param('id'))),
  );
  // a DSP's HTTP callback: the acknowledgement XML as the body, authenticated with an API key of the tenant
  app.post('/:id/acks/inbound', requires('delivery:write'), async (c) => {
    const type = c.req.header('content-type') ?? '';
    if (!/\b(?:application|text)\/(?:[\w.+-]+\+)?xml\b/i.test(type)) {
      throw new DistroError('VALIDATION', 'an acknowledgement is posted as XML', {
        issues: [
          {
            code: 'unsupported_media_type',
            path: '',
            message: `Content-Type must be application/xml or text/xml, not "${type}"`,
          },
        ],
      });
    }
    const report = await services.deliveries.receiveAck(
      principal(c),
      c.req.param('id'),
      await c.req.text(),
      c.req.query('name'),
    );
    return c.json(report);
  });
  app.post('/:id/test', requires('delivery:write'), async (c) =>
    c.json(await services.targets.test(principal(c), c.req.param('id'))),
  );
  return app;
}
