import { beforeEach, describe, expect, it } from 'vitest';
import { type Harness, harness, STORE_NAMES, STORES } from './support';

const form = (title: string) => ({ title, data: { title, displayArtist: 'Aurora Vale', tracks: [] } });

describe.each(STORE_NAMES)('HTTP /api/drafts (%s store)', (storeName) => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness({ store: await STORES[storeName]!() });
  });

  it('creates, reads, lists newest first, updates with If-Match and deletes a draft', async () => {
    const created = await h.call('POST', '/api/drafts', { key: h.a.manager, body: form('Northern Lights') });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    const draft = await created.json();
    expect(draft).toMatchObject({ title: 'Northern Lights', version: 1, data: form('Northern Lights').data });
    expect(created.headers.get('location')).toBe(`/api/drafts/${draft.id}`);

    const got = await h.call('GET', `/api/drafts/${draft.id}`, { key: h.a.viewer });
    expect(got.status).toBe(200);
    expect((await got.json()).data.displayArtist).toBe('Aurora Vale');

    await new Promise((r) => setTimeout(r, 5)); // a later updatedAt
    const second = await (
      await h.call('POST', '/api/drafts', { key: h.a.manager, body: form('Ünïcode — Zwei') })
    ).json();
    const list = await (await h.call('GET', '/api/drafts', { key: h.a.viewer })).json();
    expect(list.items.map((d: any) => d.title)).toEqual(['Ünïcode — Zwei', 'Northern Lights']);
    expect(list.items[0]).not.toHaveProperty('data');

    const put = await h.call('PUT', `/api/drafts/${draft.id}`, {
      key: h.a.manager,
      body: form('Northern Lights (Deluxe)'),
      headers: { 'if-match': '"1"' },
    });
    expect(put.status).toBe(200);
    expect(put.headers.get('etag')).toBe('"2"');
    expect(await put.json()).toMatchObject({ version: 2, title: 'Northern Lights (Deluxe)' });
    // the edited draft is now the newest
    const again = await (await h.call('GET', '/api/drafts', { key: h.a.manager })).json();
    expect(again.items.map((d: any) => [d.id, d.version])).toEqual([
      [draft.id, 2],
      [second.id, 1],
    ]);

    expect((await h.call('DELETE', `/api/drafts/${draft.id}`, { key: h.a.manager })).status).toBe(204);
    expect((await h.call('GET', `/api/drafts/${draft.id}`, { key: h.a.manager })).status).toBe(404);
    expect((await h.call('DELETE', `/api/drafts/${draft.id}`, { key: h.a.manager })).status).toBe(404);
    const left = await (await h.call('GET', '/api/drafts', { key: h.a.manager })).json();
    expect(left.items.map((d: any) => d.id)).toEqual([second.id]);
  });

  it('answers 409 with the stored copy on a stale version (If-Match or body version)', async () => {
    const draft = await (await h.call('POST', '/api/drafts', { key: h.a.manager, body: form('One') })).json();
    await h.call('PUT', `/api/drafts/${draft.id}`, {
      key: h.a.admin,
      body: form('Theirs'),
      headers: { 'if-match': '"1"' },
    });
    const stale = await h.call('PUT', `/api/drafts/${draft.id}`, {
      key: h.a.manager,
      body: form('Mine'),
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(409);
    const body = await stale.json();
    expect(body.error.code).toBe('CONFLICT');
    expect(body.current).toMatchObject({ id: draft.id, version: 2, title: 'Theirs', data: { title: 'Theirs' } });

    const staleBody = await h.call('PUT', `/api/drafts/${draft.id}`, {
      key: h.a.manager,
      body: { ...form('Mine'), version: 1 },
    });
    expect(staleBody.status).toBe(409);
    const ok = await h.call('PUT', `/api/drafts/${draft.id}`, {
      key: h.a.manager,
      body: { ...form('Mine'), version: 2 },
    });
    expect(ok.status).toBe(200);
    expect((await ok.json()).version).toBe(3);

    // two saves based on the same version: exactly one wins
    const racing = await Promise.all(
      ['A', 'B'].map((t) =>
        h.call('PUT', `/api/drafts/${draft.id}`, { key: h.a.manager, body: form(t), headers: { 'if-match': '"3"' } }),
      ),
    );
    expect(racing.map((r) => r.status).sort()).toEqual([200, 409]);
  });

  it('refuses an oversize or malformed body with 400', async () => {
    const big = { title: 'Big', data: { notes: 'x'.repeat(300 * 1024) } };
    const oversize = await h.call('POST', '/api/drafts', { key: h.a.manager, body: big });
    expect(oversize.status).toBe(400);
    expect((await oversize.json()).error.issues[0].path).toBe('data');
    for (const body of [
      { title: 'No data' },
      { data: [] },
      { data: {}, extra: 1 },
      { data: {}, title: 'x'.repeat(301) },
    ]) {
      expect((await h.call('POST', '/api/drafts', { key: h.a.manager, body })).status).toBe(400);
    }
    const bad = await h.call('POST', '/api/drafts', {
      key: h.a.manager,
      raw: '{not json',
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues[0].code).toBe('invalid_json');

    const draft = await (await h.call('POST', '/api/drafts', { key: h.a.manager, body: form('Kept') })).json();
    const badPut = await h.call('PUT', `/api/drafts/${draft.id}`, { key: h.a.manager, body: big });
    expect(badPut.status).toBe(400);
    expect((await (await h.call('GET', `/api/drafts/${draft.id}`, { key: h.a.manager })).json()).version).toBe(1);
    expect((await h.call('GET', '/api/drafts/not-a-uuid', { key: h.a.manager })).status).toBe(404);
  });

  it('keeps drafts to their tenant and refuses writes by a viewer', async () => {
    const draft = await (await h.call('POST', '/api/drafts', { key: h.a.manager, body: form('Tenant A') })).json();
    for (const [method, body] of [
      ['GET', undefined],
      ['PUT', form('Hijack')],
      ['DELETE', undefined],
    ] as const) {
      const res = await h.call(method, `/api/drafts/${draft.id}`, { key: h.b.admin, body });
      expect(res.status).toBe(404);
    }
    expect((await (await h.call('GET', '/api/drafts', { key: h.b.admin })).json()).items).toEqual([]);

    expect((await h.call('POST', '/api/drafts', { key: h.a.viewer, body: form('Viewer') })).status).toBe(403);
    expect((await h.call('PUT', `/api/drafts/${draft.id}`, { key: h.a.viewer, body: form('Viewer') })).status).toBe(
      403,
    );
    expect((await h.call('DELETE', `/api/drafts/${draft.id}`, { key: h.a.viewer })).status).toBe(403);
    const still = await (await h.call('GET', `/api/drafts/${draft.id}`, { key: h.a.viewer })).json();
    expect(still).toMatchObject({ title: 'Tenant A', version: 1 });
    expect((await h.call('GET', '/api/drafts', { key: h.a.viewer })).status).toBe(200);
  });
});
