import { Hono } from 'hono';
import { DistroError } from '../../errors';
import { invalid } from '../../input';
import type { DistroServices } from '../../services/index';
import { type AppEnv, ifMatch, principal, readJson, requires } from '../support';
import { assetContentRoutes } from './asset-content';

/** Largest chunk `PUT .../uploads/:uploadId` accepts. */
export const MAX_CHUNK_BYTES = 32 * 1024 * 1024;

/** True for the chunk PUTs, which stream past the app's JSON body limit (they have their own). */
export function isUploadChunk(method: string, path: string): boolean {
  return method === 'PUT' && /^\/api\/releases\/[^/]+\/assets\/uploads\/[^/]+$/.test(path);
}

function contentRange(header: string | undefined): { start: number; end: number; total: number } {
  const m = /^bytes (\d{1,13})-(\d{1,13})\/(\d{1,13})$/.exec(header?.trim() ?? '');
  const [start, end, total] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, -1, 0];
  if (!m || end < start || end >= total) {
    invalid('invalid_format', 'Content-Range', 'Content-Range must be "bytes <start>-<end>/<total>" within the file.');
  }
  return { start, end, total };
}

/** Counts a body's bytes: more than announced, or than a chunk may have, is a 413. */
async function* limited(body: ReadableStream<Uint8Array> | null, max: number): AsyncIterable<Uint8Array> {
  if (!body) return;
  let seen = 0;
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    seen += chunk.byteLength;
    if (seen > max) throw new DistroError('PAYLOAD_TOO_LARGE', `the chunk is larger than ${max} bytes`);
    yield chunk;
  }
}

/**
 * `/api/releases/:id/assets`: list, resumable chunked uploads (create, status, `PUT` chunks with Content-Range,
 * complete, abort), the bytes of an asset (with Range), duplicate audio, and removal.
 */
export function assetRoutes(services: DistroServices, maxChunkBytes = MAX_CHUNK_BYTES): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const release = (c: { req: { param(name: string): string | undefined } }) => c.req.param('id')!;
  app.get('/', async (c) => c.json({ items: await services.assets.list(principal(c), release(c)) }));
  app.post('/uploads', requires('catalog:write'), async (c) => {
    const upload = await services.assets.createUpload(principal(c), release(c), await readJson(c));
    c.header('Location', `/api/releases/${encodeURIComponent(upload.releaseId)}/assets/uploads/${upload.id}`);
    return c.json(upload, 201);
  });
  app.get('/uploads/:uploadId', async (c) =>
    c.json(await services.assets.getUpload(principal(c), release(c), c.req.param('uploadId'))),
  );
  app.put('/uploads/:uploadId', requires('catalog:write'), async (c) => {
    const range = contentRange(c.req.header('content-range'));
    const max = Math.min(maxChunkBytes, range.end - range.start + 1);
    const upload = await services.assets.putChunk(
      principal(c),
      release(c),
      c.req.param('uploadId'),
      range,
      limited(c.req.raw.body, max),
    );
    return c.json(upload);
  });
  app.post('/uploads/:uploadId/complete', requires('catalog:write'), async (c) =>
    c.json(await services.assets.complete(principal(c), release(c), c.req.param('uploadId')), 201),
  );
  app.delete('/uploads/:uploadId', requires('catalog:write'), async (c) => {
    await services.assets.abort(principal(c), release(c), c.req.param('uploadId'));
    return c.body(null, 204);
  });
  assetContentRoutes(app, services);
  app.delete('/:assetId', requires('catalog:write'), async (c) => {
    await services.assets.remove(principal(c), release(c), c.req.param('assetId'), ifMatch(c));
    return c.body(null, 204);
  });
  return app;
}
