import { describe, expect, it } from 'vitest';
import {
  createDeliveryRuntime,
  DDEX_DSP_TEST,
  DeliveryError,
  DSP_PROFILES,
  deliver,
  findIncompleteBatches,
  GENERIC_BATCH,
  GENERIC_RELEASE_BY_RELEASE,
  memory,
  renderTemplate,
  SPOTIFY_LIKE,
  type Transport,
  YOUTUBE_LIKE,
} from '../src';
import { expectValidErns, release } from './helpers/releases';

const sender = { dpid: 'PADPIDA2014120301B', name: 'Test Label' };
const now = () => new Date(Date.UTC(2025, 0, 14, 9, 30, 15, 123));
const BATCH = '20250114093015123';

/** memory() that records the order in which final names appear, and can fail on one path. */
function recording(failOn?: (path: string) => boolean) {
  const t = memory();
  const files = t.getInstance();
  const arrivals: string[] = [];
  const put = t.put.bind(t);
  const rename = t.rename!.bind(t);
  const wrapped: Transport = {
    ...t,
    put: async (path, body, o) => {
      if (failOn?.(path)) throw new DeliveryError('PERMISSION', `refused ${path}`, { transport: 'memory' });
      return put(path, body, o);
    },
    rename: async (from, to, o) => {
      await rename(from, to, o);
      arrivals.push(to);
    },
  };
  return { t: wrapped, files, arrivals };
}

describe('deliver: batch choreography', () => {
  it('sends 3 releases as resources, then ERN, per release, and the manifest marker last; the tree is exact', async () => {
    const { t, files, arrivals } = recording();
    const rt = createDeliveryRuntime(t);
    const releases = [release('0094631432057', 2, 1), release('5012345678900', 1, 2), release('4006381333931', 3, 3)];
    const r = await deliver(rt, releases, { profile: GENERIC_BATCH, sender, now });
    expect(r.batchId).toBe(BATCH);
    const expected = [
      `${BATCH}/0094631432057/resources/0094631432057_01_001.flac`,
      `${BATCH}/0094631432057/resources/0094631432057_01_002.flac`,
      `${BATCH}/0094631432057/resources/0094631432057.jpg`,
      `${BATCH}/0094631432057/0094631432057.xml`,
      `${BATCH}/5012345678900/resources/5012345678900_01_001.flac`,
      `${BATCH}/5012345678900/resources/5012345678900.jpg`,
      `${BATCH}/5012345678900/5012345678900.xml`,
      `${BATCH}/4006381333931/resources/4006381333931_01_001.flac`,
      `${BATCH}/4006381333931/resources/4006381333931_01_002.flac`,
      `${BATCH}/4006381333931/resources/4006381333931_01_003.flac`,
      `${BATCH}/4006381333931/resources/4006381333931.jpg`,
      `${BATCH}/4006381333931/4006381333931.xml`,
      `${BATCH}/BatchComplete_${BATCH}.xml`,
    ];
    expect(arrivals).toEqual(expected);
    expect(r.files).toEqual(expected);
    expect([...files.keys()].sort()).toEqual([...expected].sort());
    const manifest = Buffer.from(files.get(`${BATCH}/BatchComplete_${BATCH}.xml`)!).toString();
    expect(manifest).toContain('<NumberOfMessages>3</NumberOfMessages>');
    expect(manifest.match(/<MessageInBatch>/g)).toHaveLength(3);
    expect(manifest).toContain('<URL>5012345678900/5012345678900.xml</URL>');
    expect(manifest).toContain('<PartyId>PADPIDA2014120301B</PartyId>');
    expect(manifest).toContain('<IsTestFlag>false</IsTestFlag>');
    await expectValidErns(files);
  });

  it('checks files against their asset records before sending anything', async () => {
    const { t, files } = recording();
    const bad = release('0094631432057', 2);
    bad.resources[1]!.md5 = '0'.repeat(32);
    const good = release('5012345678900', 1, 2);
    const error = await deliver(createDeliveryRuntime(t), [good, bad], { profile: GENERIC_BATCH, sender, now }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'INTEGRITY' });
    expect((error as Error).message).toMatch(/0094631432057 audio 1-2: MD5 .* nothing was sent/);
    expect(files.size).toBe(0);
    const short = release('0094631432057', 1);
    short.resources[0]!.size = 1;
    await expect(
      deliver(createDeliveryRuntime(t), [short], { profile: GENERIC_BATCH, sender, now }),
    ).rejects.toMatchObject({ code: 'INTEGRITY' });
    expect(files.size).toBe(0);
  });

  it('an interrupted batch has no marker; resuming it completes the same batch, each file once, marker last', async () => {
    let failing = true;
    const { t, files, arrivals } = recording((p) => failing && p.includes('5012345678900.xml'));
    const rt = createDeliveryRuntime(t, { minTimeout: 1 });
    const releases = [release('0094631432057', 2, 1), release('5012345678900', 1, 2), release('4006381333931', 1, 3)];
    const events: string[] = [];
    await expect(
      deliver(rt, releases, { profile: GENERIC_BATCH, sender, now, onEvent: (e) => events.push(e.type) }),
    ).rejects.toMatchObject({ code: 'PERMISSION' });
    expect(events[0]).toBe('start');
    expect([...files.keys()].some((k) => k.includes('BatchComplete'))).toBe(false);
    expect([...files.keys()].some((k) => k.endsWith('.part'))).toBe(false);
    expect(await findIncompleteBatches(rt, GENERIC_BATCH)).toEqual([BATCH]);

    failing = false;
    const before = arrivals.length;
    const r = await deliver(rt, releases, { profile: GENERIC_BATCH, sender, resume: BATCH, now });
    expect(r.skipped).toHaveLength(before);
    expect(arrivals.slice(before)).toEqual([
      `${BATCH}/5012345678900/5012345678900.xml`,
      `${BATCH}/4006381333931/resources/4006381333931_01_001.flac`,
      `${BATCH}/4006381333931/resources/4006381333931.jpg`,
      `${BATCH}/4006381333931/4006381333931.xml`,
      `${BATCH}/BatchComplete_${BATCH}.xml`,
    ]);
    expect(new Set(arrivals).size).toBe(arrivals.length);
    expect(await findIncompleteBatches(rt, GENERIC_BATCH)).toEqual([]);
    const again = await deliver(rt, releases, { profile: GENERIC_BATCH, sender, resume: BATCH, now });
    expect(again.alreadyComplete).toBe(true);
    await expectValidErns(files);
  });

  it('an empty marker for youtube-like, a manifest for spotify-like', async () => {
    for (const [profile, empty] of [
      [YOUTUBE_LIKE, true],
      [SPOTIFY_LIKE, false],
    ] as const) {
      const { t, files } = recording();
      await deliver(createDeliveryRuntime(t), [release('0094631432057', 1)], { profile, sender, now });
      const marker = files.get(`${BATCH}/BatchComplete_${BATCH}.xml`)!;
      expect(marker.length === 0).toBe(empty);
    }
  });

  it('refuses files that do not meet the profile (REQUIREMENTS), before sending', async () => {
    const { t, files } = recording();
    const r = release('0094631432057', 1);
    Object.assign(r.resources[0]!, { sampleRate: 22050, format: 'MP3' });
    Object.assign(r.resources[1]!, { width: 300, height: 300 });
    const error = await deliver(createDeliveryRuntime(t), [r], { profile: SPOTIFY_LIKE, sender, now }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'REQUIREMENTS' });
    expect((error as Error).message).toMatch(
      /MP3 is not one of FLAC, WAV.*22050 Hz is below 44100.*300 px wide, at least 640/,
    );
    expect(files.size).toBe(0);
  });
});

