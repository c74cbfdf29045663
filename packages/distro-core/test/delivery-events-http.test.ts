import { createHash } from 'node:crypto';
import { DeliveryError, filesystem } from '@ddex/delivery-transports';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/http/index';
import { createDistroServices, defaultTransportResolver, localKeyProvider, startDeliveryWorker } from '../src/index';
import { album, type Harness, harness, STORE_NAMES, STORES, TEST_MASTER_KEY } from './support';

const fsTarget = {
  id: 'fs-dsp',
  name: 'Folder DSP',
  type: 'Test',
  protocol: 'FILESYSTEM',
  config: { directory: 'dsp' },
  recipient: { dpid: 'PADPIDA20270101024', name: 'Folder DSP' },
};
const AUDIO = 'fLaC-audio-bytes';
const md5 = (s: string) => createHash('md5').update(s).digest('hex');

type SseMessage = { event?: string; id?: string; data?: string; comment?: string };

/** Reads a text/event-stream response message by message; `next` resolves to null after `ms` of silence. */
function sseReader(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let pending: ReturnType<typeof reader.read> | undefined;
  const parse = (block: string): SseMessage => {
    const m: SseMessage = {};
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) m.comment = line.slice(1).trim();
      const [, key, value] = /^(event|id|data): ?(.*)$/.exec(line) ?? [];
      if (key) m[key as 'event' | 'id' | 'data'] = value;
    }
    return m;
  };
  return {
    async next(ms = 5000): Promise<SseMessage | null> {
      const deadline = Date.now() + ms;
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          return parse(block);
        }
        const wait = deadline - Date.now();
        if (wait <= 0) return null;
        pending ??= reader.read();
        let timer: ReturnType<typeof setTimeout> | undefined;
        const got = await Promise.race([
          pending,
          new Promise<null>((r) => {
            timer = setTimeout(() => r(null), wait);
          }),
        ]);
        clearTimeout(timer);
        if (got === null) return null;
        pending = undefined;
        if (got.done) return null;
        buffer += decoder.decode(got.value, { stream: true });
      }
    },
    /** the next `delivery` event, skipping heartbeats */
    async delivery(ms = 5000): Promise<Record<string, any> | null> {
      for (let m = await this.next(ms); m; m = await this.next(ms)) {
        if (m.event === 'delivery') return JSON.parse(m.data!);
      }
      return null;
    },
    close: () => reader.cancel().catch(() => undefined),
  };
}

