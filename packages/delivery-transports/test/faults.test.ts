import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryRuntime, http, s3, sftp, type Transport } from '../src';
import { startReceiver } from './helpers/http-receiver';
import { liveEnv } from './helpers/live';
import { startCuttingProxy } from './helpers/tcp-proxy';

const MiB = 1024 * 1024;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const streamOf = (data: Buffer) => (start: number) => Readable.from(chunked(data.subarray(start), 256 * 1024));
function* chunked(data: Buffer, size: number) {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}
const fast = { retries: 4, minTimeout: 50, maxTimeout: 300 };

/** Uploads `data` through a proxy that cuts the first connection after `cut` bytes; returns the put result. */
async function cutUpload(
  make: (port: number) => Transport,
  targetPort: number,
  path: string,
  data: Buffer,
  cut: number,
) {
  const proxy = await startCuttingProxy({ targetPort, cutAfterBytes: cut });
  const warnings: string[] = [];
  const rt = createDeliveryRuntime(make(proxy.port), { ...fast, logger: { warn: (m) => warnings.push(m) } });
  try {
    const result = await rt.put(path, { stream: streamOf(data) }, { size: data.length, sha256: sha(data) });
    return { result, cuts: proxy.cuts, connections: proxy.connections, warnings };
  } finally {
    await rt.dispose();
    await proxy.close();
  }
}

const sftpEnv = liveEnv('sftp');
describe.skipIf(!sftpEnv)('cut connections: sftp', () => {
  if (!sftpEnv) return;
  const dir = `faults-${process.pid}-${Date.now().toString(36)}`;
  afterAll(() => rm(join(sftpEnv.DDEX_TEST_SFTP_DIR, dir), { recursive: true, force: true }));
  const make = (port: number) =>
    sftp({
      host: '127.0.0.1',
      port,
      username: sftpEnv.DDEX_TEST_SFTP_USER,
      privateKey: readFileSync(sftpEnv.DDEX_TEST_SFTP_KEY),
      directory: sftpEnv.DDEX_TEST_SFTP_DIR,
    });

  it('resumes a stream upload after the connection is cut, leaving one complete file', async () => {
    const data = randomBytes(8 * MiB);
    const { result, cuts, connections, warnings } = await cutUpload(
      make,
      Number(sftpEnv.DDEX_TEST_SFTP_PORT),
      `${dir}/stream/cut.bin`,
      data,
      3 * MiB,
    );
    expect(cuts).toBe(1);
    expect(connections).toBeGreaterThanOrEqual(2);
    expect(result.attempts).toBeGreaterThanOrEqual(2);
    expect(result.resumed).toBe(true);
    expect(warnings.some((w) => w.includes('CONNECT'))).toBe(true);
    const local = join(sftpEnv.DDEX_TEST_SFTP_DIR, dir, 'stream');
    expect(sha(await readFile(join(local, 'cut.bin')))).toBe(sha(data));
    expect(await readdir(local)).toEqual(['cut.bin']);
  });

  it('resumes an upload of a file on disk after a cut from the prefix the server acknowledged', async () => {
    const tmp = await mkdtemp(join(tmpdir(), 'ddex-faults-'));
    const data = randomBytes(8 * MiB);
    await writeFile(join(tmp, 'f.bin'), data);
    const proxy = await startCuttingProxy({ targetPort: Number(sftpEnv.DDEX_TEST_SFTP_PORT), cutAfterBytes: 3 * MiB });
    const rt = createDeliveryRuntime(make(proxy.port), fast);
    try {
      const r = await rt.put(`${dir}/disk/f.bin`, { path: join(tmp, 'f.bin') }, { sha256: sha(data) });
      expect(proxy.cuts).toBe(1);
      expect(r.attempts).toBeGreaterThanOrEqual(2);
      expect(r.resumed).toBe(true);
      const local = join(sftpEnv.DDEX_TEST_SFTP_DIR, dir, 'disk');
      expect(sha(await readFile(join(local, 'f.bin')))).toBe(sha(data));
      expect(await readdir(local)).toEqual(['f.bin']);
    } finally {
      await rt.dispose();
      await proxy.close();
      await rm(tmp, { recursive: true, force: true });
    }
  });

  it('gives up with CONNECT after the retries when every connection is cut, leaving nothing', async () => {
    const proxy = await startCuttingProxy({
      targetPort: Number(sftpEnv.DDEX_TEST_SFTP_PORT),
      cutAfterBytes: 1 * MiB,
      cutConnections: 100,
    });
    const rt = createDeliveryRuntime(make(proxy.port), { retries: 2, minTimeout: 20, maxTimeout: 50 });
    const data = randomBytes(4 * MiB);
    try {
      const error = await rt
        .put(`${dir}/never/x.bin`, { stream: streamOf(data) }, { size: data.length })
        .catch((e: unknown) => e);
      expect((error as { code?: string }).code).toBe('CONNECT');
      expect(proxy.cuts).toBe(3);
    } finally {
      await rt.dispose();
      await proxy.close();
    }
    const left = await readdir(join(sftpEnv.DDEX_TEST_SFTP_DIR, dir, 'never')).catch(() => []);
    expect(left).toEqual([]);
  });
});

const s3Env = liveEnv('s3');
describe.skipIf(!s3Env)('cut connections: s3 (radosgw)', () => {
  if (!s3Env) return;
  it('restarts a multipart upload after the connection is cut; one complete object, no temporary key', async () => {
    const port = Number(new URL(s3Env.DDEX_TEST_S3_ENDPOINT).port);
    const prefix = `faults-${process.pid}-${Date.now().toString(36)}`;
    const make = (p: number) =>
      s3({
        bucket: s3Env.DDEX_TEST_S3_BUCKET,
        prefix,
        endpoint: `http://127.0.0.1:${p}`,
        credentials: { accessKeyId: s3Env.DDEX_TEST_S3_ACCESS, secretAccessKey: s3Env.DDEX_TEST_S3_SECRET },
        partSize: 5 * MiB,
        queueSize: 2,
      });
    const data = randomBytes(12 * MiB);
    const { result, cuts } = await cutUpload(make, port, 'mp/cut.bin', data, 3 * MiB);
    expect(cuts).toBe(1);
    expect(result.attempts).toBeGreaterThanOrEqual(2);
    const rt = createDeliveryRuntime(make(port));
    try {
      const entries = await rt.list('mp');
      expect(entries.map((e) => [e.name, e.size])).toEqual([['cut.bin', data.length]]);
      await rt.remove('mp/cut.bin');
    } finally {
      await rt.dispose();
    }
  });
});

describe('cut connections: http', () => {
  let dir: string;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ddex-http-faults-'));
    receiver = await startReceiver(dir, { type: 'bearer', token: 'cut-token' });
  });
  afterAll(async () => {
    await receiver.close();
    await rm(dir, { recursive: true, force: true });
  });
  it('sends the file again after the connection is cut; the receiver holds one complete copy', async () => {
    const port = Number(new URL(receiver.url).port);
    const data = randomBytes(6 * MiB);
    const make = (p: number) => http({ url: `http://127.0.0.1:${p}/`, auth: { type: 'bearer', token: 'cut-token' } });
    const { result, cuts } = await cutUpload(make, port, 'rel/cut.bin', data, 2 * MiB);
    expect(cuts).toBe(1);
    expect(result.attempts).toBeGreaterThanOrEqual(2);
    expect(sha(await readFile(join(dir, 'rel', 'cut.bin')))).toBe(sha(data));
    expect(await readdir(join(dir, 'rel'))).toEqual(['cut.bin']);
  });
});
