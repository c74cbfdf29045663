import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vitest from 'vitest';
import { sftp } from '../src';
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
});
