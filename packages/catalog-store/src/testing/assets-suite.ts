import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { collectPages, expectCode } from './expect-error';
import type { SuiteContext } from './harness';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

const hex = (algo: string, data: Buffer | string) => createHash(algo).update(data).digest('hex');

async function* chunked(data: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < data.length; i += size) {
    await new Promise((r) => setImmediate(r));
    yield data.subarray(i, i + size);
  }
}

/** Asset store tests. @internal */
export function assetTests(ctx: SuiteContext): void {
  const { expect } = ctx.vitest;
  const g = 'assets';
  const A = ctx.tenantA;
  const B = ctx.tenantB;

  ctx.test(g, 'put a stream computes size, MD5 and SHA-256 while streaming; get streams it back', async () => {
    const data = Buffer.alloc(3 * 1024 * 1024 + 17);
    for (let i = 0; i < data.length; i++) data[i] = (i * 31) % 251;
    const info = await ctx.store.assets.put(A, 'audio/01.flac', chunked(data, 64 * 1024), {
      contentType: 'audio/flac',
      metadata: { releaseId: 'rel-1' },
    });
    expect(info).toMatchObject({
      tenantId: A,
      key: 'audio/01.flac',
      size: data.length,
      md5: hex('md5', data),
      sha256: hex('sha256', data),
      contentType: 'audio/flac',
      metadata: { releaseId: 'rel-1' },
    });
    expect(await ctx.store.assets.stat(A, 'audio/01.flac')).toEqual(info);
    const back = await readAll(await ctx.store.assets.get(A, 'audio/01.flac'));
    expect(back.equals(data)).toBe(true);
  });

  ctx.test(g, 'put accepts buffers and strings; empty content is allowed', async () => {
    const a = await ctx.store.assets.put(A, 'a.txt', 'héllo');
    expect(a).toMatchObject({ size: 6, md5: hex('md5', 'héllo'), contentType: 'application/octet-stream' });
    const b = await ctx.store.assets.put(A, 'b.bin', new Uint8Array([1, 2, 3]));
    expect(b.size).toBe(3);
    const e = await ctx.store.assets.put(A, 'empty', '');
    expect(e).toMatchObject({ size: 0, sha256: hex('sha256', '') });
    expect((await readAll(await ctx.store.assets.get(A, 'empty'))).length).toBe(0);
  });

  ctx.test(g, 'put replaces existing content atomically', async () => {
    await ctx.store.assets.put(A, 'cover.jpg', 'old');
    const info = await ctx.store.assets.put(A, 'cover.jpg', 'new content');
    expect(info.size).toBe(11);
    expect((await readAll(await ctx.store.assets.get(A, 'cover.jpg'))).toString()).toBe('new content');
    expect(await ctx.store.assets.stat(A, 'cover.jpg')).toEqual(info);
  });

  ctx.test(g, 'a failing or aborted upload stores nothing and keeps the old content', async () => {
    await ctx.store.assets.put(A, 'x.wav', 'original');
    async function* broken() {
      yield Buffer.from('partial');
      throw new Error('network down');
    }
    await expect(ctx.store.assets.put(A, 'x.wav', broken())).rejects.toThrow('network down');
    await expect(ctx.store.assets.put(A, 'y.wav', broken())).rejects.toThrow('network down');
    const controller = new AbortController();
    async function* slow() {
      yield Buffer.from('one');
      controller.abort();
      yield Buffer.from('two');
    }
    await expectCode(ctx.store.assets.put(A, 'z.wav', slow(), { signal: controller.signal }), 'ABORTED');
    expect((await readAll(await ctx.store.assets.get(A, 'x.wav'))).toString()).toBe('original');
    expect(await ctx.store.assets.stat(A, 'y.wav')).toBeNull();
    expect(await ctx.store.assets.stat(A, 'z.wav')).toBeNull();
    expect((await ctx.store.assets.list(A)).items.map((i) => i.key)).toEqual(['x.wav']);
  });

  ctx.test(g, 'put verifies announced size and digests (INTEGRITY) and stores nothing on mismatch', async () => {
    await expectCode(ctx.store.assets.put(A, 'f', 'abc', { expectedSize: 4 }), 'INTEGRITY');
    await expectCode(ctx.store.assets.put(A, 'f', 'abc', { expectedMd5: hex('md5', 'abd') }), 'INTEGRITY');
    await expectCode(ctx.store.assets.put(A, 'f', 'abc', { expectedSha256: hex('sha256', 'x') }), 'INTEGRITY');
    expect(await ctx.store.assets.stat(A, 'f')).toBeNull();
    const ok = await ctx.store.assets.put(A, 'f', 'abc', {
      expectedSize: 3,
      expectedMd5: hex('md5', 'abc').toUpperCase(),
      expectedSha256: hex('sha256', 'abc'),
    });
    expect(ok.size).toBe(3);
  });

  ctx.test(g, 'keys are normalised', async () => {
    const info = await ctx.store.assets.put(A, 'audio//./disc1\\01.flac', 'x');
    expect(info.key).toBe('audio/disc1/01.flac');
    expect(await ctx.store.assets.stat(A, 'audio/disc1/01.flac')).not.toBeNull();
    expect(await ctx.store.assets.stat(A, './audio/disc1//01.flac')).not.toBeNull();
  });

  ctx.test(g, 'keys with .., absolute paths, NUL or nothing are rejected with INVALID_KEY', async () => {
    for (const key of [
      '../x',
      'a/../../x',
      'a/..',
      '/etc/passwd',
      '\\\\server\\share',
      'C:\\x',
      'a\u0000b',
      '',
      '.',
      '//',
      'a\nb',
    ]) {
      await expectCode(ctx.store.assets.put(A, key, 'x'), 'INVALID_KEY');
      await expectCode(ctx.store.assets.get(A, key), 'INVALID_KEY');
      await expectCode(ctx.store.assets.stat(A, key), 'INVALID_KEY');
      await expectCode(ctx.store.assets.delete(A, key), 'INVALID_KEY');
    }
    await expectCode(ctx.store.assets.put('../tenant', 'x', 'x'), 'INVALID_ARGUMENT');
    expect((await ctx.store.assets.list(A)).items).toEqual([]);
  });

  ctx.test(g, 'get of a missing file is NOT_FOUND, stat is null, delete is false', async () => {
    await expectCode(ctx.store.assets.get(A, 'missing'), 'NOT_FOUND');
    expect(await ctx.store.assets.stat(A, 'missing')).toBeNull();
    expect(await ctx.store.assets.delete(A, 'missing')).toBe(false);
  });

  ctx.test(g, 'delete removes a file', async () => {
    await ctx.store.assets.put(A, 'd/e.txt', 'x');
    expect(await ctx.store.assets.delete(A, 'd/e.txt')).toBe(true);
    expect(await ctx.store.assets.stat(A, 'd/e.txt')).toBeNull();
    await expectCode(ctx.store.assets.get(A, 'd/e.txt'), 'NOT_FOUND');
    expect(await ctx.store.assets.delete(A, 'd/e.txt')).toBe(false);
  });

  ctx.test(g, 'list in key order with prefix and pagination', async () => {
    const keys = ['b/2', 'a/1', 'b/1', 'c', 'b/10', 'bb/1'];
    for (const k of keys) await ctx.store.assets.put(A, k, k);
    const all = await collectPages((cursor) => ctx.store.assets.list(A, { limit: 2, cursor }));
    expect(all.map((i) => i.key)).toEqual(['a/1', 'b/1', 'b/10', 'b/2', 'bb/1', 'c']);
    const b = await collectPages((cursor) => ctx.store.assets.list(A, { prefix: 'b/', limit: 1, cursor }));
    expect(b.map((i) => i.key)).toEqual(['b/1', 'b/10', 'b/2']);
    expect((await ctx.store.assets.list(A, { prefix: 'b' })).items.map((i) => i.key)).toEqual([
      'b/1',
      'b/10',
      'b/2',
      'bb/1',
    ]);
    expect((await ctx.store.assets.list(B)).items).toEqual([]);
  });

  ctx.test(g, 'signed URLs where the backend has them', async () => {
    if (!ctx.store.assets.capabilities.signedUrls) {
      expect(ctx.store.assets.signedUrl).toBeUndefined();
      return;
    }
    await ctx.store.assets.put(A, 'signed.txt', 'signed body');
    const url = await ctx.store.assets.signedUrl!(A, 'signed.txt', { expiresIn: 60 });
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('signed body');
    await expectCode(ctx.store.assets.signedUrl!(A, '../x', { expiresIn: 60 }), 'INVALID_KEY');
  });
}
