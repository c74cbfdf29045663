import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { DistroServices } from '../../services/index';
import { validationCsv } from '../../services/validations';
import { type AppEnv, principal, query } from '../support';

/** Query of `GET /api/validations/{id}`. */
export const ValidationQuerySchema = z.object({ format: z.enum(['json', 'csv']).optional() }).strict();

/**
 * `/api/validations/{id}`: a stored validation result, the permalink of `POST /api/releases/{id}/validate`. Without
 * `format` it is plain JSON; `format=json` or `format=csv` (also `/report.json`, `/report.csv`) is a download.
 */
export function validationRoutes(services: DistroServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const send = async (c: Context<AppEnv>, format: 'json' | 'csv' | undefined) => {
    const report = await services.validations.get(principal(c), c.req.param('id') ?? '');
    if (format === undefined) return c.json(report);
    const name = `validation-${safeName(report.releaseId)}-${report.id}.${format}`;
    const disposition = `attachment; filename="${name}"`;
    if (format === 'json') {
      return c.body(`${JSON.stringify(report, null, 2)}\n`, 200, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Disposition': disposition,
      });
    }
    return c.body(validationCsv(report), 200, {
      'Content-Type': 'text/csv; charset=utf-8; header=present',
      'Content-Disposition': disposition,
    });
  };
  app.get('/:id', async (c) => send(c, query(c, ValidationQuerySchema).format));
  app.get('/:id/report.json', async (c) => send(c, 'json'));
  app.get('/:id/report.csv', async (c) => send(c, 'csv'));
  return app;
}

// --- Internal helpers ---

/** A release id fit for a file name in a quoted header value. */
function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80);
}
