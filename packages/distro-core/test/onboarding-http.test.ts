import { beforeEach, describe, expect, it } from 'vitest';
import { profileOf } from '../src/worker/build-package';
import { album, type Harness, harness, STORE_NAMES, STORES } from './support';

const recipient = { dpid: 'PADPIDA20270101024', name: 'Nordic Stream' };
const done = async (h: Harness, key = h.a.viewer) => {
  const res = await h.call('GET', '/api/onboarding', { key });
  expect(res.status).toBe(200);
  const report = await res.json();
  return Object.fromEntries(report.steps.map((s: any) => [s.step, s.done ? (s.subjectId ?? true) : false]));
};

describe.each(STORE_NAMES)('GET /api/onboarding (%s store)', (storeName) => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness({ store: await STORES[storeName]!() });
  });

  it('turns each first-run step done from stored state: a passed test, a valid validation, a delivery, an ACK', async () => {
    expect(await done(h)).toEqual({
      targetAdded: false,
      targetTested: false,
      releaseCreated: false,
      ernValidated: false,
      delivered: false,
      acknowledged: false,
    });
    // a target whose test fails is added, not tested
    const sftp = await h.call('POST', '/api/targets', {
      key: h.a.manager,
      body: {
        id: 'down',
        name: 'Down',
        type: 'DSP',
        protocol: 'SFTP',
        config: { host: '127.0.0.1', port: 1, username: 'u', password: 'p' },
      },
    });
    expect(sftp.status).toBe(201);
    expect((await (await h.call('POST', '/api/targets/down/test', { key: h.a.manager })).json()).ok).toBe(false);
    expect(await done(h)).toMatchObject({ targetAdded: 'down', targetTested: false });

    const fs = await h.call('POST', '/api/targets', {
      key: h.a.manager,
      body: { id: 'fs', name: 'FS', type: 'Test', protocol: 'FILESYSTEM', config: { directory: 'a/fs' }, recipient },
    });
    expect(fs.status).toBe(201);
    expect((await (await h.call('POST', '/api/targets/fs/test', { key: h.a.manager })).json()).ok).toBe(true);
    expect(await done(h)).toMatchObject({ targetTested: 'fs' });
    // another tenant sees none of it
    expect(await done(h, h.b.viewer)).toMatchObject({ targetAdded: false, targetTested: false });
    // a deleted target's test no longer counts
    expect((await h.call('DELETE', '/api/targets/fs', { key: h.a.manager })).status).toBe(204);
    expect(await done(h)).toMatchObject({ targetTested: false });
    await h.call('POST', '/api/targets', {
      key: h.a.manager,
      body: { id: 'fs2', name: 'FS', type: 'Test', protocol: 'FILESYSTEM', config: { directory: 'a/fs' }, recipient },
    });
    await h.call('POST', '/api/targets/fs2/test', { key: h.a.manager });

    const created = await h.call('POST', '/api/releases', { key: h.a.manager, body: album() });
    expect(created.status).toBe(201);
    const releaseId = (await created.json()).id;
    expect(await done(h)).toMatchObject({ releaseCreated: releaseId, ernValidated: false });

    const validation = await (
      await h.call('POST', `/api/releases/${releaseId}/validate`, { key: h.a.viewer, body: { targetId: 'fs2' } })
    ).json();
    expect(validation.valid).toBe(true);
    expect(await done(h)).toMatchObject({ targetTested: 'fs2', ernValidated: validation.id, delivered: false });

    const delivery = await h.store.deliveries.create('tenant-a', { releaseId, targetId: 'fs2' });
    expect(await done(h)).toMatchObject({ delivered: false });
    await h.store.deliveries.update('tenant-a', delivery.id, { status: 'completed' });
    expect(await done(h)).toMatchObject({ delivered: delivery.id, acknowledged: false });
    await h.store.deliveries.update('tenant-a', delivery.id, { status: 'acknowledged' });
    const report = await (await h.call('GET', '/api/onboarding', { key: h.a.viewer })).json();
    expect(report.complete).toBe(true);
    expect(report.steps.find((s: any) => s.step === 'acknowledged').subjectId).toBe(delivery.id);
  });
});

describe('DSP profiles and choreography per target', () => {
  it('lists the built-in profiles with their choreography', async () => {
    const h = await harness();
    const res = await h.call('GET', '/api/delivery-profiles', { key: h.a.viewer });
    expect(res.status).toBe(200);
    const { items } = await res.json();
    expect(items.map((p: any) => [p.name, p.choreography])).toContainEqual(['spotify-like', 'batch']);
    expect(items.map((p: any) => [p.name, p.choreography])).toContainEqual([
      'generic-release-by-release',
      'release-by-release',
    ]);
    expect((await h.call('GET', '/api/delivery-profiles')).status).toBe(401);
  });

  it("applies a target's choreography over its profile's, and refuses an unknown one", async () => {
    const target = (config: Record<string, unknown>) =>
      ({ id: 't', name: 't', type: 'DSP', protocol: 'FILESYSTEM', config }) as any;
    const spotify = profileOf(target({ deliveryProfile: 'spotify-like' }));
    const perRelease = profileOf(target({ deliveryProfile: 'spotify-like', choreography: 'release-by-release' }));
    expect(perRelease).toMatchObject({ name: 'spotify-like', choreography: 'release-by-release', marker: undefined });
    expect(perRelease.folders).toEqual({ batch: '', release: '{priority}_{upc}_{timestamp}', resources: 'resources' });
    // the profile's own rules stay
    expect(perRelease.audio).toEqual(spotify.audio);
    const batch = profileOf(target({ deliveryProfile: 'ddex-dsp-test', choreography: 'batch' }));
    expect(batch).toMatchObject({ choreography: 'batch', messageControlType: 'TestMessage' });
    expect(batch.folders.batch).toBe('{batchId}');
    expect(batch.marker?.name).toBe('BatchComplete_{batchId}.xml');

    const h = await harness();
    const bad = await h.call('POST', '/api/targets', {
      key: h.a.manager,
      body: {
        id: 'x',
        name: 'x',
        type: 'DSP',
        protocol: 'FILESYSTEM',
        config: { directory: 'x', choreography: 'carrier-pigeon' },
      },
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues[0].path).toBe('config.choreography');
    const ok = await h.call('POST', '/api/targets', {
      key: h.a.manager,
      body: {
        id: 'y',
        name: 'y',
        type: 'DSP',
        protocol: 'FILESYSTEM',
        config: { directory: 'y', deliveryProfile: 'youtube-like', choreography: 'release-by-release' },
      },
    });
    expect(ok.status).toBe(201);
    expect((await ok.json()).target.config).toMatchObject({
      deliveryProfile: 'youtube-like',
      choreography: 'release-by-release',
    });
  });
});
