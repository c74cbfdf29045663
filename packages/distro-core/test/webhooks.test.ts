import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDeliveryWorker, verifyWebhookSignature, WEBHOOK_SIGNATURE_HEADER } from '../src/index';
import { album, type Harness, harness, STORE_NAMES, STORES } from './support';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

/** A real HTTP receiver on loopback that answers 500 to the first `failures` requests. */
async function receiver(failures: number): Promise<{ url: string; got: Received[]; server: Server }> {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      const status = got.length < failures ? 500 : 204;
      got.push({ headers: req.headers, body, status });
      res.statusCode = status;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, got, server };
}

const target = {
  id: 'fs-dsp',
  name: 'Folder DSP',
  type: 'Test',
  protocol: 'FILESYSTEM',
  config: { directory: 'dsp' },
  recipient: { dpid: 'PADPIDA20270101024', name: 'Folder DSP' },
};

describe.each(STORE_NAMES)('webhooks (%s store)', (storeName) => {
  let h: Harness;
  let hook: Awaited<ReturnType<typeof receiver>>;
  beforeEach(async () => {
    h = await harness({ store: await STORES[storeName]!(), webhooks: { retryBaseMs: 50 } });
    const release = album();
    await h.store.assets.put('tenant-a', 'uploads/aud-01.flac', 'fLaC-audio-bytes');
    await h.store.assets.put('tenant-a', 'uploads/cover.jpg', 'jpeg-bytes');
    release.assets.audio[0].storageKey = 'uploads/aud-01.flac';
    release.assets.images[0].storageKey = 'uploads/cover.jpg';
    expect((await h.call('POST', '/api/releases', { key: h.a.manager, body: release })).status).toBe(201);
    expect((await h.call('POST', '/api/targets', { key: h.a.manager, body: target })).status).toBe(201);
  });
  afterEach(() => hook?.server.close());

  /** Runs the worker until the receiver got `n` requests answered 2xx (retries wait their backoff). */
  const untilDelivered = async (n: number) => {
    const worker = startDeliveryWorker(h.services, { autoStart: false });
    const deadline = Date.now() + 10_000;
    while (hook.got.filter((r) => r.status < 300).length < n && Date.now() < deadline) {
      await worker.drain();
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  it('admins configure webhooks; the secret is write-only and sealed at rest', async () => {
    hook = await receiver(0);
    const body = { url: hook.url, events: ['delivery.completed'], secret: 'a-shared-secret-of-32-characters' };
    expect((await h.call('POST', '/api/webhooks', { key: h.a.manager, body })).status).toBe(403);
    expect((await h.call('GET', '/api/webhooks', { key: h.a.viewer })).status).toBe(403);
    const bad = await h.call('POST', '/api/webhooks', {
      key: h.a.admin,
      body: { url: 'ftp://x.example/', events: ['nope'] },
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['events.0', 'url']);

    const created = await h.call('POST', '/api/webhooks', { key: h.a.admin, body });
    expect(created.status).toBe(201);
    const view = await created.json();
    expect(view).not.toHaveProperty('secret');
    const generated = await (
      await h.call('POST', '/api/webhooks', { key: h.a.admin, body: { url: hook.url, events: ['delivery.failed'] } })
    ).json();
    expect(generated.secret).toMatch(/^whsec_/);

    const list = await (await h.call('GET', '/api/webhooks', { key: h.a.admin })).json();
    expect(list.items.map((w: { id: string }) => w.id).sort()).toEqual([view.id, generated.id].sort());
    const text = JSON.stringify(list);
    expect(text).not.toContain('a-shared-secret');
    expect(text).not.toContain(generated.secret);
    // at rest: sealed in the tenant's store
    const chunks: Buffer[] = [];
    for await (const c of await h.store.assets.get('tenant-a', '_distro/webhooks.json')) chunks.push(c as Buffer);
    const stored = Buffer.concat(chunks).toString();
    expect(stored).toContain('aes-256-gcm.v1');
    expect(stored).not.toContain('a-shared-secret');
    expect(stored).not.toContain(generated.secret);
    // another tenant neither sees nor deletes them
    expect((await (await h.call('GET', '/api/webhooks', { key: h.b.admin })).json()).items).toEqual([]);
    expect((await h.call('DELETE', `/api/webhooks/${view.id}`, { key: h.b.admin })).status).toBe(404);
    expect((await h.call('DELETE', `/api/webhooks/${view.id}`, { key: h.a.admin })).status).toBe(204);
    expect((await (await h.call('GET', '/api/webhooks', { key: h.a.admin })).json()).items).toHaveLength(1);
  });

  it('delivery.completed is signed with HMAC-SHA256 and retried with backoff until the receiver takes it', async () => {
    hook = await receiver(2);
    const secret = 'a-shared-secret-of-32-characters';
    await h.call('POST', '/api/webhooks', {
      key: h.a.admin,
      body: { url: hook.url, events: ['delivery.completed', 'delivery.failed'], secret },
    });
    const d = await (
      await h.call('POST', '/api/deliveries', {
        key: h.a.manager,
        body: { releaseId: 'rel-polar-042', targetId: 'fs-dsp' },
      })
    ).json();
    await untilDelivered(1);
    expect(hook.got.map((r) => r.status)).toEqual([500, 500, 204]);
    const ids = new Set(hook.got.map((r) => r.headers['ddex-webhook-id']));
    expect(ids.size).toBe(1);
    for (const r of hook.got) {
      const signature = r.headers[WEBHOOK_SIGNATURE_HEADER.toLowerCase()] as string;
      expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(verifyWebhookSignature(secret, signature, r.body)).toBe(true);
      expect(verifyWebhookSignature('another-secret-entirely-xx', signature, r.body)).toBe(false);
      expect(verifyWebhookSignature(secret, signature, r.body.replace('completed', 'failed'))).toBe(false);
      expect(r.headers['ddex-event']).toBe('delivery.completed');
    }
    const event = JSON.parse(hook.got[2]!.body);
    expect(event).toMatchObject({
      type: 'delivery.completed',
      tenantId: 'tenant-a',
      data: { deliveryId: d.id, releaseId: 'rel-polar-042', targetId: 'fs-dsp', kind: 'NewRelease' },
    });
    expect(event.data.batchId).toMatch(/^\d{17}$/);
    // an old signature is refused (replay)
    const old = hook.got[0]!.headers[WEBHOOK_SIGNATURE_HEADER.toLowerCase()] as string;
    expect(verifyWebhookSignature(secret, old, hook.got[0]!.body, { now: Date.now() / 1000 + 301 })).toBe(false);
  });

  it('delivery.failed when a delivery is dead-lettered; release.validated after validation', async () => {
    hook = await receiver(0);
    await h.call('POST', '/api/webhooks', {
      key: h.a.admin,
      body: { url: hook.url, events: ['delivery.failed', 'release.validated'] },
    });
    // the target goes away after queueing: a failure retrying cannot fix
    const d = await (
      await h.call('POST', '/api/deliveries', {
        key: h.a.manager,
        body: { releaseId: 'rel-polar-042', targetId: 'fs-dsp' },
      })
    ).json();
    await h.store.targets.delete('tenant-a', 'fs-dsp');
    await untilDelivered(1);
    const failed = JSON.parse(hook.got[0]!.body);
    expect(failed).toMatchObject({ type: 'delivery.failed', data: { deliveryId: d.id, error: { code: 'NOT_FOUND' } } });

    const v = await h.call('POST', '/api/releases/rel-polar-042/validate', {
      key: h.a.viewer,
      body: { recipient: { dpid: 'PADPIDA20270101024', name: 'DSP' } },
    });
    expect(v.status).toBe(200);
    await untilDelivered(2);
    const validated = JSON.parse(hook.got[1]!.body);
    expect(validated).toMatchObject({
      type: 'release.validated',
      data: { releaseId: 'rel-polar-042', valid: (await v.json()).valid },
    });
  });
});
