import { readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as vitest from 'vitest';
import { createDeliveryRuntime, type FtpOptions, ftp } from '../src';
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
  const readBack = (path: string) =>
    readFile(join(process.env.DDEX_TEST_FTP_DIR ?? '/nonexistent', path)).catch(() => undefined);

  describeTransport({ name: 'ftp (plain)', create: () => ftp(base), readBack, vitest });
  describeTransport({
    name: 'ftps (explicit TLS)',
    create: () =>
      ftp({ ...base, secure: true, tls: { ca: readFileSync(env.DDEX_TEST_FTP_CA), servername: 'localhost' } }),
    readBack,
    vitest,
  });

  vitest.it('a read-only remote directory gives PERMISSION at once and leaves nothing', async () => {
    // the virtual user runs as nobody: a root-owned 0755 directory is read-only for it
    const name = `readonly-${process.pid}`;
    const local = join(process.env.DDEX_TEST_FTP_DIR ?? '/nonexistent', name);
    await mkdir(local, { mode: 0o755 });
    const warnings: string[] = [];
    const rt = createDeliveryRuntime(ftp(base), { minTimeout: 5, logger: { warn: (m) => warnings.push(m) } });
    try {
      const error = await rt.put(`${name}/x.xml`, { data: '<x/>' }).catch((e: unknown) => e);
      vitest.expect(error).toMatchObject({ code: 'PERMISSION', retryable: false });
      vitest.expect(warnings).toEqual([]);
      vitest.expect(await readdir(local)).toEqual([]);
    } finally {
      await rt.dispose();
      await rm(local, { recursive: true, force: true });
    }
  });

  vitest.it('creating nested folders in a read-only directory is PERMISSION, with the server reply', async () => {
    const name = `readonly-mkdir-${process.pid}`;
    const local = join(process.env.DDEX_TEST_FTP_DIR ?? '/nonexistent', name);
    await mkdir(local, { mode: 0o755 });
    const rt = createDeliveryRuntime(ftp({ ...base, directory: `/${name}` }), { minTimeout: 5 });
    try {
      const error = await rt.put('batch/release/resources/a.flac', { data: 'x' }).catch((e: unknown) => e);
      vitest.expect(error).toMatchObject({ code: 'PERMISSION', retryable: false });
      vitest.expect((error as Error).message).toMatch(/Permission denied/);
      vitest.expect(await readdir(local)).toEqual([]);
    } finally {
      await rt.dispose();
      await rm(local, { recursive: true, force: true });
    }
  });
});
