import { RELEASE_STATUSES } from '@ddex/ern-model';
import { Hono } from 'hono';
import { z } from 'zod';
import type { DistroServices } from '../../services/index';
import { type AppEnv, csvQuery, ifMatch, PageQuery, principal, query, readJson, requires, withEtag } from '../support';

/** Query of `GET /api/releases`. */
export const ReleaseListQuerySchema = z
  .object({
    ...PageQuery,
    status: csvQuery.pipe(z.array(z.enum(RELEASE_STATUSES)).optional()),
    type: csvQuery,
    label: z.string().min(1).max(200).optional(),
    q: z.string().min(1).max(200).optional(),
    releaseDateFrom: z.iso.date().optional(),
    releaseDateTo: z.iso.date().optional(),
    order: z.enum(['asc', 'desc']).optional(),
  })
  .strict();

/** `/api/releases`: CRUD, `generate` and `validate`. */
export function releaseRoutes(services: DistroServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // the page arrives serialized (see ReleaseService.listJson)
  app.get('/', async (c) =>
    c.body(await services.releases.listJson(principal(c), query(c, ReleaseListQuerySchema)), 200, {
      'Content-Type': 'application/json',
    }),
  );
  app.post('/', requires('catalog:write'), async (c) => {
    const view = await services.releases.create(principal(c), await readJson(c));
    c.header('Location', `/api/releases/${encodeURIComponent(view.id)}`);
    return withEtag(c, view, 201);
  });
  app.get('/:id', async (c) => {
    const { version, json } = await services.releases.getJson(principal(c), c.req.param('id'));
    return c.body(json, 200, { 'Content-Type': 'application/json', ETag: `"${version}"` });
  });
  app.put('/:id', requires('catalog:write'), async (c) => {
    const expected = ifMatch(c);
    return withEtag(c, await services.releases.update(principal(c), c.req.param('id'), await readJson(c), expected));
  });
  app.delete('/:id', requires('catalog:write'), async (c) => {
    await services.releases.delete(principal(c), c.req.param('id'), ifMatch(c));
    return c.body(null, 204);
  });
  app.post('/:id/generate', async (c) => {
    const ern = await services.ern.generate(principal(c), c.req.param('id'), await readJson(c, {}));
    if ((c.req.header('accept') ?? '').includes('application/xml')) {
      return c.body(ern.xml, 200, { 'Content-Type': 'application/xml; charset=utf-8' });
    }
    return c.json(ern);
  });
  app.post('/:id/validate', async (c) =>
    c.json(await services.ern.validate(principal(c), c.req.param('id'), await readJson(c, {}))),
  );
  return app;
}
