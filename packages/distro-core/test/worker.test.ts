import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeliveryError, filesystem } from '@ddex/delivery-transports';
import { beforeEach, describe, expect, it } from 'vitest';
import { defaultTransportResolver, startDeliveryWorker } from '../src/index';
import { album, type Harness, harness, STORE_NAMES, STORES } from './support';

const target = {
  id: 'fs-dsp',
  name: 'Folder DSP',
  type: 'Test',
  protocol: 'FILESYSTEM',
  config: { directory: 'dsp', password: 'never-logged-pw' },
  recipient: { dpid: 'PADPIDA20270101024', name: 'Folder DSP' },
};

describe.each(STORE_NAMES)('delivery worker (%s store)', (storeName) => {
  let h: Harness;
  let failAuth = false;
  beforeEach(async () => {
    failAuth = false;
    let resolver: ReturnType<typeof defaultTransportResolver> | undefined;
    h = await harness({
      store: await STORES[storeName]!(),
      transports: (t, config) => {
        if (failAuth) {
          const fs = filesystem({ directory: '/nonexistent' });
          return {
            ...fs,
            connect: async () => Promise.reject(new DeliveryError('AUTH', 'login refused', { transport: 'test' })),
          };
        }
        resolver ??= defaultTransportResolver({ filesystemRoot: h.fsRoot });
        return resolver(t, config);
      },
    });
    // one audio file and the cover stored in the asset store; the other assets have no file
    const release = album();
    await h.store.assets.put('tenant-a', 'uploads/aud-01.flac', 'fLaC-audio-bytes');
    await h.store.assets.put('tenant-a', 'uploads/cover.jpg', 'jpeg-bytes');
    release.assets.audio[0].storageKey = 'uploads/aud-01.flac';
    release.assets.images[0].storageKey = 'uploads/cover.jpg';
    expect((await h.call('POST', '/api/releases', { key: h.a.manager, body: release })).status).toBe(201);
    expect((await h.call('POST', '/api/targets', { key: h.a.manager, body: target })).status).toBe(201);
  });

  const queue = async () =>
    (
      await h.call('POST', '/api/deliveries', {
        key: h.a.manager,
        body: { releaseId: 'rel-polar-042', targetId: 'fs-dsp' },
      })
    ).json();

  it('builds the package, uploads files then the BatchComplete marker, and completes the delivery', async () => {
    const d = await queue();
    const worker = startDeliveryWorker(h.services, { autoStart: false });
    expect(await worker.drain()).toBe(1);

    const detail = await (await h.call('GET', `/api/deliveries/${d.id}`, { key: h.a.viewer })).json();
    expect(detail.status).toBe('completed');
    expect(detail.attempts).toMatchObject([{ number: 1, status: 'succeeded' }]);
    expect(detail.package.audioFiles).toHaveLength(1);
    expect(detail.package.imageFiles).toHaveLength(1);

    const root = join(h.fsRoot, 'dsp');
    const [batch] = readdirSync(root);
    expect(batch).toMatch(/^\d{17}$/);
    const ern = readFileSync(join(root, batch!, '5012345678900', '5012345678900.xml'), 'utf8');
    expect(ern).toContain('<MessageId>');
    expect(ern).toContain(d.id);
    expect(ern).toContain('PADPIDA20270101024');
    const audio = readFileSync(join(root, batch!, '5012345678900', 'resources', '5012345678900_01_001.flac'), 'utf8');
    expect(audio).toBe('fLaC-audio-bytes');
    const manifest = readFileSync(join(root, batch!, `BatchComplete_${batch}.xml`), 'utf8');
    expect(manifest).toContain(d.id);
    expect(manifest).toContain('5012345678900');
    const stored = await h.store.assets.stat('tenant-a', detail.package.ernFile);
    expect(stored?.sha256).toBe(createHash('sha256').update(ern).digest('hex'));

    const logs = (await (await h.call('GET', `/api/deliveries/${d.id}/logs?limit=500`, { key: h.a.viewer })).json())
      .items;
    expect(logs.some((l: any) => /no stored file for asset aud-02/.test(l.message))).toBe(true);
    expect(JSON.stringify(logs)).not.toContain('never-logged-pw');
    expect((await h.store.queue.list('tenant-a')).items[0]!.status).toBe('completed');
    const m = await (await h.call('GET', '/api/metrics', { key: h.a.viewer })).json();
    expect(m.deliveries.byStatus.completed).toBe(1);
    expect(m.deliveries.successRate).toBe(1);
    expect(m.queue.depth).toBe(0);
  });

  it('fails permanently on a refused login, then succeeds after a retry, reusing the same batch', async () => {
    failAuth = true;
    const d = await queue();
    const worker = startDeliveryWorker(h.services, { autoStart: false });
    await worker.drain();
    let detail = await (await h.call('GET', `/api/deliveries/${d.id}`, { key: h.a.viewer })).json();
    expect(detail.status).toBe('failed');
    expect(detail.error.code).toBe('AUTH');
    expect(detail.attempts).toMatchObject([{ number: 1, status: 'failed', error: { code: 'AUTH' } }]);

    failAuth = false;
    expect((await h.call('POST', `/api/deliveries/${d.id}/retry`, { key: h.a.manager })).status).toBe(200);
    await worker.drain();
    detail = await (await h.call('GET', `/api/deliveries/${d.id}`, { key: h.a.viewer })).json();
    expect(detail.status).toBe('completed');
    expect(detail.attempts.map((a: any) => a.status)).toEqual(['failed', 'succeeded']);
    expect(readdirSync(join(h.fsRoot, 'dsp'))).toHaveLength(1);
  });

  it("refuses to queue a release whose files break the target profile's requirements (400 at the asset)", async () => {
    const small = (await h.store.releases.get('tenant-a', 'rel-polar-042')).release;
    small.assets.images[0]!.width = 600;
    small.assets.images[0]!.height = 600;
    await h.store.releases.update('tenant-a', 'rel-polar-042', small);
    const res = await h.call('POST', '/api/deliveries', {
      key: h.a.manager,
      body: { releaseId: 'rel-polar-042', targetId: 'fs-dsp' },
    });
    expect(res.status).toBe(400);
    const issues = (await res.json()).error.issues;
    expect(issues.map((i: any) => [i.code, i.path])).toContainEqual(['image_size', 'assets.images.0']);
    expect((await h.store.deliveries.list('tenant-a')).items).toEqual([]);
    expect((await h.store.queue.list('tenant-a')).items).toEqual([]);
  });

  it('fails a delivery whose release changed to break the requirements after queueing, sending nothing', async () => {
    const d = await queue();
    const small = (await h.store.releases.get('tenant-a', 'rel-polar-042')).release;
    small.assets.images[0]!.width = 600;
    small.assets.images[0]!.height = 600;
    await h.store.releases.update('tenant-a', 'rel-polar-042', small);
    await startDeliveryWorker(h.services, { autoStart: false }).drain();
    const detail = await (await h.call('GET', `/api/deliveries/${d.id}`, { key: h.a.viewer })).json();
    expect(detail.status).toBe('failed');
    expect(detail.error.code).toBe('REQUIREMENTS');
    expect(detail.error.message).toMatch(/600 px/);
    expect(existsSync(join(h.fsRoot, 'dsp')) ? readdirSync(join(h.fsRoot, 'dsp')) : []).toEqual([]);
  });

  it('runs as a polling loop and stops cleanly', async () => {
    const worker = startDeliveryWorker(h.services, { pollMs: 20, concurrency: 2 });
    const d = await queue();
    for (let i = 0; i < 100; i++) {
      if ((await h.store.deliveries.get('tenant-a', d.id)).status === 'completed') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await worker.stop();
    expect((await h.store.deliveries.get('tenant-a', d.id)).status).toBe('completed');
  });
});
