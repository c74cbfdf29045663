import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDistroServices, localKeyProvider, type Principal, startDeliveryWorker } from '../src/index';
import { album, type Harness, harness, STORE_NAMES, STORES, TEST_MASTER_KEY } from './support';

// Issue 7 §4: recurring catalog re-sends. Each run is a delivery of its own; when one ends, the worker records and
// queues the next; cancelling ends the series.
const target = {
  id: 'fs-dsp',
  name: 'Folder DSP',
  type: 'Test',
  protocol: 'FILESYSTEM',
  config: { directory: 'dsp' },
  recipient: { dpid: 'PADPIDA20270101024', name: 'Folder DSP' },
};
const HOUR = 3_600_000;

describe.each(STORE_NAMES)('recurring deliveries (%s store)', (storeName) => {
  it('runs a series on the worker: each run queues the next, re-sends as updates, and stops at `until`', async () => {
    // the service's clock runs 10 hours behind the store's, so runs due "an hour later" are already due
    const lag = 10 * HOUR;
    const store = await STORES[storeName]!();
    const fsRoot = mkdtempSync(join(tmpdir(), 'distro-series-'));
    const services = createDistroServices({
      store,
      keys: localKeyProvider({ key: TEST_MASTER_KEY }),
      filesystemRoot: fsRoot,
      sender: { dpid: 'PADPIDA20270101016', name: 'Polar Records' },
      clock: () => Date.now() - lag,
    });
    await store.tenants.create({ id: 'tenant-a', name: 'a', type: 'label' } as never);
    const p: Principal = { tenantId: 'tenant-a', actor: 'test', role: 'manager' };
    await services.releases.create(p, album());
    await services.targets.create(p, target);
    const start = Date.now() - lag;
    const first = await services.deliveries.queue(p, {
      releaseId: 'rel-polar-042',
      targetId: 'fs-dsp',
      scheduled: new Date(start).toISOString(),
      recurrence: { frequency: 'hourly', until: new Date(start + 2.5 * HOUR).toISOString() },
    });
    expect(first.recurrence).toEqual({
      frequency: 'hourly',
      interval: 1,
      until: new Date(start + 2.5 * HOUR).toISOString(),
      seriesId: first.id,
      run: 1,
    });
    expect(await startDeliveryWorker(services, { autoStart: false }).drain()).toBe(3);

    const runs = (await store.deliveries.list('tenant-a')).items.reverse();
    expect(runs.map((d) => [d.id, d.kind, d.status, d.recurrence?.run])).toEqual([
      [first.id, 'NewRelease', 'completed', 1],
      [`${first.id}.r2`, 'Update', 'completed', 2],
      [`${first.id}.r3`, 'Update', 'completed', 3],
    ]);
    expect(runs.map((d) => Date.parse(d.scheduled!) - start)).toEqual([0, HOUR, 2 * HOUR]);
    expect(readdirSync(join(fsRoot, 'dsp'))).toHaveLength(3);
    const logs = (await store.deliveries.listLogs('tenant-a', `${first.id}.r3`, { limit: 100 })).items;
    expect(logs.at(-1)?.message).toMatch(/series .* ended: no run is due before/);
    expect((await store.queue.list('tenant-a')).items.map((j) => j.status)).toEqual([
      'completed',
      'completed',
      'completed',
    ]);
  });

  describe('over HTTP', () => {
    let h: Harness;
    beforeEach(async () => {
      h = await harness({ store: await STORES[storeName]!() });
      await h.call('POST', '/api/releases', { key: h.a.manager, body: album() });
      await h.call('POST', '/api/targets', { key: h.a.manager, body: target });
    });
    const queue = async (body: Record<string, unknown> = {}) => {
      const res = await h.call('POST', '/api/deliveries', {
        key: h.a.manager,
        body: { releaseId: 'rel-polar-042', targetId: 'fs-dsp', ...body },
      });
      expect(res.status).toBe(201);
      return res.json();
    };
    const get = async (id: string) => (await h.call('GET', `/api/deliveries/${id}`, { key: h.a.viewer })).json();

    it('queues the next run an interval after the last was due, and cancel ends the series', async () => {
      const d = await queue({ recurrence: { frequency: 'daily', interval: 7 } });
      await startDeliveryWorker(h.services, { autoStart: false }).drain();
      const next = await get(`${d.id}.r2`);
      expect(next).toMatchObject({ status: 'queued', kind: 'Update', recurrence: { seriesId: d.id, run: 2 } });
      expect(Date.parse(next.scheduled) - Date.parse(d.createdAt)).toBe(7 * 24 * HOUR);
      const job = (await h.store.queue.list('tenant-a', { status: 'queued' })).items[0]!;
      expect(job).toMatchObject({ payload: { deliveryId: next.id }, runAt: next.scheduled });

      expect((await h.call('POST', `/api/deliveries/${d.id}/cancel`, { key: h.a.viewer })).status).toBe(403);
      expect((await h.call('POST', `/api/deliveries/${d.id}/cancel`, { key: h.b.admin })).status).toBe(404);
      const res = await h.call('POST', `/api/deliveries/${d.id}/cancel`, { key: h.a.manager });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ id: d.id, status: 'completed', recurrence: null });
      expect(await get(next.id)).toMatchObject({ status: 'cancelled', recurrence: null });
      expect((await h.store.deliveries.list('tenant-a')).items).toHaveLength(2);
      expect((await h.call('POST', `/api/deliveries/${d.id}/cancel`, { key: h.a.manager })).status).toBe(409);
    });

    it('cancels a queued one-off delivery (its job is skipped), and refuses to cancel one that was sent', async () => {
      const d = await queue();
      const res = await h.call('POST', `/api/deliveries/${d.id}/cancel`, { key: h.a.manager });
      expect(res.status).toBe(200);
      expect((await res.json()).status).toBe('cancelled');
      await startDeliveryWorker(h.services, { autoStart: false }).drain();
      expect(await get(d.id)).toMatchObject({ status: 'cancelled', attempts: [] });
      expect((await h.store.queue.list('tenant-a')).items[0]).toMatchObject({ status: 'completed' });

      const sent = await queue();
      await startDeliveryWorker(h.services, { autoStart: false }).drain();
      const again = await h.call('POST', `/api/deliveries/${sent.id}/cancel`, { key: h.a.manager });
      expect(again.status).toBe(409);
      expect((await again.json()).error.code).toBe('INVALID_STATE');
    });

    it('validates the recurrence (400 with field paths)', async () => {
      const res = await h.call('POST', '/api/deliveries', {
        key: h.a.manager,
        body: {
          releaseId: 'rel-polar-042',
          targetId: 'fs-dsp',
          recurrence: { frequency: 'yearly', interval: 0, until: 'soon' },
        },
      });
      expect(res.status).toBe(400);
      expect((await res.json()).error.issues.map((i: { path: string }) => i.path).sort()).toEqual([
        'recurrence.frequency',
        'recurrence.interval',
        'recurrence.until',
      ]);
      expect((await h.store.deliveries.list('tenant-a')).items).toEqual([]);
    });
  });
});
