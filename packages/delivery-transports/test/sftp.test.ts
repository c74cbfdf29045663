import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vitest from 'vitest';
import { createDeliveryRuntime, sftp } from '../src';
import { describeTransport } from '../src/testing';
import { liveEnv } from './helpers/live';

const env = liveEnv('sftp');

vitest.describe.skipIf(!env)('sftp against OpenSSH', () => {
  if (!env) return;
  const options = () => ({
    host: env.DDEX_TEST_SFTP_HOST,
    port: Number(env.DDEX_TEST_SFTP_PORT),
    username: env.DDEX_TEST_SFTP_USER,
    privateKey: readFileSync(env.DDEX_TEST_SFTP_KEY),
    hostFingerprint: process.env.DDEX_TEST_SFTP_HOST_FINGERPRINT,
    directory: env.DDEX_TEST_SFTP_DIR,
  });

  describeTransport({
    name: 'sftp',
    create: () => sftp(options()),
    readBack: (path) => readFile(join(env.DDEX_TEST_SFTP_DIR, path)).catch(() => undefined),
    vitest,
  });

  // workers in several processes open batch folders under one fresh root at once: OpenSSH answers a mkdir of a
  // directory another client just created with a bare FAILURE, which must not fail the delivery
  vitest.it('mkdir of the same fresh folders from several connections at once succeeds for all', async () => {
    const runtimes = Array.from({ length: 4 }, () => createDeliveryRuntime(sftp(options()), { retries: 0 }));
    try {
      for (let round = 0; round < 5; round++) {
        const base = `mkdir-race-${process.pid}-${Date.now().toString(36)}-${round}`;
        await Promise.all(runtimes.map((rt, i) => rt.mkdir(`${base}/batch/rel-${i % 2}/resources`)));
        for (const i of [0, 1]) {
          vitest.expect((await runtimes[0]!.stat(`${base}/batch/rel-${i}/resources`))?.type).toBe('directory');
        }
      }
    } finally {
      await Promise.all(runtimes.map((rt) => rt.dispose()));
    }
  });
});
