import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/http/index';
import { album, type Harness, harness, STORE_NAMES, STORES } from './support';

describe.each(STORE_NAMES)('HTTP health, metrics, openapi and the guards (%s store)', (storeName) => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness({ store: await STORES[storeName]!() });
  });

  it('answers /api/health without a key', async () => {
    const res = await h.call('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', store: storeName });
  });

  it('reports delivery counts, success rate and queue depth of the tenant only', async () => {
    await h.call('POST', '/api/releases', { key: h.a.manager, body: album() });
    await h.call('POST', '/api/targets', {
      key: h.a.manager,
      body: { id: 't', name: 'T', type: 'Test', protocol: 'FILESYSTEM', config: { directory: 'x' } },
    });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      ids.push(
        (
          await (
            await h.call('POST', '/api/deliveries', {
              key: h.a.manager,
              body: { releaseId: 'rel-polar-042', targetId: 't' },
            })
          ).json()
        ).id,
      );
    }
    await h.store.deliveries.update('tenant-a', ids[0]!, { status: 'completed' });
    await h.store.deliveries.update('tenant-a', ids[1]!, { status: 'completed' });
    await h.store.deliveries.update('tenant-a', ids[2]!, { status: 'failed' });
    const started = new Date(Date.now() - 4000).toISOString();
    await h.store.deliveries.update('tenant-a', ids[0]!, { started, completed: new Date().toISOString() });
    const m = await (await h.call('GET', '/api/metrics', { key: h.a.viewer })).json();
    expect(m.releases).toEqual({ total: 1, byStatus: { [album().status ?? 'draft']: 1 } });
    expect(m.perDay).toHaveLength(14);
    expect(m.perDay.at(-1)).toEqual({ day: new Date().toISOString().slice(0, 10), completed: 2, failed: 1 });
    expect(m.perDay.slice(0, -1).every((d: { completed: number }) => d.completed === 0)).toBe(true);
    expect(m.perTarget).toEqual([{ targetId: 't', name: 'T', completed: 2, failed: 1, successRate: 2 / 3 }]);
    // one completed delivery took ~4 s; the other has no start and completion instants and is left out
    expect(m.durationMs.p50).toBeGreaterThanOrEqual(4000);
    expect(m.durationMs.p95).toBe(m.durationMs.p50);
    expect(m.deliveries.total).toBe(4);
    expect(m.deliveries.byStatus).toMatchObject({ completed: 2, failed: 1, queued: 1 });
    expect(m.deliveries.successRate).toBeCloseTo(2 / 3);
    expect(m.queue.depth).toBe(4);
    const other = await (await h.call('GET', '/api/metrics', { key: h.b.viewer })).json();
    expect(other.deliveries.total).toBe(0);
    expect(other.deliveries.successRate).toBeNull();
    expect(other.releases.total).toBe(0);
    expect(other.perTarget).toEqual([]);
    expect(other.durationMs).toEqual({ p50: null, p95: null });
    expect(other.queue.depth).toBe(0);
    // a DSP's ACK keeps an acknowledged delivery a success and makes a rejected one a failure
    await h.store.deliveries.update('tenant-a', ids[3]!, { status: 'acknowledged' });
    const acked = await (await h.call('GET', '/api/metrics', { key: h.a.viewer })).json();
    expect(acked.deliveries.successRate).toBeCloseTo(3 / 4);
    await h.store.deliveries.update('tenant-a', ids[1]!, { status: 'rejected' });
    const rejected = await (await h.call('GET', '/api/metrics', { key: h.a.viewer })).json();
    expect(rejected.deliveries.successRate).toBeCloseTo(2 / 4);
    expect((await h.call('GET', '/api/metrics')).status).toBe(401);
  });

  it('serves an OpenAPI 3.1 document whose schemas come from the zod schemas', async () => {
    const res = await h.call('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.schemas.Release.properties.tracks.type).toBe('array');
    expect(doc.components.schemas.Release.required).toEqual(expect.arrayContaining(['id', 'metadata', 'tracks']));
    expect(doc.components.schemas.DeliveryTarget.properties.protocol.enum).toContain('SFTP');
    for (const path of [
      '/api/releases',
      '/api/releases/{id}/generate',
      '/api/targets/{id}/test',
      '/api/deliveries/{id}/retry',
      '/api/metrics',
      '/api/api-keys',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
  });

  it('sends security headers and refuses large bodies with 413', async () => {
    const res = await h.call('GET', '/api/health');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('strict-transport-security')).toContain('max-age');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const big = await h.call('POST', '/api/releases', {
      key: h.a.manager,
      raw: `{"x":"${'a'.repeat(3 * 1024 * 1024)}"}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(big.status).toBe(413);
    expect((await big.json()).error.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await h.store.releases.list('tenant-a')).items).toHaveLength(0);
  });

  it('answers 429 after too many failed authentications from one client', async () => {
    const app = createApp(h.services, { authRateLimit: { max: 3, windowMs: 60_000 } });
    const env = { incoming: { socket: { remoteAddress: '203.0.113.9' } } };
    const get = (key: string, ip = env) =>
      app.request('/api/releases', { headers: { authorization: `Bearer ${key}` } }, ip);
    for (let i = 0; i < 3; i++) expect((await get('ddx_wrong')).status).toBe(401);
    const limited = await get('ddx_wrong');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await get(h.a.viewer)).status).toBe(429);
    expect((await get(h.a.viewer, { incoming: { socket: { remoteAddress: '198.51.100.1' } } })).status).toBe(200);
  });

  it('answers unknown routes with a JSON 404 and never leaks internals on a 500', async () => {
    const res = await h.call('GET', '/api/nope', { key: h.a.viewer });
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('NOT_FOUND');
    const errors: unknown[] = [];
    const broken = await harness({ logger: { error: (d: unknown) => errors.push(d) } });
    broken.store.releases.list = async () => {
      throw new Error('disk on fire at /secret/path');
    };
    const boom = await broken.call('GET', '/api/releases', { key: broken.a.viewer });
    expect(boom.status).toBe(500);
    const text = await boom.text();
    expect(text).not.toContain('/secret/path');
    expect(JSON.parse(text).error).toEqual({
      code: 'INTERNAL',
      message: 'internal error',
      requestId: boom.headers.get('x-request-id'),
    });
    expect(errors).toHaveLength(1);
  });
});
