import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryRuntime, DDEX_DSP_TEST, deliver, GENERIC_BATCH, http, sftp } from '../src';
import { startReceiver } from './helpers/http-receiver';
import { liveEnv } from './helpers/live';
import { expectValidErns, md5, release } from './helpers/releases';
import { startCuttingProxy } from './helpers/tcp-proxy';

const sender = { dpid: 'PADPIDA2014120301B', name: 'Test Label' };

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else out.push(p);
  }
  return out;
}

const env = liveEnv('sftp');
describe.skipIf(!env)('batch of 3 releases over SFTP with a cut connection', () => {
  if (!env) return;
  it('completes through retries: exactly one complete copy of each file, the marker written after all of them', async () => {
    const directory = join(env.DDEX_TEST_SFTP_DIR, `choreo-${process.pid}-${Date.now().toString(36)}`);
    const releases = [
      release('0094631432057', 3, 1, 400_000),
      release('5012345678900', 2, 2, 400_000),
      release('4006381333931', 3, 3, 400_000),
    ];
    const proxy = await startCuttingProxy({ targetPort: Number(env.DDEX_TEST_SFTP_PORT), cutAfterBytes: 1_500_000 });
    const rt = createDeliveryRuntime(
      sftp({
        host: '127.0.0.1',
        port: proxy.port,
        username: env.DDEX_TEST_SFTP_USER,
        privateKey: readFileSync(env.DDEX_TEST_SFTP_KEY),
        directory,
      }),
      { minTimeout: 50, maxTimeout: 200 },
    );
    try {
      const r = await deliver(rt, releases, { profile: GENERIC_BATCH, sender });
      expect(proxy.cuts).toBe(1);
      const onDisk = (await walk(directory)).map((p) => relative(directory, p)).sort();
      expect(onDisk).toEqual([...r.files].sort());
      expect(onDisk).toHaveLength(3 + 2 + 3 + 3 * 2 + 1);
      for (const rel of releases) {
        for (const res of rel.resources) {
          const data = (res.source as { data: Uint8Array }).data;
          const found = onDisk.filter((p) => p.includes(`${rel.upc}/resources/`) && p.endsWith(`.${res.ext}`));
          const hashes = await Promise.all(found.map(async (p) => md5(await readFile(join(directory, p)))));
          expect(hashes).toContain(md5(data));
        }
      }
      const marker = join(directory, r.marker!);
      const markerTime = (await stat(marker)).mtimeMs;
      for (const p of onDisk) expect((await stat(join(directory, p))).mtimeMs).toBeLessThanOrEqual(markerTime);
      expect(await readFile(marker, 'utf8')).toContain('<NumberOfMessages>3</NumberOfMessages>');
      const delivered = new Map(
        await Promise.all(onDisk.map(async (p) => [p, await readFile(join(directory, p))] as const)),
      );
      await expectValidErns(delivered);
    } finally {
      await rt.dispose();
      await proxy.close();
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe('ddex-dsp-test profile over HTTP', () => {
  let dir: string;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ddex-dsp-test-'));
    receiver = await startReceiver(dir, { type: 'bearer', token: 'dsp-token' });
  });
  afterAll(async () => {
    await receiver.close();
    await rm(dir, { recursive: true, force: true });
  });
  it('posts each file of the release, the ERN last, into <UPC>_<timestamp>/', async () => {
    const rt = createDeliveryRuntime(http({ url: receiver.url, auth: { type: 'bearer', token: 'dsp-token' } }));
    const now = () => new Date(Date.UTC(2025, 0, 14, 9, 30, 15, 123));
    await deliver(rt, [release('0094631432057', 2)], { profile: DDEX_DSP_TEST, sender, now });
    const posts = receiver.log.filter((l) => l === 'POST /files').length;
    expect(posts).toBe(4);
    const tree = (await walk(dir)).map((p) => relative(dir, p)).sort();
    expect(tree).toEqual([
      '0094631432057_20250114093015123/0094631432057.xml',
      '0094631432057_20250114093015123/resources/0094631432057.jpg',
      '0094631432057_20250114093015123/resources/0094631432057_01_001.flac',
      '0094631432057_20250114093015123/resources/0094631432057_01_002.flac',
    ]);
    await expectValidErns(
      new Map(await Promise.all(tree.map(async (p) => [p, await readFile(join(dir, p))] as const))),
    );
    await rt.dispose();
  });
});
