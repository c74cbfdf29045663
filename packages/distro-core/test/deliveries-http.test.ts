import { beforeEach, describe, expect, it } from 'vitest';
import { album, type Harness, harness, STORE_NAMES, STORES } from './support';

const fsTarget = {
  id: 'fs-dsp',
  name: 'Folder DSP',
  type: 'Test',
  protocol: 'FILESYSTEM',
  config: { directory: 'dsp' },
  recipient: { dpid: 'PADPIDA20270101024', name: 'Folder DSP' },
};

describe.each(STORE_NAMES)('HTTP /api/deliveries (%s store)', (storeName) => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness({ store: await STORES[storeName]!() });
    for (const t of ['a', 'b'] as const) {
      await h.call('POST', '/api/releases', { key: h[t].manager, body: album() });
      await h.call('POST', '/api/targets', { key: h[t].manager, body: fsTarget });
    }
  });

  it("preflight checks a release against each target's rules, suggests the message type and queues nothing", async () => {
    await h.call('POST', '/api/targets', {
      key: h.a.manager,
      body: {
        ...fsTarget,
        id: 'strict',
        name: 'Strict DSP',
        config: { directory: 's', deliveryProfile: 'spotify-like' },
      },
    });
    // a release whose first audio file is mono: the strict profile wants stereo, the generic one does not care
    const low = album({ id: 'rel-low' });
    low.assets.audio[0].channels = 1;
    low.assets.audio[0].storageKey = 'rel-low/a1.flac';
    await h.store.assets.put('tenant-a', 'rel-low/a1.flac', Buffer.from('fLaC'));
    expect((await h.call('POST', '/api/releases', { key: h.a.manager, body: low })).status).toBe(201);
    const check = (releaseId = 'rel-low') =>
      h.call('POST', '/api/deliveries/preflight', { key: h.a.viewer, body: { releaseId } });
    const res = await check();
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report.targets.map((x: any) => x.targetId).sort()).toEqual(['fs-dsp', 'strict']);
    const loose = report.targets.find((x: any) => x.targetId === 'fs-dsp');
    expect(loose).toMatchObject({ ready: true, issues: [], suggestedKind: 'NewRelease', last: null });
    // the other files were never uploaded: a warning each, not a refusal
    expect(loose.warnings).toHaveLength(low.assets.audio.length - 1 + low.assets.images.length);
    expect(loose.warnings[0]).toMatchObject({ code: 'asset_not_uploaded', path: 'assets.audio.1' });
    const strict = report.targets.find((x: any) => x.targetId === 'strict');
    expect(strict.ready).toBe(false);
    expect(strict.profile).toBe('spotify-like');
    expect(strict.issues.map((i: any) => i.code)).toEqual(['audio_channels']);
    expect(strict.issues[0]).toMatchObject({ path: 'assets.audio.0', message: expect.stringContaining('1 channels') });
    for (const issue of strict.issues)
      expect(issue).toEqual({ code: expect.any(String), path: expect.any(String), message: expect.any(String) });
    // the same issues refuse the delivery itself
    const refused = await h.call('POST', '/api/deliveries', {
      key: h.a.manager,
      body: { releaseId: 'rel-low', targetId: 'strict' },
    });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.issues).toEqual(strict.issues);
    expect((await h.store.queue.list('tenant-a')).items).toHaveLength(0);

    // once the release reached a target, the next message there is an update
    const queued = await (
      await h.call('POST', '/api/deliveries', {
        key: h.a.manager,
        body: { releaseId: 'rel-polar-042', targetId: 'fs-dsp' },
      })
    ).json();
    const before = (await (await check('rel-polar-042')).json()).targets.find((x: any) => x.targetId === 'fs-dsp');
    expect(before).toMatchObject({ suggestedKind: 'NewRelease', last: { id: queued.id, status: 'queued' } });
    await h.store.deliveries.update('tenant-a', queued.id, { status: 'completed' });
    const after = (await (await check('rel-polar-042')).json()).targets.find((x: any) => x.targetId === 'fs-dsp');
    expect(after).toMatchObject({
      suggestedKind: 'Update',
      last: { id: queued.id, status: 'completed', kind: 'NewRelease' },
    });
    // another tenant's release is not found; a bad body is a 400
    const other = await h.call('POST', '/api/deliveries/preflight', { key: h.b.viewer, body: { releaseId: 'nope' } });
    expect(other.status).toBe(404);
    const bad = await h.call('POST', '/api/deliveries/preflight', { key: h.a.viewer, body: { release: 'x' } });
    expect(bad.status).toBe(400);
  });

  it('queues a delivery with its job, lists it, reads it and its logs', async () => {
    const res = await h.call('POST', '/api/deliveries', {
      key: h.a.manager,
      body: { releaseId: 'rel-polar-042', targetId: 'fs-dsp' },
    });
    expect(res.status).toBe(201);
    const d = await res.json();
    expect(d).toMatchObject({ releaseId: 'rel-polar-042', targetId: 'fs-dsp', status: 'queued', kind: 'NewRelease' });
    expect(d.tenantId).toBeUndefined();
    const jobs = await h.store.queue.list('tenant-a');
    expect(jobs.items).toHaveLength(1);
    expect(jobs.items[0]).toMatchObject({ kind: 'deliver', payload: { deliveryId: d.id }, status: 'queued' });

    const list = await (await h.call('GET', '/api/deliveries?status=queued', { key: h.a.viewer })).json();
    expect(list.items.map((x: any) => x.id)).toEqual([d.id]);
    const detail = await (await h.call('GET', `/api/deliveries/${d.id}`, { key: h.a.viewer })).json();
    expect(detail).toMatchObject({ id: d.id, attempts: [], receipts: [] });
    await h.store.deliveries.appendLog('tenant-a', d.id, { level: 'info', message: 'hello' });
    const logs = await (await h.call('GET', `/api/deliveries/${d.id}/logs`, { key: h.a.viewer })).json();
    expect(logs.items.map((l: any) => l.message)).toEqual(['hello']);
  });

  it('retries only failed deliveries (409 otherwise) and queues a new job', async () => {
    const d = await (
      await h.call('POST', '/api/deliveries', {
        key: h.a.manager,
        body: { releaseId: 'rel-polar-042', targetId: 'fs-dsp' },
      })
    ).json();
    const early = await h.call('POST', `/api/deliveries/${d.id}/retry`, { key: h.a.manager });
    expect(early.status).toBe(409);
    expect((await early.json()).error.code).toBe('INVALID_STATE');
    await h.store.deliveries.update('tenant-a', d.id, { status: 'failed', error: { code: 'CONNECT', message: 'x' } });
    const retried = await h.call('POST', `/api/deliveries/${d.id}/retry`, { key: h.a.manager });
    expect(retried.status).toBe(200);
    expect(await retried.json()).toMatchObject({ status: 'queued', error: null });
    expect((await h.store.queue.list('tenant-a')).items).toHaveLength(2);
  });

  it('answers 400 with field paths, 401, 403 for viewers and 404 across tenants', async () => {
    const bad = await h.call('POST', '/api/deliveries', {
      key: h.a.manager,
      body: { releaseId: '', kind: 'Sometimes', extra: 1 },
    });
    expect(bad.status).toBe(400);
    const paths = (await bad.json()).error.issues.map((i: any) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['releaseId', 'targetId', 'kind']));
    expect((await h.call('GET', '/api/deliveries?status=lost', { key: h.a.viewer })).status).toBe(400);
    expect((await h.call('GET', '/api/deliveries')).status).toBe(401);
    expect(
      (
        await h.call('POST', '/api/deliveries', {
          key: h.a.viewer,
          body: { releaseId: 'rel-polar-042', targetId: 'fs-dsp' },
        })
      ).status,
    ).toBe(403);

    const d = await (
      await h.call('POST', '/api/deliveries', {
        key: h.a.manager,
        body: { releaseId: 'rel-polar-042', targetId: 'fs-dsp' },
      })
    ).json();
    expect((await h.call('POST', `/api/deliveries/${d.id}/retry`, { key: h.a.viewer })).status).toBe(403);
    for (const [method, path] of [
      ['GET', `/api/deliveries/${d.id}`],
      ['POST', `/api/deliveries/${d.id}/retry`],
      ['GET', `/api/deliveries/${d.id}/logs`],
    ] as const) {
      expect((await h.call(method, path, { key: h.b.admin })).status, `${method} ${path}`).toBe(404);
    }
    expect((await (await h.call('GET', '/api/deliveries', { key: h.b.admin })).json()).items).toEqual([]);
    // a release or target of another tenant cannot be delivered: 404, nothing queued
    await h.store.releases.create('tenant-b', {
      ...(await h.store.releases.get('tenant-a', 'rel-polar-042')).release,
      id: 'only-b',
      tenantId: 'tenant-b',
    });
    expect(
      (await h.call('POST', '/api/deliveries', { key: h.a.manager, body: { releaseId: 'only-b', targetId: 'fs-dsp' } }))
        .status,
    ).toBe(404);
    expect((await h.store.queue.list('tenant-a')).items).toHaveLength(1);
  });

  it('schedules a delivery: its job is not claimable before the time given', async () => {
    const scheduled = new Date(Date.now() + 3_600_000).toISOString();
    const d = await (
      await h.call('POST', '/api/deliveries', {
        key: h.a.manager,
        body: { releaseId: 'rel-polar-042', targetId: 'fs-dsp', scheduled },
      })
    ).json();
    expect(d.scheduled).toBe(scheduled);
    const [job] = (await h.store.queue.list('tenant-a')).items;
    expect(job!.runAt).toBe(scheduled);
    expect(await h.store.queue.claim('tenant-a', { workerId: 'w', leaseMs: 1000 })).toEqual([]);
    expect(
      (
        await h.call('POST', '/api/deliveries', {
          key: h.a.manager,
          body: { releaseId: 'rel-polar-042', targetId: 'fs-dsp', scheduled: 'tomorrow' },
        })
      ).status,
    ).toBe(400);
  });

  it('an Idempotency-Key queues once: the repeat returns the first delivery, the key is kept and shown', async () => {
    const body = { releaseId: 'rel-polar-042', targetId: 'fs-dsp' };
    const post = (key: string, headers: Record<string, string>, b: object = body) =>
      h.call('POST', '/api/deliveries', { key, body: b, headers });
    const first = await post(h.a.manager, { 'Idempotency-Key': 'order-4711' });
    expect(first.status).toBe(201);
    expect(first.headers.get('Idempotent-Replayed')).toBeNull();
    const queued = await first.json();
    expect(queued).toMatchObject({ idempotencyKey: 'order-4711', status: 'queued' });
    expect(queued.replayed).toBeUndefined();

    const again = await post(h.a.manager, { 'Idempotency-Key': 'order-4711' });
    expect(again.status).toBe(200);
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(again.headers.get('Location')).toBe(`/api/deliveries/${queued.id}`);
    expect((await again.json()).id).toBe(queued.id);
    expect((await h.store.deliveries.list('tenant-a')).items).toHaveLength(1);
    expect((await h.store.queue.list('tenant-a')).items).toHaveLength(1);
    const detail = await (await h.call('GET', `/api/deliveries/${queued.id}`, { key: h.a.viewer })).json();
    expect(detail.idempotencyKey).toBe('order-4711');

    // the key names one request: another kind under it is refused, and nothing is queued
    const other = await post(h.a.manager, { 'Idempotency-Key': 'order-4711' }, { ...body, kind: 'Takedown' });
    expect(other.status).toBe(409);
    expect((await other.json()).error.message).toContain('order-4711');
    // keys are per tenant; a bad key is a 400; without a key every request queues
    expect((await post(h.b.manager, { 'Idempotency-Key': 'order-4711' })).status).toBe(201);
    const bad = await post(h.a.manager, { 'Idempotency-Key': 'x'.repeat(257) });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues[0].path).toBe('Idempotency-Key');
    expect((await post(h.a.manager, {})).status).toBe(201);
    expect((await post(h.a.manager, {})).status).toBe(201);
    expect((await h.store.deliveries.list('tenant-a')).items).toHaveLength(3);
    expect((await h.store.queue.list('tenant-a')).items).toHaveLength(3);

    // two requests with one key at once: one job, both answered with its delivery, a loser's record cancelled
    const racing = await Promise.all([1, 2].map(() => post(h.a.manager, { 'Idempotency-Key': 'race-1' })));
    const raced = await Promise.all(racing.map((r) => r.json()));
    expect(raced[0].id).toBe(raced[1].id);
    expect(racing.map((r) => r.status).sort()).toEqual([200, 201]);
    const keyed = (await h.store.deliveries.list('tenant-a', { idempotencyKey: 'race-1' })).items;
    expect(keyed.filter((d) => d.status === 'queued').map((d) => d.id)).toEqual([raced[0].id]);
    expect(keyed.filter((d) => d.status === 'cancelled')).toHaveLength(keyed.length - 1);
    expect((await h.store.queue.list('tenant-a')).items).toHaveLength(4);
  });

  it('a priority is stored, shown, orders the claim of due jobs and is kept by a retry', async () => {
    const queue = async (body: Record<string, unknown>) =>
      h.call('POST', '/api/deliveries', {
        key: h.a.manager,
        body: { releaseId: 'rel-polar-042', targetId: 'fs-dsp', ...body },
      });
    const normal = await (await queue({})).json();
    expect(normal.priority).toBe('normal');
    const high = await (await queue({ priority: 'high' })).json();
    expect(high.priority).toBe('high');
    const detail = await (await h.call('GET', `/api/deliveries/${high.id}`, { key: h.a.viewer })).json();
    expect(detail).toMatchObject({ id: high.id, priority: 'high' });
    const listed = await (await h.call('GET', '/api/deliveries', { key: h.a.viewer })).json();
    expect(listed.items.map((d: any) => [d.id, d.priority])).toEqual([
      [high.id, 'high'],
      [normal.id, 'normal'],
    ]);
    // queued second, claimed first
    const claimed = await h.store.queue.claim('tenant-a', { workerId: 'w', leaseMs: 60_000, limit: 2 });
    expect(claimed.map((j) => (j.payload as { deliveryId: string }).deliveryId)).toEqual([high.id, normal.id]);
    for (const j of claimed) await h.store.queue.complete('tenant-a', j.id, j.leaseToken);
    await h.store.deliveries.update('tenant-a', high.id, {
      status: 'failed',
      error: { code: 'CONNECT', message: 'x' },
    });
    const retried = await h.call('POST', `/api/deliveries/${high.id}/retry`, { key: h.a.manager });
    expect(await retried.json()).toMatchObject({ status: 'queued', priority: 'high' });
    const [retryJob] = (await h.store.queue.list('tenant-a', { status: 'queued' })).items;
    expect(retryJob).toMatchObject({ payload: { deliveryId: high.id }, priority: 'high' });
    const bad = await queue({ priority: 'urgent' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('priority');
  });

  it('refuses to queue to an inactive target (409)', async () => {
    await h.call('PUT', '/api/targets/fs-dsp', { key: h.a.manager, body: { ...fsTarget, active: false } });
    const res = await h.call('POST', '/api/deliveries', {
      key: h.a.manager,
      body: { releaseId: 'rel-polar-042', targetId: 'fs-dsp' },
    });
    expect(res.status).toBe(409);
    expect((await h.store.deliveries.list('tenant-a')).items).toHaveLength(0);
  });
});