describe('deliver: release-by-release', () => {
  it('one folder per release named <priority>_<UPC>_<timestamp>, the ERN last, no marker', async () => {
    const { t, files, arrivals } = recording();
    const r = await deliver(createDeliveryRuntime(t), [release('0094631432057', 2)], {
      profile: GENERIC_RELEASE_BY_RELEASE,
      sender,
      now,
    });
    const folder = `N_0094631432057_${BATCH}`;
    expect(arrivals).toEqual([
      `${folder}/resources/0094631432057_01_001.flac`,
      `${folder}/resources/0094631432057_01_002.flac`,
      `${folder}/resources/0094631432057.jpg`,
      `${folder}/0094631432057.xml`,
    ]);
    expect(r.marker).toBeUndefined();
    await expectValidErns(files);
  });
});

describe('DSP profiles are data', () => {
  it.each(Object.values(DSP_PROFILES))('$name renders its templates and is consistent', (p) => {
    const values = { batchId: BATCH, timestamp: BATCH, priority: p.priority ?? 'N', upc: '0094631432057' };
    expect(renderTemplate(p.folders.release, values)).toContain('0094631432057');
    for (const kind of ['audio', 'image', 'video', 'document'] as const) {
      expect(renderTemplate(p.naming[kind], { ...values, disc: 1, track: 1, index: 1, ext: 'x' })).toMatch(/\.x$/);
    }
    if (p.choreography === 'batch') {
      expect(p.marker?.name).toMatch(/^BatchComplete/);
      expect(renderTemplate(p.folders.batch, values)).toContain(BATCH);
    }
  });
  it('captures the public facts', () => {
    expect(SPOTIFY_LIKE).toMatchObject({ ernVersion: '4.3', marker: { form: 'manifest' } });
    expect(SPOTIFY_LIKE.takedown).not.toBe('purge');
    expect(YOUTUBE_LIKE.recipients?.map((r) => r.dpid)).toContain('PADPIDA2013020802I');
    expect(DDEX_DSP_TEST).toMatchObject({ transport: 'http', messageControlType: 'TestMessage' });
  });
});