describe.each(STORE_NAMES)('HTTP GET /api/deliveries/events (%s store)', (storeName) => {
  let h: Harness;
  let failConnect = false;
  const open: ReturnType<typeof sseReader>[] = [];
  const subscribe = async (key: string, app = h.app) => {
    const res = await app.request('/api/deliveries/events', { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const stream = sseReader(res);
    open.push(stream);
    expect((await stream.next())?.event).toBe('ready');
    return stream;
  };
  const queue = async (key: string) => {
    const res = await h.call('POST', '/api/deliveries', {
      key,
      body: { releaseId: 'rel-polar-042', targetId: 'fs-dsp' },
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string };
  };

  beforeEach(async () => {
    failConnect = false;
    let resolver: ReturnType<typeof defaultTransportResolver> | undefined;
    h = await harness({
      store: await STORES[storeName]!(),
      deliveryAttempts: 3,
      transports: (t, config) => {
        if (failConnect) {
          const fs = filesystem({ directory: '/nonexistent' });
          const refused = new DeliveryError('CONNECT', 'connection refused', { transport: 'test', retryable: true });
          return { ...fs, connect: async () => Promise.reject(refused) };
        }
        resolver ??= defaultTransportResolver({ filesystemRoot: h.fsRoot });
        return resolver(t, config);
      },
    });
    for (const t of ['a', 'b'] as const) {
      const tenantId = `tenant-${t}`;
      const release = album();
      await h.store.assets.put(tenantId, 'uploads/aud-01.flac', AUDIO);
      release.assets.audio[0].storageKey = 'uploads/aud-01.flac';
      expect((await h.call('POST', '/api/releases', { key: h[t].manager, body: release })).status).toBe(201);
      expect((await h.call('POST', '/api/targets', { key: h[t].manager, body: fsTarget })).status).toBe(201);
    }
  });
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
  });

  it('answers 401 without a key or session, and opens a stream for any role of the tenant', async () => {
    const res = await h.call('GET', '/api/deliveries/events');
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('UNAUTHENTICATED');
    expect((await h.call('GET', '/api/deliveries/events', { key: 'ddx_not_a_key' })).status).toBe(401);
    await subscribe(h.a.viewer);
  });

  it('sends each change of a queued delivery: queued, then the attempt, then completed with its files', async () => {
    const stream = await subscribe(h.a.viewer);
    const d = await queue(h.a.manager);
    const first = await stream.delivery();
    expect(first).toMatchObject({ id: d.id, status: 'queued', attemptCount: 0, releaseId: 'rel-polar-042' });
    expect(first).not.toHaveProperty('tenantId');
    expect(await startDeliveryWorker(h.services, { autoStart: false }).drain()).toBe(1);
    const seen: Record<string, any>[] = [];
    for (let e = await stream.delivery(1000); e; e = await stream.delivery(1000)) seen.push(e);
    expect(seen.every((e) => e.id === d.id)).toBe(true);
    const statuses = seen.map((e) => e.status).filter((s, i, all) => s !== all[i - 1]);
    expect(statuses).toEqual(['processing', 'delivering', 'completed']);
    const done = seen.at(-1)!;
    expect(done.attemptCount).toBe(1);
    // per file: size and MD5 as sent, the ERN and the batch manifest with their own
    const files = done.package.files as { path: string; role: string; size: number; md5: string | null }[];
    expect(files.map((f) => f.role)).toEqual(['audio', 'ern', 'manifest']);
    expect(files[0]).toMatchObject({ size: AUDIO.length, md5: md5(AUDIO), skipped: false });
    const ern = await h.call('GET', `/api/deliveries/${d.id}/ern`, { key: h.a.viewer });
    expect(ern.status).toBe(200);
    expect(ern.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.xml"$/);
    const ernXml = await ern.text();
    expect(ernXml).toContain('NewReleaseMessage');
    expect(files[1]).toMatchObject({ size: Buffer.byteLength(ernXml), md5: md5(ernXml) });
    const manifest = await (await h.call('GET', `/api/deliveries/${d.id}/manifest`, { key: h.a.viewer })).text();
    expect(manifest).toContain('ManifestMessage');
    expect(files[2]).toMatchObject({ md5: md5(manifest), path: expect.stringMatching(/BatchComplete_\d{17}\.xml$/) });
    expect(manifest).toContain(md5(ernXml));
    // the DSP's acknowledgement: a live change to acknowledged, its body linked as the receipt's document
    const batch = /BatchComplete_(\d{17})\.xml$/.exec(files[2]!.path)![1];
    const ack = `<?xml version="1.0" encoding="UTF-8"?>
<ernc:AcknowledgementMessage xmlns:ernc="http://ddex.net/xml/ern-c-sftp/18">
  <MessageHeader><MessageId>DSP-ACK-7</MessageId></MessageHeader>
  <ReleaseStatus><ReleaseId><ICPN>5012345678900</ICPN></ReleaseId>
    <Acknowledgement><BatchId>${batch}</BatchId><MessageId>${d.id}</MessageId>
      <MessageStatus><Status>FileOK</Status></MessageStatus></Acknowledgement></ReleaseStatus>
</ernc:AcknowledgementMessage>`;
    const posted = await h.call('POST', '/api/targets/fs-dsp/acks/inbound', {
      key: h.a.manager,
      raw: ack,
      headers: { 'content-type': 'application/xml' },
    });
    expect(posted.status).toBe(200);
    expect(await stream.delivery()).toMatchObject({ id: d.id, status: 'acknowledged' });
    const [receipt] = (await (await h.call('GET', `/api/deliveries/${d.id}`, { key: h.a.viewer })).json()).receipts;
    const ackDoc = await h.call('GET', `/api/deliveries/${d.id}/receipts/${receipt.id}`, { key: h.a.viewer });
    expect(ackDoc.status).toBe(200);
    expect(await ackDoc.text()).toBe(ack);
    // another tenant's documents are not found
    for (const doc of ['ern', 'manifest', `receipts/${receipt.id}`]) {
      expect((await h.call('GET', `/api/deliveries/${d.id}/${doc}`, { key: h.b.admin })).status).toBe(404);
    }
  });

  it("tells a tenant nothing of another tenant's deliveries", async () => {
    const b = await subscribe(h.b.viewer);
    const a = await subscribe(h.a.viewer);
    const inA = await queue(h.a.manager);
    expect((await a.delivery())?.id).toBe(inA.id);
    const inB = await queue(h.b.manager);
    // B's first event is its own delivery, queued after A's
    expect(await b.delivery()).toMatchObject({ id: inB.id, status: 'queued' });
    await startDeliveryWorker(h.services, { autoStart: false }).drain();
    const later: string[] = [];
    for (let e = await b.delivery(500); e; e = await b.delivery(500)) later.push(e.id);
    expect(later.length).toBeGreaterThan(0);
    expect(new Set(later)).toEqual(new Set([inB.id]));
  });

  it('carries the progress of a running multi-file delivery, file by file, and logs each file sent', async () => {
    // four audio files of 300 kB: several chunks each, so readings arrive mid-file too
    const { release } = await h.store.releases.get('tenant-a', 'rel-polar-042');
    for (const i of [1, 2, 3]) {
      const key = `uploads/aud-0${i + 1}.flac`;
      await h.store.assets.put('tenant-a', key, Buffer.alloc(300_000, i));
      release.assets.audio[i]!.storageKey = key;
    }
    await h.store.assets.put('tenant-a', 'uploads/aud-01.flac', Buffer.alloc(300_000, 9));
    await h.store.releases.update('tenant-a', 'rel-polar-042', release);
    const stream = await subscribe(h.a.viewer);
    const d = await queue(h.a.manager);
    await startDeliveryWorker(h.services, { autoStart: false }).drain();
    const seen: Record<string, any>[] = [];
    for (let e = await stream.delivery(1000); e; e = await stream.delivery(1000)) seen.push(e);
    const running = seen.filter((e) => e.status === 'delivering' && e.package?.progress).map((e) => e.package.progress);
    // 4 audio files and the ERN; the marker is not counted
    expect(running.length).toBeGreaterThanOrEqual(2);
    expect(running[0]).toMatchObject({ files: 0, totalFiles: 5, currentFile: expect.stringMatching(/_01_001\.flac$/) });
    expect(running.every((p) => p.totalFiles === 5 && p.totalBytes > 1_200_000)).toBe(true);
    for (let i = 1; i < running.length; i++) {
      expect(running[i].bytes).toBeGreaterThanOrEqual(running[i - 1].bytes);
      expect(running[i].files).toBeGreaterThanOrEqual(running[i - 1].files);
    }
    expect(running.at(-1)).toMatchObject({ files: 5, bytes: running.at(-1)!.totalBytes });
    // while running the package holds no file lists; once completed it has them and the final reading
    expect(seen.find((e) => e.package?.progress)!.package).toMatchObject({ audioFiles: [], imageFiles: [] });
    const detail = await (await h.call('GET', `/api/deliveries/${d.id}`, { key: h.a.viewer })).json();
    expect(detail.status).toBe('completed');
    expect(detail.package.audioFiles).toHaveLength(4);
    expect(detail.package.progress).toMatchObject({ files: 5, totalFiles: 5, bytes: running.at(-1)!.totalBytes });
    expect(detail.package.progress).not.toHaveProperty('currentFile');
    const logs = (await (await h.call('GET', `/api/deliveries/${d.id}/logs?limit=500`, { key: h.a.viewer })).json())
      .items as { message: string }[];
    const sent = logs.map((l) => l.message).filter((m) => m.startsWith('sent '));
    expect(sent).toHaveLength(5);
    expect(sent[0]).toMatch(/^sent \d{17}\/5012345678900\/resources\/5012345678900_01_001\.flac \(1\/5, 300\.0 kB\)$/);
    expect(sent[4]).toMatch(/5012345678900\.xml \(5\/5, [\d.]+ kB\)$/);
  });

  it('a failed attempt that will be retried carries nextAttemptAt, in the stream and in the list', async () => {
    failConnect = true;
    const stream = await subscribe(h.a.viewer);
    const d = await queue(h.a.manager);
    await startDeliveryWorker(h.services, { autoStart: false }).drain();
    let last: Record<string, any> | null = null;
    for (let e = await stream.delivery(1000); e; e = await stream.delivery(1000)) last = e;
    expect(last).toMatchObject({ id: d.id, status: 'queued', attemptCount: 1, error: { code: 'CONNECT' } });
    const job = (await h.store.queue.list('tenant-a', { status: 'queued' })).items[0]!;
    expect(job.attempts).toBe(1);
    expect(last!.nextAttemptAt).toBe(job.runAt);
    expect(Date.parse(last!.nextAttemptAt)).toBeGreaterThan(Date.now() - 1000);
    const list = await (await h.call('GET', '/api/deliveries', { key: h.a.viewer })).json();
    expect(list.items[0]).toMatchObject({ id: d.id, nextAttemptAt: job.runAt });
    expect((await (await h.call('GET', `/api/deliveries/${d.id}`, { key: h.a.viewer })).json()).nextAttemptAt).toBe(
      job.runAt,
    );
    // a fresh delivery that has not been tried has none
    const fresh = await queue(h.a.manager);
    const again = await (await h.call('GET', '/api/deliveries', { key: h.a.viewer })).json();
    expect(again.items.find((x: any) => x.id === fresh.id)).not.toHaveProperty('nextAttemptAt');
  });

  it('hears the changes another process makes in a shared store (multiProcess): read while someone listens', async () => {
    // this process serves the stream; `h` plays another process (API and worker) on the same store
    const shared = new Proxy(h.store, {
      get(target, key) {
        if (key === 'capabilities') return { ...target.capabilities, multiProcess: true };
        const value = Reflect.get(target, key, target) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const here = createDistroServices({
      store: shared,
      keys: localKeyProvider({ key: TEST_MASTER_KEY }),
      deliveryEventsPollMs: 50,
    });
    const stream = await subscribe(h.a.viewer, createApp(here, { authRateLimit: false }));
    const other = await subscribe(h.b.viewer, createApp(here, { authRateLimit: false }));
    const d = await queue(h.a.manager);
    expect(await stream.delivery()).toMatchObject({ id: d.id, status: 'queued' });
    await startDeliveryWorker(h.services, { autoStart: false }).drain();
    let last: Record<string, any> | null = null;
    for (let e = await stream.delivery(500); e; e = await stream.delivery(500)) last = e;
    expect(last).toMatchObject({ id: d.id, status: 'completed', attemptCount: 1 });
    expect(await other.delivery(300)).toBeNull();
    here.context.deliveryFeed.close();
  });

  it('sends a heartbeat comment on a quiet stream and ends every stream when the feed closes', async () => {
    const app = createApp(h.services, { authRateLimit: false, eventHeartbeatMs: 50 });
    const stream = await subscribe(h.a.viewer, app);
    expect(await stream.next(2000)).toEqual({ comment: 'heartbeat' });
    h.services.context.deliveryFeed.close();
    let m = await stream.next(2000);
    while (m?.comment) m = await stream.next(2000);
    expect(m).toBeNull();
  });
});
