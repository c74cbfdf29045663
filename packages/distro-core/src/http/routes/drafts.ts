import { Hono } from 'hono';
import { DraftConflictError } from '../../services/drafts';
import type { DistroServices } from '../../services/index';
import { type AppEnv, errorResponse, ifMatch, principal, readJson, requires, withEtag } from '../support';

/**
 * `/api/drafts`: server-side drafts of releases the wizard is still filling in. A stale write answers 409 with the
 * usual error body plus `current`, the stored copy, so the client can compare without another round trip.
 */
export function draftRoutes(services: DistroServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => c.json({ items: await services.drafts.list(principal(c)) }));
  app.post('/', requires('catalog:write'), async (c) => {
    const view = await services.drafts.create(principal(c), await readJson(c));
    c.header('Location', `/api/drafts/${view.id}`);
    return withEtag(c, view, 201);
  });
  app.get('/:id', async (c) => withEtag(c, await services.drafts.get(principal(c), c.req.param('id'))));
  app.put('/:id', requires('catalog:write'), async (c) => {
    const expected = ifMatch(c);
    try {
      return withEtag(c, await services.drafts.update(principal(c), c.req.param('id'), await readJson(c), expected));
    } catch (error) {
      if (!(error instanceof DraftConflictError)) throw error;
      const body = (await errorResponse(c, error).json()) as Record<string, unknown>;
      c.header('ETag', `"${error.current.version}"`);
      return c.json({ ...body, current: error.current }, 409);
    }
  });
  app.delete('/:id', requires('catalog:write'), async (c) => {
    await services.drafts.delete(principal(c), c.req.param('id'));
    return c.body(null, 204);
  });
  return app;
}
