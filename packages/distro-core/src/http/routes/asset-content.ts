import type { Hono } from 'hono';
import { findDuplicateAssets, openAssetContent } from '../../services/asset-content';
import type { DistroServices } from '../../services/index';
import { type AppEnv, principal } from '../support';

/** A web stream over the asset's bytes; cancelling it (a player seeking away) stops reading the store. */
function toWeb(body: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const it = body[Symbol.asyncIterator]();
  return new ReadableStream({
    async pull(controller) {
      const next = await it.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await it.return?.();
    },
  });
}

/**
 * Adds to `/api/releases/:id/assets`: `GET /:assetId/content` (the file's bytes for the signed-in user's tenant,
 * with `Range` for seeking players) and `GET /duplicates` (audio that is byte-for-byte another file).
 */
export function assetContentRoutes(app: Hono<AppEnv>, services: DistroServices): void {
  app.get('/duplicates', async (c) =>
    c.json(await findDuplicateAssets(services.context, principal(c), c.req.param('id')!)),
  );
  app.get('/:assetId/content', async (c) => {
    const content = await openAssetContent(
      services.context,
      principal(c),
      c.req.param('id')!,
      c.req.param('assetId'),
      c.req.header('range'),
    );
    const headers: Record<string, string> = {
      'Accept-Ranges': 'bytes',
      'Content-Type': content.contentType,
      'Cache-Control': 'private, no-store',
      'Content-Disposition': `inline; filename*=UTF-8''${encodeURIComponent(content.fileName)}`,
      ETag: `"${content.md5}"`,
    };
    if (content.range === 'unsatisfiable') {
      return c.body(null, 416, { ...headers, 'Content-Range': `bytes */${content.size}` });
    }
    if (content.range) {
      const { start, end } = content.range;
      return c.body(toWeb(content.body), 206, {
        ...headers,
        'Content-Range': `bytes ${start}-${end}/${content.size}`,
        'Content-Length': String(end - start + 1),
      });
    }
    return c.body(toWeb(content.body), 200, { ...headers, 'Content-Length': String(content.size) });
  });
}
