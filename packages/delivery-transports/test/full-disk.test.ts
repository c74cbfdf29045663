import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDeliveryRuntime, deliver, filesystem, GENERIC_BATCH } from '../src';
import { liveEnv } from './helpers/live';
import { release } from './helpers/releases';

const env = liveEnv('full');

describe.skipIf(!env)('a full remote disk (1 MiB tmpfs, filled)', () => {
  if (!env) return;
  const sender = { dpid: 'PADPIDA2014120301B', name: 'Test Label' };

  it('an upload fails with QUOTA at once and leaves no temporary file', async () => {
    const warnings: string[] = [];
    const rt = createDeliveryRuntime(filesystem({ directory: env.DDEX_TEST_FULL_DIR }), {
      minTimeout: 5,
      logger: { warn: (m) => warnings.push(m) },
    });
    const error = await rt.put('big.bin', { data: Buffer.alloc(200_000, 1) }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'QUOTA', retryable: false });
    expect(warnings).toEqual([]);
    expect((await readdir(env.DDEX_TEST_FULL_DIR)).filter((n) => n !== '.filler')).toEqual([]);
    await rt.dispose();
  });

  it('a batch to a full disk stops with QUOTA and writes no marker', async () => {
    const rt = createDeliveryRuntime(filesystem({ directory: env.DDEX_TEST_FULL_DIR }), { minTimeout: 5 });
    const r = release('0094631432057', 2, 1, 300_000);
    let batch = '';
    await expect(
      deliver(rt, [r], {
        profile: GENERIC_BATCH,
        sender,
        onEvent: (e) => {
          if (e.type === 'start') batch = e.batchId;
        },
      }),
    ).rejects.toMatchObject({ code: 'QUOTA' });
    const left = await readdir(join(env.DDEX_TEST_FULL_DIR, batch), { recursive: true }).catch(() => [] as string[]);
    expect(left.filter((p) => /BatchComplete|\.part$/.test(String(p)))).toEqual([]);
    await rt.dispose();
    await rm(join(env.DDEX_TEST_FULL_DIR, batch), { recursive: true, force: true });
  });
});
