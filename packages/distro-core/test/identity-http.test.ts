import { beforeEach, describe, expect, it } from 'vitest';
import { scopesFor } from '../src/index';
import { type Harness, harness, STORE_NAMES, STORES } from './support';

describe.each(STORE_NAMES)('HTTP /api/tenants, /api/users, /api/api-keys, /api/audit (%s store)', (storeName) => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness({ store: await STORES[storeName]!() });
  });

  it('shows a tenant only its own tenant', async () => {
    const list = await (await h.call('GET', '/api/tenants', { key: h.a.viewer })).json();
    expect(list.items.map((t: any) => t.id)).toEqual(['tenant-a']);
    expect((await h.call('GET', '/api/tenants/tenant-a', { key: h.a.viewer })).status).toBe(200);
    expect((await h.call('GET', '/api/tenants/tenant-b', { key: h.a.admin })).status).toBe(404);
    expect(
      (await h.call('PUT', '/api/tenants/tenant-b', { key: h.a.admin, body: { name: 'x', type: 'label' } })).status,
    ).toBe(404);
  });

  it('lets admins update their tenant (400, 403, 409 too)', async () => {
    const ok = await h.call('PUT', '/api/tenants/tenant-a', {
      key: h.a.admin,
      body: { name: 'Polar', type: 'label' },
      headers: { 'if-match': '"1"' },
    });
    expect(ok.status).toBe(200);
    expect((await ok.json()).tenant.name).toBe('Polar');
    expect(
      (await h.call('PUT', '/api/tenants/tenant-a', { key: h.a.manager, body: { name: 'x', type: 'label' } })).status,
    ).toBe(403);
    const bad = await h.call('PUT', '/api/tenants/tenant-a', { key: h.a.admin, body: { name: 'x', type: 'band' } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues[0].path).toBe('type');
    expect(
      (
        await h.call('PUT', '/api/tenants/tenant-a', {
          key: h.a.admin,
          body: { name: 'y', type: 'label' },
          headers: { 'if-match': '"1"' },
        })
      ).status,
    ).toBe(409);
  });

  it('creates tenants only with an operator key, returning the new admin key once', async () => {
    expect(
      (await h.call('POST', '/api/tenants', { key: h.a.admin, body: { id: 'tenant-c', name: 'C', type: 'label' } }))
        .status,
    ).toBe(403);
    const op = (await h.store.apiKeys.create('tenant-a', { name: 'op', scopes: scopesFor('admin', true) })).secret;
    const res = await h.call('POST', '/api/tenants', { key: op, body: { id: 'tenant-c', name: 'C', type: 'artist' } });
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created.apiKey.role).toBe('admin');
    const mine = await (await h.call('GET', '/api/tenants', { key: created.secret })).json();
    expect(mine.items.map((t: any) => t.id)).toEqual(['tenant-c']);
    expect(
      (await h.call('POST', '/api/tenants', { key: op, body: { id: 'tenant-c', name: 'C', type: 'artist' } })).status,
    ).toBe(409);
    const bad = await h.call('POST', '/api/tenants', { key: op, body: { id: '../x', name: 'C', type: 'artist' } });
    expect(bad.status).toBe(400);
  });

  it('manages users (admin only), with 400, 403, 404 across tenants and 409', async () => {
    const res = await h.call('POST', '/api/users', {
      key: h.a.admin,
      body: { email: 'ana@polar.example', name: 'Ana', role: 'manager' },
    });
    expect(res.status).toBe(201);
    const user = await res.json();
    expect(user).toMatchObject({ email: 'ana@polar.example', role: 'manager', disabled: false });
    expect((await (await h.call('GET', '/api/users', { key: h.a.admin })).json()).items).toHaveLength(1);
    const patched = await h.call('PATCH', `/api/users/${user.id}`, {
      key: h.a.admin,
      body: { role: 'viewer' },
      headers: { 'if-match': '"1"' },
    });
    expect((await patched.json()).role).toBe('viewer');
    expect(
      (
        await h.call('PATCH', `/api/users/${user.id}`, {
          key: h.a.admin,
          body: { role: 'admin' },
          headers: { 'if-match': '"1"' },
        })
      ).status,
    ).toBe(409);
    const bad = await h.call('POST', '/api/users', { key: h.a.admin, body: { email: 'not-an-email', role: 'owner' } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues.map((i: any) => i.path)).toEqual(expect.arrayContaining(['email', 'role']));
    expect(
      (await h.call('POST', '/api/users', { key: h.a.admin, body: { email: 'ANA@polar.example', role: 'viewer' } }))
        .status,
    ).toBe(409);
    expect((await h.call('GET', '/api/users', { key: h.a.manager })).status).toBe(403);
    expect(
      (await h.call('POST', '/api/users', { key: h.a.viewer, body: { email: 'v@x.example', role: 'viewer' } })).status,
    ).toBe(403);
    expect((await h.call('GET', `/api/users/${user.id}`, { key: h.b.admin })).status).toBe(404);
    expect((await h.call('DELETE', `/api/users/${user.id}`, { key: h.b.admin })).status).toBe(404);
    expect((await h.call('DELETE', `/api/users/${user.id}`, { key: h.a.admin })).status).toBe(204);
  });

  it('creates API keys whose secret is shown once and stored hashed; revoked keys stop working', async () => {
    const res = await h.call('POST', '/api/api-keys', { key: h.a.admin, body: { name: 'ci', role: 'viewer' } });
    expect(res.status).toBe(201);
    const { apiKey, secret } = await res.json();
    expect(secret).toMatch(/^ddx_/);
    const listText = await (await h.call('GET', '/api/api-keys', { key: h.a.admin })).text();
    expect(listText).not.toContain(secret);
    expect(JSON.stringify(await h.store.apiKeys.get('tenant-a', apiKey.id))).not.toContain(secret);
    expect((await h.call('GET', '/api/releases', { key: secret })).status).toBe(200);
    expect((await h.call('POST', '/api/releases', { key: secret, body: {} })).status).toBe(403);
    expect((await h.call('DELETE', `/api/api-keys/${apiKey.id}`, { key: h.b.admin })).status).toBe(404);
    expect((await h.call('DELETE', `/api/api-keys/${apiKey.id}`, { key: h.a.admin })).status).toBe(200);
    expect((await h.call('GET', '/api/releases', { key: secret })).status).toBe(401);
    const bad = await h.call('POST', '/api/api-keys', { key: h.a.admin, body: { name: '', role: 'god' } });
    expect(bad.status).toBe(400);
    expect(
      (await h.call('POST', '/api/api-keys', { key: h.a.manager, body: { name: 'x', role: 'admin' } })).status,
    ).toBe(403);
  });

  it('counts the requests of each API key and lists the count', async () => {
    const { apiKey, secret } = await (
      await h.call('POST', '/api/api-keys', { key: h.a.admin, body: { name: 'counted', role: 'viewer' } })
    ).json();
    expect(apiKey.requestCount).toBe(0);
    for (let i = 0; i < 3; i++) expect((await h.call('GET', '/api/releases', { key: secret })).status).toBe(200);
    expect((await h.call('POST', '/api/releases', { key: secret, body: {} })).status).toBe(403); // counted too
    const list = await (await h.call('GET', '/api/api-keys', { key: h.a.admin })).json();
    const counted = list.items.find((k: any) => k.id === apiKey.id);
    expect(counted).toMatchObject({ requestCount: 4 });
    expect(counted.lastUsedAt).not.toBeNull();
  });

  it('records every write in the audit log, readable by admins of the tenant only', async () => {
    await h.call('POST', '/api/users', { key: h.a.admin, body: { email: 'ana@polar.example', role: 'manager' } });
    await h.call('POST', '/api/api-keys', { key: h.a.admin, body: { name: 'ci', role: 'viewer' } });
    const audit = await (await h.call('GET', '/api/audit', { key: h.a.admin })).json();
    expect(audit.items.map((e: any) => e.action)).toEqual(['apikey.create', 'user.create']);
    expect(audit.items[0].actor).toMatch(/^apikey:/);
    expect((await h.call('GET', '/api/audit', { key: h.a.manager })).status).toBe(403);
    expect((await (await h.call('GET', '/api/audit', { key: h.b.admin })).json()).items).toEqual([]);
  });
});
