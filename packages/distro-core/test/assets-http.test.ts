import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { album, type Harness, harness, STORE_NAMES, STORES } from './support';

/** A PCM WAV: `seconds` of a 440 Hz tone at 44.1 kHz, 16-bit stereo. */
function wav(seconds: number): Buffer {
  const rate = 44_100;
  const frames = Math.round(rate * seconds);
  const data = Buffer.alloc(frames * 4);
  for (let i = 0; i < frames; i++) {
    const v = Math.round(Math.sin((2 * Math.PI * 440 * i) / rate) * 12_000);
    data.writeInt16LE(v, i * 4);
    data.writeInt16LE(v, i * 4 + 2);
  }
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVEfmt ', 8);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(2, 22);
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate * 4, 28);
  h.writeUInt16LE(4, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

/** A FLAC stream header: `fLaC` and a STREAMINFO block for 2 s at 48 kHz, 24-bit stereo (no audio frames). */
function flacHeader(): Buffer {
  const info = Buffer.alloc(34);
  info.writeUInt16BE(4096, 0);
  info.writeUInt16BE(4096, 2);
  // sample rate (20 bits) | channels-1 (3) | bits-1 (5) | total samples (36)
  const rate = 48_000;
  const samples = 96_000n;
  const packed = (BigInt(rate) << 44n) | (1n << 41n) | (23n << 36n) | samples;
  info.writeBigUInt64BE(packed, 10);
  return Buffer.concat([Buffer.from('fLaC'), Buffer.from([0x80, 0, 0, 34]), info]);
}

describe.each(STORE_NAMES)('HTTP /api/releases/:id/assets uploads and probing (%s store)', (storeName) => {
  let h: Harness;
  let cover: Buffer;
  let smallCover: Buffer;
  const base = '/api/releases/rel-polar-042/assets';

  beforeAll(async () => {
    const image = (size: number) =>
      sharp({ create: { width: size, height: size, channels: 3, background: { r: 200, g: 40, b: 90 } } })
        .jpeg({ quality: 80 })
        .toBuffer();
    [cover, smallCover] = await Promise.all([image(3000), image(1000)]);
  });

  beforeEach(async () => {
    h = await harness({ store: await STORES[storeName]!() });
    expect((await h.call('POST', '/api/releases', { key: h.a.manager, body: album() })).status).toBe(201);
  });

  /** Creates an upload, sends `bytes` in chunks and completes it. */
  async function upload(body: Record<string, unknown>, bytes: Buffer, chunk = 64 * 1024) {
    const created = await h.call('POST', `${base}/uploads`, {
      key: h.a.manager,
      body: { size: bytes.length, ...body },
    });
    expect(created.status).toBe(201);
    const u = await created.json();
    for (let start = 0; start < bytes.length; start += chunk) {
      const part = bytes.subarray(start, start + chunk);
      const res = await Promise.resolve(
        h.app.request(`${base}/uploads/${u.id}`, {
          method: 'PUT',
          headers: {
            authorization: `Bearer ${h.a.manager}`,
            'content-range': `bytes ${start}-${start + part.length - 1}/${bytes.length}`,
          },
          body: part,
        }),
      );
      expect(res.status).toBe(200);
    }
    return { u, done: await h.call('POST', `${base}/uploads/${u.id}/complete`, { key: h.a.manager }) };
  }

  it('uploads a WAV in chunks, resumes, computes the MD5 and writes the probed record', async () => {
    const bytes = wav(0.5);
    const md5 = createHash('md5').update(bytes).digest('hex');
    const created = await (
      await h.call('POST', `${base}/uploads`, {
        key: h.a.manager,
        body: { kind: 'audio', fileName: 'take 1.wav', size: bytes.length, md5, assetId: 'aud-01' },
      })
    ).json();
    const put = (start: number, end: number, headers: Record<string, string> = {}) =>
      Promise.resolve(
        h.app.request(`${base}/uploads/${created.id}`, {
          method: 'PUT',
          headers: {
            authorization: `Bearer ${h.a.manager}`,
            'content-range': `bytes ${start}-${end}/${bytes.length}`,
            ...headers,
          },
          body: bytes.subarray(start, end + 1),
        }),
      );
    expect((await put(0, 49_999)).status).toBe(200);
    // a chunk that does not start where the upload stands is a 409; the status says where to resume
    expect((await put(60_000, 69_999)).status).toBe(409);
    const status = await (await h.call('GET', `${base}/uploads/${created.id}`, { key: h.a.viewer })).json();
    expect(status.received).toBe(50_000);
    expect((await h.call('POST', `${base}/uploads/${created.id}/complete`, { key: h.a.manager })).status).toBe(409);
    expect((await put(50_000, bytes.length - 1)).status).toBe(200);
    const done = await h.call('POST', `${base}/uploads/${created.id}/complete`, { key: h.a.manager });
    if (done.status !== 201) throw new Error(await done.text());
    const result = await done.json();
    expect(result.record).toMatchObject({
      id: 'aud-01',
      format: 'WAV',
      sampleRate: 44_100,
      bitDepth: 16,
      channels: 2,
      size: bytes.length,
      md5,
      duration: 0.5,
    });
    const release = await (await h.call('GET', '/api/releases/rel-polar-042', { key: h.a.viewer })).json();
    expect(release.release.assets.audio[0]).toMatchObject({ format: 'WAV', md5, size: bytes.length });
    expect(release.release.tracks[0].audio).toMatchObject({ fileId: 'aud-01', format: 'WAV', sampleRate: 44_100 });
    const stored = await h.store.assets.stat('tenant-a', result.record.storageKey);
    expect(stored).toMatchObject({ size: bytes.length, md5 });
    // the chunks are gone
    expect((await h.store.assets.list('tenant-a', { prefix: 'uploads/' })).items).toEqual([]);
  });

  it('probes FLAC and artwork (3000×3000 JPEG), and rejects a text file named .flac naming it', async () => {
    const flac = await upload({ kind: 'audio', fileName: 'a.flac', assetId: 'aud-02' }, flacHeader());
    expect(flac.done.status).toBe(201);
    expect((await flac.done.json()).record).toMatchObject({
      format: 'FLAC',
      sampleRate: 48_000,
      bitDepth: 24,
      channels: 2,
      duration: 2,
    });
    const art = await upload({ kind: 'image', fileName: 'cover.jpg', assetId: 'img-front' }, cover, 512 * 1024);
    expect(art.done.status).toBe(201);
    const image = await art.done.json();
    expect(image).toMatchObject({ record: { format: 'JPEG', width: 3000, height: 3000 }, colorSpace: 'srgb' });
    const listed = await (await h.call('GET', base, { key: h.a.viewer })).json();
    expect(listed.items.find((a: any) => a.record.id === image.record.id)?.colorSpace).toBe('srgb');
    const fake = await upload(
      { kind: 'audio', fileName: 'song.flac', assetId: 'aud-03' },
      Buffer.from('hello\n'.repeat(50)),
    );
    expect(fake.done.status).toBe(400);
    const error = (await fake.done.json()).error;
    expect(error.message).toContain('"song.flac"');
    expect(error.issues[0]).toMatchObject({ code: 'unsupported_file', path: 'file' });
    const notImage = await upload({ kind: 'image', fileName: 'x.png', assetId: 'img-x' }, Buffer.from('not a png'));
    expect(notImage.done.status).toBe(400);
    const release = await (await h.call('GET', '/api/releases/rel-polar-042', { key: h.a.viewer })).json();
    expect(release.release.assets.images.some((i: any) => i.id === 'img-x')).toBe(false);
  });

  it('checks the profile before queueing: a 1000 px cover is refused with the reason', async () => {
    const target = { id: 'fs', name: 'FS', type: 'Test', protocol: 'FILESYSTEM', config: { directory: 'out' } };
    expect((await h.call('POST', '/api/targets', { key: h.a.manager, body: target })).status).toBe(201);
    const { done } = await upload({ kind: 'image', fileName: 'small.jpg', assetId: 'img-small' }, smallCover);
    expect(done.status).toBe(201);
    const queued = await h.call('POST', '/api/deliveries', {
      key: h.a.manager,
      body: { releaseId: 'rel-polar-042', targetId: 'fs' },
    });
    expect(queued.status).toBe(400);
    const issues = (await queued.json()).error.issues;
    expect(issues.some((i: any) => i.code === 'image_size' && /1000 px/.test(i.message))).toBe(true);
  });

  it('answers 400 with paths, 401, 403 for viewers, 404 across tenants, 409 for a used asset; deletes assets', async () => {
    const bad = await h.call('POST', `${base}/uploads`, {
      key: h.a.manager,
      body: { kind: 'video', fileName: 'a/b', size: -1 },
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues.map((i: any) => i.path).sort()).toEqual(['fileName', 'kind', 'size']);
    const noTrack = await h.call('POST', `${base}/uploads`, {
      key: h.a.manager,
      body: { kind: 'audio', fileName: 'new.wav', size: 10 },
    });
    expect((await noTrack.json()).error.issues[0].path).toBe('trackId');
    expect(
      (await h.call('POST', `${base}/uploads`, { body: { kind: 'image', fileName: 'c.jpg', size: 1 } })).status,
    ).toBe(401);
    expect(
      (
        await h.call('POST', `${base}/uploads`, {
          key: h.a.viewer,
          body: { kind: 'image', fileName: 'c.jpg', size: 1 },
        })
      ).status,
    ).toBe(403);
    expect(
      (await h.call('POST', `${base}/uploads`, { key: h.b.admin, body: { kind: 'image', fileName: 'c.jpg', size: 1 } }))
        .status,
    ).toBe(404);
    const { u, done } = await upload({ kind: 'image', fileName: 'cover.jpg', assetId: 'img-2' }, smallCover);
    expect(done.status).toBe(201);
    expect((await h.call('GET', `${base}/uploads/${u.id}`, { key: h.a.manager })).status).toBe(404);
    const { storageKey } = (await done.json()).record;
    expect((await h.call('DELETE', `${base}/img-2`, { key: h.b.admin })).status).toBe(404);
    expect((await h.call('DELETE', `${base}/img-2`, { key: h.a.viewer })).status).toBe(403);
    expect((await h.call('DELETE', `${base}/aud-01`, { key: h.a.manager })).status).toBe(409);
    expect((await h.call('DELETE', `${base}/img-2`, { key: h.a.manager })).status).toBe(204);
    expect(await h.store.assets.stat('tenant-a', storageKey)).toBeNull();
    expect((await h.call('DELETE', `${base}/img-2`, { key: h.a.manager })).status).toBe(404);
    const badRange = await Promise.resolve(
      h.app.request(`${base}/uploads/${'0'.repeat(32)}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${h.a.manager}`, 'content-range': 'bytes=0-1' },
        body: 'ab',
      }),
    );
    expect(badRange.status).toBe(400);
  });
});
