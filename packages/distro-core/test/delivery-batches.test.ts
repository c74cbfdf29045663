import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeliveryError, formatTimestamp } from '@ddex/delivery-transports';
import { beforeEach, describe, expect, it } from 'vitest';
import { defaultTransportResolver, startDeliveryWorker } from '../src/index';
import { album, type Harness, harness, STORE_NAMES, STORES } from './support';

// Issue 7 §4: several releases in one DDEX batch (one folder, one marker after all files, resumed after a failure)
// and the DSP's acknowledgements applied to each delivery of it.
const target = {
  id: 'fs-dsp',
  name: 'Folder DSP',
  type: 'Test',
  protocol: 'FILESYSTEM',
  config: { directory: 'dsp' },
  recipient: { dpid: 'PADPIDA20270101024', name: 'Folder DSP' },
};
const UPCS = ['5012345678900', '5012345678917', '5012345678924'];

describe.each(STORE_NAMES)('batches and acknowledgements (%s store)', (storeName) => {
  let h: Harness;
  // the put to fail once (a dropped connection mid-batch), by a part of its path
  let failPut: string | undefined;
  beforeEach(async () => {
    failPut = undefined;
    let resolver: ReturnType<typeof defaultTransportResolver> | undefined;
    h = await harness({
      store: await STORES[storeName]!(),
      transports: (t, config) => {
        resolver ??= defaultTransportResolver({ filesystemRoot: h.fsRoot });
        const inner = resolver(t, config);
        return {
          ...inner,
          put: async (path, body, o) => {
            if (failPut && path.includes(failPut)) {
              failPut = undefined;
              throw new DeliveryError('CONNECT', 'connection reset', { transport: 'test' });
            }
            return inner.put(path, body, o);
          },
        };
      },
    });
    for (const [i, upc] of UPCS.entries()) {
      const release = album({ id: `rel-${i + 1}` });
      release.metadata.barcode = upc;
      await h.store.assets.put('tenant-a', `up/${i}/a.flac`, `fLaC-audio-${i}`);
      await h.store.assets.put('tenant-a', `up/${i}/cover.jpg`, `jpeg-${i}`);
      release.assets.audio[0].storageKey = `up/${i}/a.flac`;
      release.assets.images[0].storageKey = `up/${i}/cover.jpg`;
      expect((await h.call('POST', '/api/releases', { key: h.a.manager, body: release })).status).toBe(201);
    }
    expect((await h.call('POST', '/api/targets', { key: h.a.manager, body: target })).status).toBe(201);
  });

  const queueBatch = async () => {
    const res = await h.call('POST', '/api/deliveries', {
      key: h.a.manager,
      body: { releaseIds: ['rel-1', 'rel-2', 'rel-3'], targetId: 'fs-dsp' },
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; batch: { deliveryIds: string[] } };
  };
  const get = async (id: string) => (await h.call('GET', `/api/deliveries/${id}`, { key: h.a.viewer })).json();
  const root = () => join(h.fsRoot, 'dsp');
  const batches = () => readdirSync(root()).filter((n) => /^\d{17}$/.test(n));

  it('sends several releases as one batch: one folder, every ERN, one manifest last; a delivery each', async () => {
    const lead = await queueBatch();
    expect(lead.batch.deliveryIds).toHaveLength(3);
    expect(lead.batch.deliveryIds[0]).toBe(lead.id);
    expect((await h.store.queue.list('tenant-a')).items).toHaveLength(1);
    expect(await startDeliveryWorker(h.services, { autoStart: false }).drain()).toBe(1);

    const [batch] = batches();
    expect(batches()).toHaveLength(1);
    expect(readdirSync(join(root(), batch!)).sort()).toEqual([...UPCS, `BatchComplete_${batch}.xml`]);
    const manifest = readFileSync(join(root(), batch!, `BatchComplete_${batch}.xml`), 'utf8');
    expect(manifest).toContain('<NumberOfMessages>3</NumberOfMessages>');
    for (const [i, id] of lead.batch.deliveryIds.entries()) {
      const d = await get(id);
      expect(d).toMatchObject({ status: 'completed', releaseId: `rel-${i + 1}`, batch: lead.batch });
      expect(formatTimestamp(new Date(d.started))).toBe(batch);
      expect(d.attempts).toMatchObject([{ number: 1, status: 'succeeded' }]);
      expect(d.package.audioFiles).toEqual([`${batch}/${UPCS[i]}/resources/${UPCS[i]}_01_001.flac`]);
      const ern = readFileSync(join(root(), batch!, UPCS[i]!, `${UPCS[i]}.xml`), 'utf8');
      expect(ern).toContain(`<MessageId>${id}</MessageId>`);
      expect(manifest).toContain(`<URL>${UPCS[i]}/${UPCS[i]}.xml</URL>`);
    }
  });

  it('leaves no marker when a batch breaks off, and completes the same batch on the next attempt', async () => {
    const lead = await queueBatch();
    failPut = `${UPCS[2]}.xml`; // the last release's ERN (uploaded under a temporary name): the rest is up
    const worker = startDeliveryWorker(h.services, { autoStart: false, transportRetries: 0 });
    await worker.drain();
    const [batch] = batches();
    expect(readdirSync(join(root(), batch!)).filter((n) => n.startsWith('BatchComplete'))).toEqual([]);
    for (const id of lead.batch.deliveryIds) expect((await get(id)).status).toBe('queued');
    await new Promise((r) => setTimeout(r, 1100)); // the queue's first backoff
    expect(await worker.drain()).toBe(1);
    expect(batches()).toEqual([batch]);
    expect(readdirSync(join(root(), batch!))).toContain(`BatchComplete_${batch}.xml`);
    for (const id of lead.batch.deliveryIds) {
      const d = await get(id);
      expect(d.status).toBe('completed');
      expect(d.attempts.map((a: { status: string }) => a.status)).toEqual(['failed', 'succeeded']);
    }
  });

  it('refuses a batch that names a release twice or two releases with one UPC (400, nothing queued)', async () => {
    const twice = await h.call('POST', '/api/deliveries', {
      key: h.a.manager,
      body: { releaseIds: ['rel-1', 'rel-1'], targetId: 'fs-dsp' },
    });
    expect(twice.status).toBe(400);
    expect((await twice.json()).error.issues.map((i: { path: string }) => i.path)).toContain('releaseIds');
    const copy = album({ id: 'rel-copy' });
    copy.metadata.barcode = UPCS[0];
    await h.call('POST', '/api/releases', { key: h.a.manager, body: copy });
    const same = await h.call('POST', '/api/deliveries', {
      key: h.a.manager,
      body: { releaseIds: ['rel-1', 'rel-copy'], targetId: 'fs-dsp', kind: 'Takedown' },
    });
    expect(same.status).toBe(400);
    expect((await same.json()).error.issues).toMatchObject([{ code: 'duplicate_upc', path: 'releaseIds.1' }]);
    const neither = await h.call('POST', '/api/deliveries', { key: h.a.manager, body: { targetId: 'fs-dsp' } });
    expect(neither.status).toBe(400);
    expect((await h.store.deliveries.list('tenant-a')).items).toEqual([]);
    expect((await h.store.queue.list('tenant-a')).items).toEqual([]);
  });

  it('applies the DSP acknowledgements: acknowledged, rejected with its message, webhooks, receipts; once', async () => {
    await h.call('POST', '/api/webhooks', {
      key: h.a.admin,
      body: { url: 'http://127.0.0.1:9/hook', events: ['delivery.acknowledged', 'delivery.failed'] },
    });
    const lead = await queueBatch();
    const worker = startDeliveryWorker(h.services, { autoStart: false });
    await worker.drain();
    const [batch] = batches();
    const [d1, d2, d3] = lead.batch.deliveryIds as [string, string, string];
    mkdirSync(join(root(), 'acknowledgements'));
    // ERN-C 1.8: one file for two releases, each naming the acknowledged message (our delivery id)
    writeFileSync(
      join(root(), 'acknowledgements', `ACK_${d1}_20270101000000000.xml`),
      `<ernc:AcknowledgementMessage xmlns:ernc="http://ddex.net/xml/ern-c-sftp/18">
  <MessageHeader><MessageId>DSP-ACK-1</MessageId></MessageHeader>
  <ReleaseStatus><ReleaseId><ICPN>${UPCS[0]}</ICPN></ReleaseId>
    <Acknowledgement><BatchId>${batch}</BatchId><MessageId>${d1}</MessageId>
      <MessageStatus><Status>FileOK</Status></MessageStatus></Acknowledgement></ReleaseStatus>
  <ReleaseStatus><ReleaseId><ICPN>${UPCS[1]}</ICPN></ReleaseId><ErrorText>Cover art below 3000 px</ErrorText>
    <Acknowledgement><BatchId>${batch}</BatchId><MessageId>${d2}</MessageId>
      <MessageStatus><Status>ResourceNotMeetingSpecifications</Status></MessageStatus></Acknowledgement></ReleaseStatus>
</ernc:AcknowledgementMessage>`,
    );
    // ECHO 1.7 batch naming, no MessageId: matched by batch id and UPC
    writeFileSync(
      join(root(), 'acknowledgements', `ACK_${batch}_${UPCS[2]}.xml`),
      `<echo:ErnAcknowledgementStatusMessage xmlns:echo="http://ddex.net/xml/ern-c-ws/17">
  <ReleaseStatus><ReleaseId><ICPN>${UPCS[2]}</ICPN></ReleaseId>
    <ReleaseStatus>SuccessfullyIngestedByReleaseDistributor</ReleaseStatus></ReleaseStatus>
</echo:ErnAcknowledgementStatusMessage>`,
    );
    expect((await h.call('POST', '/api/targets/fs-dsp/acks', { key: h.a.viewer })).status).toBe(403);
    const res = await h.call('POST', '/api/targets/fs-dsp/acks', { key: h.a.manager });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ targets: 1, files: 2, applied: 3, unmatched: 0 });
    expect(await get(d1)).toMatchObject({ status: 'acknowledged', error: null });
    const rejected = await get(d2);
    expect(rejected).toMatchObject({
      status: 'rejected',
      error: { code: 'DSP_REJECTED', message: 'Cover art below 3000 px' },
    });
    expect(rejected.receipts).toMatchObject([{ acknowledgment: 'rejected', dspMessageId: 'DSP-ACK-1' }]);
    expect(rejected.receipts[0].body).toContain('ResourceNotMeetingSpecifications');
    expect(await get(d3)).toMatchObject({ status: 'acknowledged' });
    const logs = (await (await h.call('GET', `/api/deliveries/${d2}/logs`, { key: h.a.viewer })).json()).items;
    expect(logs.at(-1)).toMatchObject({ level: 'error', message: expect.stringMatching(/rejected.*3000 px/) });
    const events = (await h.store.queue.list('tenant-a', { kind: 'webhook' })).items.map(
      (j) => (j.payload as { event: { type: string; data: { deliveryId: string } } }).event,
    );
    expect(events.map((e) => `${e.type} ${e.data.deliveryId}`).sort()).toEqual(
      [`delivery.acknowledged ${d1}`, `delivery.acknowledged ${d3}`, `delivery.failed ${d2}`].sort(),
    );

    // nothing new: the files are not read again, and the poll skips a target nobody waits on
    expect(await worker.collectAcks()).toEqual({ targets: 0, files: 0, applied: 0, unmatched: 0 });
    expect(await (await h.call('POST', '/api/targets/fs-dsp/acks', { key: h.a.manager })).json()).toMatchObject({
      files: 0,
      applied: 0,
    });

    // the rejected release goes out again alone, in a new batch
    const retried = await h.call('POST', `/api/deliveries/${d2}/retry`, { key: h.a.manager });
    expect(retried.status).toBe(200);
    expect((await h.call('POST', `/api/deliveries/${d1}/retry`, { key: h.a.manager })).status).toBe(409);
    await worker.drain();
    expect(batches()).toHaveLength(2);
    const again = batches().find((b) => b !== batch)!;
    expect(readdirSync(join(root(), again)).sort()).toEqual([UPCS[1], `BatchComplete_${again}.xml`]);
    expect(await get(d2)).toMatchObject({ status: 'completed', error: null });
    expect((await get(d1)).status).toBe('acknowledged');
  });

  it('applies an acknowledgement the DSP posts by HTTP callback like an ack file; once; refuses what is not one', async () => {
    const lead = await queueBatch();
    await startDeliveryWorker(h.services, { autoStart: false }).drain();
    const [batch] = batches();
    const [d1, d2, d3] = lead.batch.deliveryIds as [string, string, string];
    const ack = `<?xml version="1.0" encoding="UTF-8"?>
<ernc:AcknowledgementMessage xmlns:ernc="http://ddex.net/xml/ern-c-sftp/18">
  <MessageHeader><MessageId>DSP-CB-1</MessageId></MessageHeader>
  <ReleaseStatus><ReleaseId><ICPN>${UPCS[0]}</ICPN></ReleaseId>
    <Acknowledgement><BatchId>${batch}</BatchId><MessageId>${d1}</MessageId>
      <MessageStatus><Status>FileOK</Status></MessageStatus></Acknowledgement></ReleaseStatus>
  <ReleaseStatus><ReleaseId><ICPN>${UPCS[1]}</ICPN></ReleaseId><ErrorText>ISRC unknown</ErrorText>
    <Acknowledgement><BatchId>${batch}</BatchId><MessageId>${d2}</MessageId>
      <MessageStatus><Status>IdentifierInvalid</Status></MessageStatus></Acknowledgement></ReleaseStatus>
  <ReleaseStatus><ReleaseId><ICPN>0000000000000</ICPN></ReleaseId>
    <ReleaseStatus>SuccessfullyIngestedByReleaseDistributor</ReleaseStatus></ReleaseStatus>
</ernc:AcknowledgementMessage>`;
    const post = (key: string, raw: string, type = 'application/xml', target = 'fs-dsp') =>
      h.call('POST', `/api/targets/${target}/acks/inbound`, { key, raw, headers: { 'content-type': type } });

    expect((await post(h.a.viewer, ack)).status).toBe(403);
    expect((await post(h.b.manager, ack)).status).toBe(404); // another tenant cannot learn of the target
    expect((await post(h.a.manager, ack, 'application/xml', 'no-such-target')).status).toBe(404);
    const notXml = await post(h.a.manager, ack, 'application/json');
    expect(notXml.status).toBe(400);
    expect((await notXml.json()).error.issues).toMatchObject([{ code: 'unsupported_media_type' }]);
    const notAck = await post(h.a.manager, '<ern:NewReleaseMessage xmlns:ern="http://ddex.net/xml/ern/43"/>');
    expect(notAck.status).toBe(400);
    expect((await notAck.json()).error.issues).toMatchObject([
      { code: 'not_an_acknowledgement', message: expect.stringContaining('<NewReleaseMessage>') },
    ]);
    expect((await get(d1)).status).toBe('completed'); // nothing applied by the refused posts

    const res = await post(h.a.manager, ack, 'text/xml; charset=utf-8');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ messageType: 'AcknowledgementMessage', applied: 2, unmatched: 1, waiting: 0 });
    expect(await get(d1)).toMatchObject({ status: 'acknowledged', error: null });
    const rejected = await get(d2);
    expect(rejected).toMatchObject({ status: 'rejected', error: { code: 'DSP_REJECTED', message: 'ISRC unknown' } });
    expect(rejected.receipts).toMatchObject([{ acknowledgment: 'rejected', dspMessageId: 'DSP-CB-1' }]);
    expect((await get(d3)).status).toBe('completed'); // not named in this ack: still waiting for its answer

    // the DSP retries its callback: applied once
    expect(await (await post(h.a.manager, ack)).json()).toMatchObject({ applied: 0, unmatched: 1 });
    expect((await get(d2)).receipts).toHaveLength(1);
    // ECHO 1.7 naming through ?name=: matched by batch id and UPC, with no MessageId in the body
    const echo = `<echo:ErnAcknowledgementStatusMessage xmlns:echo="http://ddex.net/xml/ern-c-ws/17">
  <ReleaseStatus><ReleaseId><ICPN>${UPCS[2]}</ICPN></ReleaseId>
    <ReleaseStatus>SuccessfullyIngestedByReleaseDistributor</ReleaseStatus></ReleaseStatus>
</echo:ErnAcknowledgementStatusMessage>`;
    const named = await h.call('POST', `/api/targets/fs-dsp/acks/inbound?name=ACK_${batch}_${UPCS[2]}.xml`, {
      key: h.a.manager,
      raw: echo,
      headers: { 'content-type': 'application/xml' },
    });
    expect(await named.json()).toMatchObject({ applied: 1, unmatched: 0 });
    expect((await get(d3)).status).toBe('acknowledged');
    const audit = (await (await h.call('GET', '/api/audit', { key: h.a.admin })).json()).items;
    expect(audit.filter((e: { action: string }) => e.action === 'target.receive-ack')).toHaveLength(3);
  });

  it('sweeps a delivery a dead-lettered job left in flight to failed, and leaves a retried one alone', async () => {
    const lead = await queueBatch();
    // a worker that dead-lettered the job and died before recording the failure
    const [job] = await h.store.queue.claim('tenant-a', { workerId: 'gone', leaseMs: 60_000 });
    for (const id of lead.batch.deliveryIds) await h.store.deliveries.update('tenant-a', id, { status: 'processing' });
    await new Promise((r) => setTimeout(r, 5));
    await h.store.queue.fail('tenant-a', job!.id, job!.leaseToken, { error: 'AUTH: login refused', permanent: true });
    const worker = startDeliveryWorker(h.services, { autoStart: false });
    expect(await worker.sweep()).toBe(3);
    for (const id of lead.batch.deliveryIds) {
      expect(await get(id)).toMatchObject({
        status: 'failed',
        error: { code: 'DEAD_LETTER', message: 'AUTH: login refused' },
      });
    }
    expect(await worker.sweep()).toBe(0);
    expect((await h.call('POST', `/api/deliveries/${lead.id}/retry`, { key: h.a.manager })).status).toBe(200);
    expect(await worker.sweep()).toBe(0);
    expect((await get(lead.id)).status).toBe('queued');
    expect(await worker.drain()).toBe(1);
    expect((await get(lead.batch.deliveryIds[2]!)).status).toBe('completed');
  });
});
