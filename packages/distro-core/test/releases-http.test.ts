import { beforeEach, describe, expect, it } from 'vitest';
import { album, type Harness, harness, STORE_NAMES, STORES } from './support';

describe.each(STORE_NAMES)('HTTP /api/releases (%s store)', (storeName) => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness({ store: await STORES[storeName]!() });
  });

  it('creates, reads, lists, updates and deletes a release', async () => {
    const created = await h.call('POST', '/api/releases', { key: h.a.manager, body: album() });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.headers.get('location')).toBe('/api/releases/rel-polar-042');
    const view = await created.json();
    expect(view).toMatchObject({ id: 'rel-polar-042', version: 1, release: { tenantId: 'tenant-a' } });

    const got = await h.call('GET', '/api/releases/rel-polar-042', { key: h.a.viewer });
    expect(got.status).toBe(200);
    expect((await got.json()).release.metadata.title).toBe('Northern Lights');

    const list = await (await h.call('GET', '/api/releases?status=ready&limit=10', { key: h.a.viewer })).json();
    expect(list.items.map((r: any) => r.id)).toEqual(['rel-polar-042']);
    expect(list.nextCursor).toBeNull();
    // lists carry summaries, not documents (GET one release for it)
    expect(list.items[0]).toMatchObject({ version: 1, title: 'Northern Lights', status: 'ready' });
    expect(list.items[0].trackCount).toBeGreaterThan(0);
    expect(list.items[0]).not.toHaveProperty('release');
    expect(list.items[0]).not.toHaveProperty('tenantId');

    const changed = album();
    changed.metadata.title = 'Northern Lights (Deluxe)';
    const put = await h.call('PUT', '/api/releases/rel-polar-042', {
      key: h.a.manager,
      body: changed,
      headers: { 'if-match': '"1"' },
    });
    expect(put.status).toBe(200);
    expect(put.headers.get('etag')).toBe('"2"');
    expect((await put.json()).release.metadata.title).toBe('Northern Lights (Deluxe)');

    const del = await h.call('DELETE', '/api/releases/rel-polar-042', {
      key: h.a.admin,
      headers: { 'if-match': '"2"' },
    });
    expect(del.status).toBe(204);
    expect((await h.call('GET', '/api/releases/rel-polar-042', { key: h.a.viewer })).status).toBe(404);
  });

  it('sends a release and a list page as the JSON of their views, whoever serializes them', async () => {
    const release = album();
    release.metadata.title = 'Say "hi" \\ Ünïcödé 🎵\u0001';
    await h.call('POST', '/api/releases', { key: h.a.manager, body: release });
    const principal = { tenantId: 'tenant-a', actor: 'test', role: 'viewer' as const, operator: false };

    const got = await h.call('GET', '/api/releases/rel-polar-042', { key: h.a.viewer });
    expect(got.headers.get('content-type')).toBe('application/json');
    expect(got.headers.get('etag')).toBe('"1"');
    expect(await got.text()).toBe(JSON.stringify(await h.services.releases.get(principal, 'rel-polar-042')));

    for (const q of ['', '?status=ready&limit=1', '?q=say%20hi', '?q=nothing-matches']) {
      const res = await h.call('GET', `/api/releases${q}`, { key: h.a.viewer });
      expect(res.headers.get('content-type')).toBe('application/json');
      const input = Object.fromEntries(new URLSearchParams(q));
      const view = await h.services.releases.list(principal, {
        ...input,
        status: input.status?.split(','),
        limit: input.limit === undefined ? undefined : Number(input.limit),
      });
      expect(JSON.parse(await res.text())).toStrictEqual(JSON.parse(JSON.stringify(view)));
    }
  });

  it('answers 400 with the model issues and their field paths', async () => {
    const bad = album();
    bad.tracks[1].isrc = 'NOT-AN-ISRC';
    delete bad.metadata.title;
    const res = await h.call('POST', '/api/releases', { key: h.a.manager, body: bad });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('VALIDATION');
    const paths = body.error.issues.map((i: any) => i.path);
    expect(paths).toContain('tracks.1.isrc');
    expect(paths).toContain('metadata.title');
    for (const issue of body.error.issues) expect(Object.keys(issue).sort()).toEqual(['code', 'message', 'path']);
    expect((await h.store.releases.list('tenant-a')).items).toHaveLength(0);
  });

  it('answers 400 for bad JSON, an id that differs from the URL, another tenant id and bad query values', async () => {
    const badJson = await h.call('POST', '/api/releases', {
      key: h.a.manager,
      raw: '{"id":',
      headers: { 'content-type': 'application/json' },
    });
    expect(badJson.status).toBe(400);
    expect((await badJson.json()).error.issues[0].code).toBe('invalid_json');

    await h.call('POST', '/api/releases', { key: h.a.manager, body: album() });
    const mismatch = await h.call('PUT', '/api/releases/rel-polar-042', {
      key: h.a.manager,
      body: album({ id: 'other' }),
    });
    expect(mismatch.status).toBe(400);
    expect((await mismatch.json()).error.issues[0].path).toBe('id');

    const foreign = await h.call('POST', '/api/releases', {
      key: h.a.manager,
      body: album({ id: 'x2', tenantId: 'tenant-b' }),
    });
    expect(foreign.status).toBe(400);
    expect((await foreign.json()).error.issues[0].path).toBe('tenantId');

    const q = await h.call('GET', '/api/releases?limit=0&status=bogus', { key: h.a.viewer });
    expect(q.status).toBe(400);
    const qPaths = (await q.json()).error.issues.map((i: any) => i.path);
    expect(qPaths).toEqual(expect.arrayContaining(['limit', 'status.0']));

    const badIfMatch = await h.call('PUT', '/api/releases/rel-polar-042', {
      key: h.a.manager,
      body: album(),
      headers: { 'if-match': 'nope' },
    });
    expect(badIfMatch.status).toBe(400);
  });

  it('answers 401 without, with a malformed or with a revoked key', async () => {
    expect((await h.call('GET', '/api/releases')).status).toBe(401);
    const wrong = await h.call('GET', '/api/releases', { key: 'ddx_nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toContain('Bearer');
    const basic = await h.call('GET', '/api/releases', { headers: { authorization: 'Basic Zm9vOmJhcg==' } });
    expect(basic.status).toBe(401);
    const keys = await h.store.apiKeys.list('tenant-a');
    await h.store.apiKeys.revoke('tenant-a', keys.items[0]!.id);
    expect((await h.call('GET', '/api/releases', { key: h.a.admin })).status).toBe(401);
  });

  it('answers 403 to viewer writes and leaves nothing changed', async () => {
    expect((await h.call('POST', '/api/releases', { key: h.a.viewer, body: album() })).status).toBe(403);
    await h.call('POST', '/api/releases', { key: h.a.manager, body: album() });
    expect((await h.call('PUT', '/api/releases/rel-polar-042', { key: h.a.viewer, body: album() })).status).toBe(403);
    expect((await h.call('DELETE', '/api/releases/rel-polar-042', { key: h.a.viewer })).status).toBe(403);
    expect((await h.store.releases.get('tenant-a', 'rel-polar-042')).version).toBe(1);
  });

  it("answers 404 for another tenant's release on every route, and never lists it", async () => {
    await h.call('POST', '/api/releases', { key: h.a.manager, body: album() });
    const b = h.b.admin;
    expect((await h.call('GET', '/api/releases/rel-polar-042', { key: b })).status).toBe(404);
    expect((await h.call('PUT', '/api/releases/rel-polar-042', { key: b, body: album() })).status).toBe(404);
    expect((await h.call('DELETE', '/api/releases/rel-polar-042', { key: b })).status).toBe(404);
    expect(
      (
        await h.call('POST', '/api/releases/rel-polar-042/generate', {
          key: b,
          body: { recipient: { dpid: 'PADPIDA20270101024', name: 'DSP' } },
        })
      ).status,
    ).toBe(404);
    expect((await h.call('POST', '/api/releases/rel-polar-042/validate', { key: b })).status).toBe(404);
    expect((await (await h.call('GET', '/api/releases?q=northern', { key: b })).json()).items).toEqual([]);
    expect((await h.store.releases.get('tenant-a', 'rel-polar-042')).version).toBe(1);
    // tenant B may create its own release with the same id
    expect((await h.call('POST', '/api/releases', { key: h.b.manager, body: album() })).status).toBe(201);
  });

  it('answers 409 to a duplicate id and to a stale If-Match', async () => {
    await h.call('POST', '/api/releases', { key: h.a.manager, body: album() });
    const dup = await h.call('POST', '/api/releases', { key: h.a.manager, body: album() });
    expect(dup.status).toBe(409);
    expect((await dup.json()).error.code).toBe('ALREADY_EXISTS');
    await h.call('PUT', '/api/releases/rel-polar-042', {
      key: h.a.manager,
      body: album(),
      headers: { 'if-match': '"1"' },
    });
    const stale = await h.call('PUT', '/api/releases/rel-polar-042', {
      key: h.a.manager,
      body: album(),
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(409);
    expect((await stale.json()).error.code).toBe('CONFLICT');
    const staleDelete = await h.call('DELETE', '/api/releases/rel-polar-042', {
      key: h.a.admin,
      headers: { 'if-match': '"1"' },
    });
    expect(staleDelete.status).toBe(409);
    expect((await h.store.releases.get('tenant-a', 'rel-polar-042')).version).toBe(2);
  });

  it('generates the ERN message for a version, as JSON or XML, and says what is missing', async () => {
    await h.call('POST', '/api/releases', { key: h.a.manager, body: album() });
    const recipient = { dpid: 'PADPIDA20270101024', name: 'Nordic Stream' };
    const res = await h.call('POST', '/api/releases/rel-polar-042/generate', {
      key: h.a.viewer,
      body: { version: '4.2', recipient, messageId: 'MSG-1', createdAt: '2027-03-01T10:00:00Z' },
    });
    expect(res.status).toBe(200);
    const ern = await res.json();
    expect(ern.version).toBe('4.2');
    expect(ern.xml).toContain('http://ddex.net/xml/ern/42');
    expect(ern.xml).toContain('Northern Lights');
    expect(Array.isArray(ern.issues)).toBe(true);

    const xml = await h.call('POST', '/api/releases/rel-polar-042/generate', {
      key: h.a.viewer,
      body: { recipient },
      headers: { accept: 'application/xml' },
    });
    expect(xml.headers.get('content-type')).toContain('application/xml');
    expect(await xml.text()).toMatch(/^<\?xml/);

    const noRecipient = await h.call('POST', '/api/releases/rel-polar-042/generate', { key: h.a.viewer });
    expect(noRecipient.status).toBe(400);
    expect((await noRecipient.json()).error.issues[0].path).toBe('recipient');
    const badVersion = await h.call('POST', '/api/releases/rel-polar-042/generate', {
      key: h.a.viewer,
      body: { version: '9.9' },
    });
    expect(badVersion.status).toBe(400);
    expect((await badVersion.json()).error.issues[0].path).toBe('version');
    expect((await h.call('POST', '/api/releases/nope/generate', { key: h.a.viewer, body: { recipient } })).status).toBe(
      404,
    );
  });
});
