import { memoryStore } from '@ddex/catalog-store';
import { makeTenant } from '@ddex/catalog-store/testing';
import { createDistroServices, localKeyProvider } from '@ddex/distro-core';
import { createApp } from '@ddex/distro-core/http';
import { describe, expect, it } from 'vitest';
import { type FunctionsResponse, sendWebResponse, toWebRequest } from '../src/functions/index';
import { principalOfClaims, withFirebaseAuth } from '../src/index';

function recorder() {
  const out = { status: 0, headers: {} as Record<string, unknown>, body: Buffer.alloc(0) as Buffer };
  const res: FunctionsResponse = {
    status: (c) => (out.status = c),
    setHeader: (n, v) => (out.headers[n] = v),
    end: (b) => (out.body = b ?? Buffer.alloc(0)),
  };
  return { out, res };
}

describe('Cloud Functions bridge and Firebase principals', () => {
  it('maps tenantId/role claims to a principal; anything else is refused', () => {
    expect(principalOfClaims({ uid: 'u1', tenantId: 'label-1', role: 'manager' })).toEqual({
      tenantId: 'label-1',
      role: 'manager',
      actor: 'firebase:u1',
    });
    expect(principalOfClaims({ uid: 'u1', tenantId: 'label-1' })).toBeNull();
    expect(principalOfClaims({ uid: 'u1', tenantId: 'label-1', role: 'owner' })).toBeNull();
    expect(principalOfClaims({ uid: 'u1', tenantId: '../x', role: 'admin' })).toBeNull();
  });

  it('an Express-style request reaches the Hono app; a token principal gets its role and tenant only', async () => {
    const store = memoryStore();
    await store.tenants.create(makeTenant('label-1'));
    await store.tenants.create(makeTenant('label-2'));
    const services = createDistroServices({ store, keys: localKeyProvider({ key: Buffer.alloc(32, 7) }) });
    // a verifier standing in for firebase-admin: the real one is exercised against the Auth emulator
    const tokens: Record<string, object> = {
      'viewer-token': { uid: 'v', tenantId: 'label-1', role: 'viewer' },
      'admin-token': { uid: 'a', tenantId: 'label-1', role: 'admin' },
    };
    const app = createApp(
      withFirebaseAuth(services, async (t) => (tokens[t] ? principalOfClaims(tokens[t] as { uid: string }) : null)),
    );
    const call = async (method: string, url: string, token: string, body?: unknown) => {
      const { out, res } = recorder();
      const req = toWebRequest({
        method,
        url,
        headers: { host: 'x.web.app', authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        rawBody: body === undefined ? undefined : Buffer.from(JSON.stringify(body)),
      });
      await sendWebResponse(res, await app.fetch(req));
      return { status: out.status, json: out.body.length ? JSON.parse(out.body.toString()) : null };
    };
    expect((await call('GET', '/api/releases', 'viewer-token')).status).toBe(200);
    expect((await call('GET', '/api/releases', 'forged-token')).status).toBe(401);
    const apiKey = await call('POST', '/api/api-keys', 'viewer-token', { name: 'k', role: 'viewer' });
    expect(apiKey.status).toBe(403);
    const created = await call('POST', '/api/api-keys', 'admin-token', { name: 'k', role: 'viewer' });
    expect(created.status).toBe(201);
    // the key made by a token principal works too, in the same tenant
    const list = await call('GET', '/api/tenants', created.json.secret);
    expect(list.status).toBe(200);
    expect(list.json.items.map((t: { id: string }) => t.id)).toEqual(['label-1']);
  });
});
