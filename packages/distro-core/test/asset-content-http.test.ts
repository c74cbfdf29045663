import { createHash, randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseRange } from '../src/index';
import { album, type Harness, harness, STORE_NAMES, STORES } from './support';

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

describe('parseRange', () => {
  it('reads one range, an open end and a suffix; refuses one beyond the file', () => {
    expect(parseRange(undefined, 10)).toBeUndefined();
    expect(parseRange('bytes=2-4', 10)).toEqual({ start: 2, end: 4 });
    expect(parseRange('bytes=7-', 10)).toEqual({ start: 7, end: 9 });
    expect(parseRange('bytes=5-99', 10)).toEqual({ start: 5, end: 9 });
    expect(parseRange('bytes=-3', 10)).toEqual({ start: 7, end: 9 });
    expect(parseRange('bytes=0-1,4-5', 10)).toBeUndefined(); // several ranges: the whole file
    expect(parseRange('bytes=10-', 10)).toBe('unsatisfiable');
    expect(parseRange('bytes=4-2', 10)).toBe('unsatisfiable');
  });
});

describe.each(STORE_NAMES)('HTTP asset content and duplicates (%s store)', (storeName) => {
  let h: Harness;
  // 300 KiB, so a stored file spans several chunks of every store
  const audio = randomBytes(300 * 1024);
  const base = '/api/releases/rel-polar-042/assets';

  beforeEach(async () => {
    h = await harness({ store: await STORES[storeName]!() });
    const release = album();
    const key = 'releases/rel-polar-042/aud-01/x-01.flac';
    const info = await h.store.assets.put('tenant-a', key, audio, {
      contentType: 'audio/flac',
      metadata: { releaseId: 'rel-polar-042', assetId: 'aud-01' },
    });
    Object.assign(release.assets.audio[0], { storageKey: key, md5: info.md5, size: info.size });
    // track 3's audio is the same file as track 1's
    Object.assign(release.assets.audio[2], { md5: info.md5 });
    expect((await h.call('POST', '/api/releases', { key: h.a.manager, body: release })).status).toBe(201);
  });

  it('serves the bytes to the tenant, whole and by Range; not to another tenant', async () => {
    const whole = await h.call('GET', `${base}/aud-01/content`, { key: h.a.viewer });
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('audio/flac');
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.headers.get('content-length')).toBe(String(audio.length));
    expect(whole.headers.get('etag')).toBe(`"${md5(audio)}"`);
    expect(md5(Buffer.from(await whole.arrayBuffer()))).toBe(md5(audio));

    const part = await h.call('GET', `${base}/aud-01/content`, {
      key: h.a.viewer,
      headers: { range: 'bytes=70000-200000' },
    });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 70000-200000/${audio.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(audio.subarray(70000, 200001))).toBe(true);

    const tail = await h.call('GET', `${base}/aud-01/content`, { key: h.a.viewer, headers: { range: 'bytes=-10' } });
    expect(Buffer.from(await tail.arrayBuffer()).equals(audio.subarray(audio.length - 10))).toBe(true);

    const beyond = await h.call('GET', `${base}/aud-01/content`, {
      key: h.a.viewer,
      headers: { range: `bytes=${audio.length}-` },
    });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${audio.length}`);

    // another tenant, an asset without a stored file, an unknown asset: 404
    for (const [key, asset] of [
      [h.b.viewer, 'aud-01'],
      [h.a.viewer, 'aud-02'],
      [h.a.viewer, 'nope'],
    ] as const) {
      expect((await h.call('GET', `${base}/${asset}/content`, { key })).status).toBe(404);
    }
    expect((await h.call('GET', `${base}/aud-01/content`)).status).toBe(401);
  });

  it('reports audio that is byte-for-byte another track’s or another release’s', async () => {
    const other = album({ id: 'rel-other', upc: '5012345678917' });
    other.tracks = other.tracks.map((t: any, i: number) => ({ ...t, isrc: `GBXYZ26${String(i).padStart(5, '0')}` }));
    expect((await h.call('POST', '/api/releases', { key: h.a.manager, body: other })).status).toBe(201);
    await h.store.assets.put('tenant-a', 'releases/rel-other/aud-07/y.flac', audio, {
      metadata: { releaseId: 'rel-other', assetId: 'aud-07' },
    });
    // tenant B's copy of the same bytes is none of tenant A's business
    await h.store.assets.put('tenant-b', 'releases/rel-b/aud-01/z.flac', audio, {
      metadata: { releaseId: 'rel-b', assetId: 'aud-01' },
    });
    const res = await h.call('GET', `${base}/duplicates`, { key: h.a.viewer });
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report.truncated).toBe(false);
    expect(report.items).toEqual([
      {
        assetId: 'aud-01',
        md5: md5(audio),
        sameRelease: ['aud-03'],
        otherReleases: [{ releaseId: 'rel-other', assetId: 'aud-07' }],
      },
      {
        assetId: 'aud-03',
        md5: md5(audio),
        sameRelease: ['aud-01'],
        otherReleases: [{ releaseId: 'rel-other', assetId: 'aud-07' }],
      },
    ]);
    const clean = await (await h.call('GET', '/api/releases/rel-other/assets/duplicates', { key: h.a.viewer })).json();
    expect(clean.items).toEqual([]); // rel-other's records carry the fixture's own MD5s
  });
});
