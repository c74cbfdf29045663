import { describe, expect, it } from 'vitest';
import { createApp } from '../src/http/index';
import { harness } from './support';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('X-Request-Id', () => {
  it('is on every response, generated unless a sane one comes in, and in error bodies', async () => {
    const h = await harness();
    const ok = await h.call('GET', '/api/releases', { key: h.a.viewer });
    expect(ok.headers.get('x-request-id')).toMatch(UUID);
    const health = await h.call('GET', '/api/health');
    expect(health.headers.get('x-request-id')).toMatch(UUID);
    expect(health.headers.get('x-request-id')).not.toBe(ok.headers.get('x-request-id'));

    const kept = await h.call('GET', '/api/releases/none', {
      key: h.a.viewer,
      headers: { 'x-request-id': 'lb-7f3a.91:req=42' },
    });
    expect(kept.status).toBe(404);
    expect(kept.headers.get('x-request-id')).toBe('lb-7f3a.91:req=42');
    expect((await kept.json()).error).toMatchObject({ code: 'NOT_FOUND', requestId: 'lb-7f3a.91:req=42' });

    // too long, or with characters that do not belong in a log line: replaced
    for (const bad of ['x'.repeat(129), 'a b', 'a\tb', '<script>', '-starts-with-dash']) {
      const res = await h.call('GET', '/api/releases', { key: h.a.viewer, headers: { 'x-request-id': bad } });
      expect(res.headers.get('x-request-id')).toMatch(UUID);
    }

    const unauthenticated = await h.call('GET', '/api/releases');
    const body = await unauthenticated.json();
    expect(body.error.code).toBe('UNAUTHENTICATED');
    expect(body.error.requestId).toBe(unauthenticated.headers.get('x-request-id'));
    const invalid = await h.call('POST', '/api/releases', { key: h.a.manager, body: { nope: 1 } });
    expect((await invalid.json()).error.requestId).toBe(invalid.headers.get('x-request-id'));
    const noRoute = await h.call('GET', '/api/nothing-here', { key: h.a.viewer });
    expect((await noRoute.json()).error.requestId).toBe(noRoute.headers.get('x-request-id'));
  });

  it('is logged with a failed request', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = { error: (data: Record<string, unknown>) => lines.push(data), debug: () => undefined };
    const h = await harness({ logger });
    h.store.releases.get = async () => {
      throw new Error('database on fire');
    };
    const app = createApp(h.services, { authRateLimit: false, logger });
    const res = await app.request('/api/releases/rel-1', {
      headers: { authorization: `Bearer ${h.a.viewer}`, 'x-request-id': 'trace-1' },
    });
    expect(res.status).toBe(500);
    expect(((await res.json()) as { error: unknown }).error).toEqual({
      code: 'INTERNAL',
      message: 'internal error',
      requestId: 'trace-1',
    });
    expect(lines).toEqual([
      expect.objectContaining({ requestId: 'trace-1', method: 'GET', path: '/api/releases/rel-1' }),
    ]);
  });
});
