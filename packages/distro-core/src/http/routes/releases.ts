import { Hono } from 'hono';
import type { DistroServices } from '../../services/index';
import { releaseListQuery } from '../release-list-query';
import { type AppEnv, ifMatch, principal, readJson, requires, withEtag } from '../support';

export { ReleaseListQuerySchema } from '../release-list-query';

/** `/api/releases`: CRUD, `generate` and `validate`. */
export function releaseRoutes(services: DistroServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // the page arrives serialized (see ReleaseService.listJson)
  app.get('/', async (c) =>
    c.body(await services.releases.listJson(principal(c), releaseListQuery(c)), 200, {
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
