import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import SftpClient from 'ssh2-sftp-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryRuntime, type SftpOptions, sftp } from '../src';
import { liveEnv } from './helpers/live';
import { startCuttingProxy } from './helpers/tcp-proxy';

const MiB = 1024 * 1024;
const digest = (algorithm: string, b: Uint8Array) => createHash(algorithm).update(b).digest('hex');

/** ssh2-sftp-client counting (or refusing) the extra SFTP channels the transport opens after connect. */
function countingClient(refuse: boolean) {
  const counts = { channels: 0 };
  class Counting extends SftpClient {
    override async connect(config: SftpClient.ConnectOptions) {
      const result = await super.connect(config);
      const ssh = (this as unknown as { client: { sftp(cb: (e: Error | undefined, s?: unknown) => void): void } })
        .client;
      const open = ssh.sftp.bind(ssh);
      ssh.sftp = (cb) => {
        counts.channels++;
        if (refuse) setImmediate(() => cb(new Error('(administratively prohibited) open failed')));
        else open(cb);
      };
      return result;
    }
  }
  return { lib: { default: Counting as never }, counts };
}

const env = liveEnv('sftp');
describe.skipIf(!env)('sftp: one upload over several channels', () => {
  if (!env) return;
  const dir = `channels-${process.pid}-${Date.now().toString(36)}`;
  let tmp: string;
  let data: Buffer;
  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'ddex-sftp-channels-'));
    data = randomBytes(33 * MiB + 12_345);
    await writeFile(join(tmp, 'big.bin'), data);
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
    await rm(join(env.DDEX_TEST_SFTP_DIR, dir), { recursive: true, force: true });
  });
  const options = (extra: Partial<SftpOptions>): SftpOptions => ({
    host: env.DDEX_TEST_SFTP_HOST,
    port: Number(env.DDEX_TEST_SFTP_PORT),
    username: env.DDEX_TEST_SFTP_USER,
    privateKey: readFileSync(env.DDEX_TEST_SFTP_KEY),
    directory: env.DDEX_TEST_SFTP_DIR,
    ...extra,
  });

  it('a file on disk lands intact, its MD5 and SHA-256 taken from the upload read, the channels kept', async () => {
    const { lib, counts } = countingClient(false);
    const rt = createDeliveryRuntime(sftp(options({ lib, channels: 4 })), { retries: 0 });
    try {
      const declared = { md5: digest('md5', data), sha256: digest('sha256', data) };
      const r = await rt.put(`${dir}/a/big.bin`, { path: join(tmp, 'big.bin') }, declared);
      expect(r).toMatchObject({ ...declared, size: data.length, attempts: 1 });
      expect(counts.channels).toBe(3);
      await rt.put(`${dir}/a/again.bin`, { path: join(tmp, 'big.bin') }, declared);
      expect(counts.channels).toBe(3);
      const stored = await readFile(join(env.DDEX_TEST_SFTP_DIR, dir, 'a', 'big.bin'));
      expect(digest('sha256', stored)).toBe(declared.sha256);
      expect((await readdir(join(env.DDEX_TEST_SFTP_DIR, dir, 'a'))).sort()).toEqual(['again.bin', 'big.bin']);
    } finally {
      await rt.dispose();
    }
  });

  it('a wrong declared MD5 of a file on disk fails with INTEGRITY and leaves nothing', async () => {
    const rt = createDeliveryRuntime(sftp(options({})), { retries: 0 });
    try {
      const error = await rt
        .put(`${dir}/bad/big.bin`, { path: join(tmp, 'big.bin') }, { md5: '0'.repeat(32) })
        .catch((e: unknown) => e);
      expect((error as { code?: string }).code).toBe('INTEGRITY');
      expect(await readdir(join(env.DDEX_TEST_SFTP_DIR, dir, 'bad'))).toEqual([]);
    } finally {
      await rt.dispose();
    }
  });

  it('a cut during a multi-channel upload resumes from the acknowledged prefix, leaving one complete file', async () => {
    const { lib, counts } = countingClient(false);
    const proxy = await startCuttingProxy({ targetPort: Number(env.DDEX_TEST_SFTP_PORT), cutAfterBytes: 20 * MiB });
    const make = sftp({ ...options({ lib, channels: 4 }), host: '127.0.0.1', port: proxy.port });
    const rt = createDeliveryRuntime(make, { retries: 4, minTimeout: 50, maxTimeout: 300 });
    try {
      const r = await rt.put(`${dir}/cut/big.bin`, { path: join(tmp, 'big.bin') }, { md5: digest('md5', data) });
      expect(proxy.cuts).toBe(1);
      expect(counts.channels).toBeGreaterThanOrEqual(3);
      expect(r).toMatchObject({ resumed: true, md5: digest('md5', data) });
      expect(r.attempts).toBeGreaterThanOrEqual(2);
      const stored = await readFile(join(env.DDEX_TEST_SFTP_DIR, dir, 'cut', 'big.bin'));
      expect(digest('sha256', stored)).toBe(digest('sha256', data));
      expect(await readdir(join(env.DDEX_TEST_SFTP_DIR, dir, 'cut'))).toEqual(['big.bin']);
    } finally {
      await rt.dispose();
      await proxy.close();
    }
  });

  it('a server refusing extra channels gets the upload over one, and is not asked again', async () => {
    const { lib, counts } = countingClient(true);
    const rt = createDeliveryRuntime(sftp(options({ lib, channels: 4 })), { retries: 0 });
    try {
      const stream = (start: number) => Readable.from([data.subarray(start)]);
      await rt.put(`${dir}/refused/s.bin`, { stream }, { size: data.length, sha256: digest('sha256', data) });
      const asked = counts.channels;
      expect(asked).toBeGreaterThan(0);
      await rt.put(`${dir}/refused/f.bin`, { path: join(tmp, 'big.bin') });
      expect(counts.channels).toBe(asked);
      for (const name of ['s.bin', 'f.bin']) {
        const stored = await readFile(join(env.DDEX_TEST_SFTP_DIR, dir, 'refused', name));
        expect(digest('sha256', stored)).toBe(digest('sha256', data));
      }
    } finally {
      await rt.dispose();
    }
  });
});
