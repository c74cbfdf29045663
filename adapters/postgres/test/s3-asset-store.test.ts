import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { ListMultipartUploadsCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { isCatalogStoreError, memoryStore } from '@ddex/catalog-store';
import { makeTenant } from '@ddex/catalog-store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3AssetStore } from '../src/s3/index';
import { emptyPrefix, S3_ENV, testS3Client } from './helpers/live';

const MiB = 1024 * 1024;
const hex = (algo: string, data: Buffer) => createHash(algo).update(data).digest('hex');

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

async function* chunked(data: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

/** Records the name of every command the client sends. */
function recordCommands(client: S3Client): string[] {
  const names: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      names.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'ddexRecordCommands' },
  );
  return names;
}

// What the contract suite cannot see: multipart uploads and copies, credentials, presigned URL expiry, the prefix,
// and that nothing is left behind. Against a real Ceph radosgw.
describe.skipIf(!S3_ENV)('s3 asset store (live)', () => {
  const env = S3_ENV!;
  const run = `pg-s3-${randomBytes(4).toString('hex')}`;
  let client: S3Client;
  let commands: string[];

  beforeAll(() => {
    client = testS3Client();
    commands = recordCommands(client);
  });
  afterAll(async () => {
    await emptyPrefix(client, env.bucket, `${run}/`);
    client?.destroy();
  });

  const rawKeys = async (prefix: string) =>
    ((await client.send(new ListObjectsV2Command({ Bucket: env.bucket, Prefix: prefix }))).Contents ?? []).map(
      (o) => o.Key,
    );

  it('a big body goes up as a parallel multipart upload; digests and content match', async () => {
    const store = s3AssetStore({ client, bucket: env.bucket, prefix: `${run}/mp`, partSize: 5 * MiB });
    const data = randomBytes(12 * MiB + 123);
    commands.length = 0;
    const info = await store.put('t1', 'big/track.wav', chunked(data, 256 * 1024), { contentType: 'audio/wav' });
    expect(info).toMatchObject({ size: data.length, md5: hex('md5', data), sha256: hex('sha256', data) });
    expect(commands.filter((c) => c === 'UploadPartCommand')).toHaveLength(3);
    expect(commands).toContain('CompleteMultipartUploadCommand');
    expect(await store.stat('t1', 'big/track.wav')).toEqual(info);
    expect((await readAll(await store.get('t1', 'big/track.wav'))).equals(data)).toBe(true);
    expect(await rawKeys(`${run}/mp/`)).toEqual([`${run}/mp/t1/big/track.wav`]);
  });

  it('objects above the copy threshold are committed with a multipart copy', async () => {
    const store = s3AssetStore({
      client,
      bucket: env.bucket,
      prefix: `${run}/mpc`,
      partSize: 5 * MiB,
      multipartCopyThreshold: 5 * MiB,
    });
    const data = randomBytes(6 * MiB);
    commands.length = 0;
    const info = await store.put('t1', 'copy.bin', data);
    expect(commands).toContain('UploadPartCopyCommand');
    expect(commands).not.toContain('CopyObjectCommand');
    expect(await store.stat('t1', 'copy.bin')).toEqual(info);
    expect(hex('sha256', await readAll(await store.get('t1', 'copy.bin')))).toBe(info.sha256);
  });

  it('a failed multipart upload leaves no object, no temporary object and no open upload', async () => {
    const prefix = `${run}/fail`;
    const store = s3AssetStore({ client, bucket: env.bucket, prefix, partSize: 5 * MiB });
    async function* broken() {
      yield randomBytes(11 * MiB);
      throw new Error('disk gone');
    }
    await expect(store.put('t1', 'x.wav', broken())).rejects.toThrow('disk gone');
    const err = await store
      .put('t1', 'y.wav', randomBytes(6 * MiB), { expectedSha256: '0'.repeat(64) })
      .catch((e: unknown) => e);
    expect(isCatalogStoreError(err, 'INTEGRITY')).toBe(true);
    expect(await rawKeys(`${prefix}/`)).toEqual([]);
    const uploads = await client.send(new ListMultipartUploadsCommand({ Bucket: env.bucket, Prefix: `${prefix}/` }));
    expect(uploads.Uploads ?? []).toEqual([]);
  });

  it('wrong credentials are refused by the server', async () => {
    const wrong = testS3Client(env, `${env.secretAccessKey}x`);
    try {
      const store = s3AssetStore({ client: wrong, bucket: env.bucket, prefix: `${run}/wrong` });
      const error = (await store.put('t1', 'a.txt', 'x').catch((e: unknown) => e)) as {
        name?: string;
        $metadata?: { httpStatusCode?: number };
      };
      expect({ name: error.name, status: error.$metadata?.httpStatusCode }).toEqual({
        name: 'SignatureDoesNotMatch',
        status: 403,
      });
    } finally {
      wrong.destroy();
    }
  });

  it('presigned GET URLs work until they expire; PUT URLs upload; tampering is refused', async () => {
    const store = s3AssetStore({ client, bucket: env.bucket, prefix: `${run}/url` });
    await store.put('t1', 'cover.jpg', 'jpeg bytes');
    const url = await store.signedUrl!('t1', 'cover.jpg', { expiresIn: 60 });
    expect(await (await fetch(url)).text()).toBe('jpeg bytes');
    const tampered = url.replace('cover.jpg', 'cover.jpeg');
    expect((await fetch(tampered)).status).toBe(403);
    // X-Amz-Date has whole seconds: a 2 s URL has at least 1 s left when it is signed
    const short = await store.signedUrl!('t1', 'cover.jpg', { expiresIn: 2 });
    expect((await fetch(short)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 3100));
    expect((await fetch(short)).status).toBe(403);
    expect((await fetch(url)).status).toBe(200);
    const put = await store.signedUrl!('t1', 'upload.txt', { expiresIn: 60, method: 'PUT' });
    expect((await fetch(put, { method: 'PUT', body: 'direct' })).status).toBe(200);
    expect((await readAll(await store.get('t1', 'upload.txt'))).toString()).toBe('direct');
    const bad = await store.signedUrl!('t1', 'x', { expiresIn: 0 }).catch((e: unknown) => e);
    expect(isCatalogStoreError(bad, 'INVALID_ARGUMENT')).toBe(true);
  });

  it('prefixes keep stores apart; the store plugs into another catalog store (memory here)', async () => {
    const one = s3AssetStore({ client, bucket: env.bucket, prefix: `${run}/one/` });
    const two = s3AssetStore({ client, bucket: env.bucket, prefix: `${run}/two` });
    await one.put('t1', 'a.txt', 'one');
    expect(await two.stat('t1', 'a.txt')).toBeNull();
    expect((await two.list('t1')).items).toEqual([]);
    const catalog = memoryStore({ assets: two });
    await catalog.tenants.create(makeTenant('t1'));
    const info = await catalog.assets.put('t1', 'a.txt', 'two!');
    expect(info.size).toBe(4);
    expect((await one.stat('t1', 'a.txt'))?.size).toBe(3);
    await catalog.close();
    await expect(two.stat('t1', 'a.txt')).rejects.toMatchObject({ code: 'CLOSED' });
    expect(await one.stat('t1', 'a.txt')).not.toBeNull(); // the shared client was not destroyed
  });

  it('a store built from endpoint and credentials works and closes its own client', async () => {
    const store = s3AssetStore({
      endpoint: env.endpoint,
      region: env.region,
      credentials: { accessKeyId: env.accessKeyId, secretAccessKey: env.secretAccessKey },
      bucket: env.bucket,
      prefix: `${run}/own`,
    });
    const info = await store.put('t1', 'x', 'hello');
    expect(info.md5).toBe(hex('md5', Buffer.from('hello')));
    await store.close();
    await store.close();
  });
});
