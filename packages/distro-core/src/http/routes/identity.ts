import { Hono } from 'hono';
import { z } from 'zod';
import { notFound } from '../../errors';
import { authorize } from '../../principal';
import type { DistroServices } from '../../services/index';
import { type AppEnv, ifMatch, PageQuery, principal, query, readJson, requires, withEtag } from '../support';

const PageOnly = z.object(PageQuery).strict();

/** `/api/tenants`: the caller's tenant; operators create new ones. */
export function tenantRoutes(services: DistroServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => c.json(await services.tenants.list(principal(c))));
  app.post('/', requires('admin'), async (c) => {
    const created = await services.tenants.create(principal(c), await readJson(c));
    return c.json(created, 201);
  });
  app.get('/:id', async (c) => withEtag(c, await services.tenants.get(principal(c), c.req.param('id'))));
  app.put('/:id', async (c) => {
    // another tenant is 404 for every role; then only admins may write, whatever the body
    if (c.req.param('id') !== principal(c).tenantId) throw notFound('tenant', c.req.param('id'));
    authorize(principal(c), 'admin');
    const expected = ifMatch(c);
    return withEtag(c, await services.tenants.update(principal(c), c.req.param('id'), await readJson(c), expected));
  });
  return app;
}

/** `/api/users` (admin). */
export function userRoutes(services: DistroServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requires('admin'));
  app.get('/', async (c) => c.json(await services.users.list(principal(c), query(c, PageOnly))));
  app.post('/', async (c) => withEtag(c, await services.users.create(principal(c), await readJson(c)), 201));
  app.get('/:id', async (c) => withEtag(c, await services.users.get(principal(c), c.req.param('id'))));
  app.patch('/:id', async (c) => {
    const expected = ifMatch(c);
    return withEtag(c, await services.users.update(principal(c), c.req.param('id'), await readJson(c), expected));
  });
  app.delete('/:id', async (c) => {
    await services.users.delete(principal(c), c.req.param('id'));
    return c.body(null, 204);
  });
  return app;
}

/** `/api/api-keys` (admin): the secret is in the creation response only. */
export function apiKeyRoutes(services: DistroServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requires('admin'));
  app.get('/', async (c) => c.json(await services.apiKeys.list(principal(c), query(c, PageOnly))));
  app.post('/', async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json(await services.apiKeys.create(principal(c), await readJson(c)), 201);
  });
  app.delete('/:id', async (c) => c.json(await services.apiKeys.revoke(principal(c), c.req.param('id'))));
  return app;
}
