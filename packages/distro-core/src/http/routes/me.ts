import { Hono } from 'hono';
import type { DistroServices } from '../../services/index';
import { type AppEnv, principal, readJson } from '../support';

/** `/api/me`: the caller's own settings; `GET /preferences` and `PATCH /preferences` (theme, contrast). */
export function meRoutes(services: DistroServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/preferences', async (c) => c.json(await services.preferences.get(principal(c))));
  app.patch('/preferences', async (c) => c.json(await services.preferences.update(principal(c), await readJson(c))));
  return app;
}
