import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vitest from 'vitest';
import { type FtpOptions, ftp } from '../src';
import { describeTransport } from '../src/testing';
import { liveEnv } from './helpers/live';

const env = liveEnv('ftp');

vitest.describe.skipIf(!env)('ftp against pure-ftpd', () => {
  if (!env) return;
  const base: FtpOptions = {
    host: env.DDEX_TEST_FTP_HOST,
    port: Number(env.DDEX_TEST_FTP_PORT),
    username: env.DDEX_TEST_FTP_USER,
    password: env.DDEX_TEST_FTP_PASSWORD,
  };
  const readBack = (path: string) => readFile(join(process.env.DDEX_TEST_FTP_DIR ?? '/nonexistent', path)).catch(() => undefined);

  describeTransport({ name: 'ftp (plain)', create: () => ftp(base), readBack, vitest });
  describeTransport({
    name: 'ftps (explicit TLS)',
    create: () =>
      ftp({ ...base, secure: true, tls: { ca: readFileSync(env.DDEX_TEST_FTP_CA), servername: 'localhost' } }),
    readBack,
    vitest,
  });
});
