import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  createDeliveryRuntime,
  DELIVERY_ERROR_BRAND,
  DeliveryError,
  type DeliveryErrorCode,
  isDeliveryError,
  memory,
  normalizeRemotePath,
  type PutBody,
  type Transport,
} from '../src';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const err = (code: DeliveryErrorCode, retryable?: boolean) =>
  new DeliveryError(code, code, { transport: 'test', retryable });
const fast = { minTimeout: 1, maxTimeout: 5 };

/** memory() with counters and hooks. */
function instrumented(overrides: Partial<Transport> = {}, caps: Partial<Transport['capabilities']> = {}) {
  const inner = memory();
  const calls = { connect: 0, dispose: 0, put: 0 };
  const t: Transport = {
    ...inner,
    capabilities: { ...inner.capabilities, ...caps },
    async connect() {
      calls.connect++;
    },
    async dispose() {
      calls.dispose++;
    },
    put: (path, body, o) => {
      calls.put++;
      return inner.put(path, body, o);
    },
    ...overrides,
  };
  return { t, inner, calls, files: inner.getInstance() };
}

describe('normalizeRemotePath', () => {
  it('collapses ., empty and trailing segments', () => {
    expect(normalizeRemotePath('a//b/./c/')).toBe('a/b/c');
    expect(normalizeRemotePath('')).toBe('');
    expect(normalizeRemotePath('./')).toBe('');
  });
  it.each(['../a', 'a/../../b', 'a/..', '/abs', 'a\u0000b', 'a\nb', 'a\\b'])('rejects %j with INVALID_PATH', (p) => {
    expect(() => normalizeRemotePath(p)).toThrowError(expect.objectContaining({ code: 'INVALID_PATH' }));
  });
});

describe('DeliveryError', () => {
  it('has a stable code, a brand that survives copies, and a prefixed message', () => {
    const e = new DeliveryError('QUOTA', 'disk full', { transport: 'sftp', cause: new Error('x') });
    expect(e.message).toBe('[ddex-delivery] [sftp] disk full');
    expect(e.retryable).toBe(false);
    expect(isDeliveryError(e)).toBe(true);
    expect(isDeliveryError({ [Symbol.for('ddex:DeliveryError')]: true })).toBe(true);
    expect(isDeliveryError(new Error('x'))).toBe(false);
    expect(e[DELIVERY_ERROR_BRAND]).toBe(true);
    expect(new DeliveryError('CONNECT', 'x', { transport: 't' }).retryable).toBe(true);
    expect(new DeliveryError('TIMEOUT', 'x', { transport: 't' }).retryable).toBe(true);
    expect(new DeliveryError('AUTH', 'x', { transport: 't' }).retryable).toBe(false);
  });
});

describe('createDeliveryRuntime', () => {
  it('connects once for many concurrent calls', async () => {
    const { t, calls } = instrumented();
    const rt = createDeliveryRuntime(t);
    await Promise.all(Array.from({ length: 10 }, (_, i) => rt.put(`f${i}.txt`, { data: `${i}` })));
    expect(calls.connect).toBe(1);
    await rt.dispose();
  });

  it('retries a failed connect on the next attempt', async () => {
    let n = 0;
    const { t } = instrumented({
      async connect() {
        if (n++ < 2) throw err('CONNECT');
      },
    });
    const rt = createDeliveryRuntime(t, fast);
    expect(await rt.exists('x')).toBe(false);
    expect(n).toBe(3);
  });

  it('retries retryable errors with backoff, reconnecting after CONNECT, and reports them to the logger', async () => {
    let fails = 2;
    const warnings: string[] = [];
    const { t, calls, inner } = instrumented({
      async exists(path) {
        if (fails-- > 0) throw err('CONNECT');
        return inner.exists(path);
      },
    });
    const rt = createDeliveryRuntime(t, { minTimeout: 20, maxTimeout: 40, logger: { warn: (m) => warnings.push(m) } });
    const started = Date.now();
    expect(await rt.exists('x')).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
    expect(calls.connect).toBe(3);
    expect(calls.dispose).toBe(2);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/attempt 1 failed \(CONNECT\)/);
  });

  it.each(['AUTH', 'NOT_FOUND', 'PERMISSION', 'QUOTA', 'UNKNOWN'] as const)('does not retry %s', async (code) => {
    let n = 0;
    const { t } = instrumented({
      async exists() {
        n++;
        throw err(code);
      },
    });
    const rt = createDeliveryRuntime(t, fast);
    await expect(rt.exists('x')).rejects.toMatchObject({ code });
    expect(n).toBe(1);
  });

  it('gives up after `retries` retries with the last error', async () => {
    let n = 0;
    const { t } = instrumented({
      async exists() {
        n++;
        throw err('TIMEOUT');
      },
    });
    const rt = createDeliveryRuntime(t, { ...fast, retries: 3 });
    await expect(rt.exists('x')).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(n).toBe(4);
  });

  it('wraps a non-DeliveryError without its message (transports map their own errors)', async () => {
    const { t } = instrumented({
      async exists() {
        throw new Error('password=hunter2 leaked by a library');
      },
    });
    const e = await createDeliveryRuntime(t, fast)
      .exists('x')
      .catch((x: unknown) => x);
    expect(isDeliveryError(e) && e.code).toBe('UNKNOWN');
    expect(String((e as Error).message)).not.toContain('hunter2');
  });

  it('cancels a retry loop when the signal aborts, with CANCELLED', async () => {
    const { t } = instrumented({
      async exists() {
        throw err('CONNECT');
      },
    });
    const rt = createDeliveryRuntime(t, { retries: 10, minTimeout: 200, maxTimeout: 200 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const started = Date.now();
    await expect(rt.exists('x', { signal: ac.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(rt.exists('x', { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('dispose is idempotent; later calls fail with DISPOSED', async () => {
    const { t, calls } = instrumented();
    const rt = createDeliveryRuntime(t);
    await rt.exists('x');
    await rt.dispose();
    await rt.dispose();
    expect(calls.dispose).toBe(1);
    await expect(rt.put('a', { data: 'x' })).rejects.toMatchObject({ code: 'DISPOSED' });
  });

  it('serialises calls when the transport is not concurrent', async () => {
    let active = 0;
    let maxActive = 0;
    const { t, inner } = instrumented(
      {
        async exists(path) {
          active++;
          maxActive = Math.max(maxActive, active);
          await new Promise((r) => setTimeout(r, 5));
          active--;
          return inner.exists(path);
        },
      },
      { concurrent: false },
    );
    const rt = createDeliveryRuntime(t);
    await Promise.all(Array.from({ length: 5 }, (_, i) => rt.exists(`x${i}`)));
    expect(maxActive).toBe(1);
  });

  it('rename and list report UNSUPPORTED when the transport lacks them', async () => {
    const { t } = instrumented({ rename: undefined, list: undefined }, { list: false, atomicRename: false });
    const rt = createDeliveryRuntime(t);
    await expect(rt.rename('a', 'b')).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    await expect(rt.list('')).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });
});

describe('put', () => {
  const data = Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 7) & 0xff));

  /** A put that dies with CONNECT after `cut` bytes on its first `times` attempts. */
  const cutting = (cut: number, times: number) => {
    let attempts = 0;
    const seenOffsets: number[] = [];
    const env = instrumented();
    env.t.put = async (path, body: PutBody, o) => {
      attempts++;
      seenOffsets.push(body.offset);
      if (attempts > times) return env.inner.put(path, body, o);
      const partial = await new Promise<Buffer>((resolve) => {
        const chunks: Buffer[] = [];
        let n = 0;
        const s = body.open();
        s.on('data', (c: Buffer) => {
          chunks.push(c);
          n += c.length;
          if (n >= cut) {
            s.destroy();
            resolve(Buffer.concat(chunks).subarray(0, cut));
          }
        });
      });
      const before = env.files.get(path) ?? new Uint8Array();
      env.files.set(path, Buffer.concat([Buffer.from(before).subarray(0, body.offset), partial]));
      throw err('CONNECT');
    };
    return { ...env, seenOffsets };
  };
  const stream = (start: number) =>
    Readable.from([data.subarray(start, start + 30_000), data.subarray(start + 30_000)]);

  it('uploads to a temporary name and renames it; the final name never holds a partial file', async () => {
    const { t, files } = cutting(40_000, 1);
    const seen: string[] = [];
    const inner = t.put;
    t.put = async (path, body, o) => {
      seen.push(path);
      expect(files.has('dir/final.bin')).toBe(false);
      return inner(path, body, o);
    };
    const rt = createDeliveryRuntime(t, fast);
    const r = await rt.put('dir/final.bin', { stream }, { size: data.length, sha256: sha(data) });
    expect(seen[0]).toMatch(/^dir\/\.final\.bin\.[0-9a-f]{12}\.part$/);
    expect(r).toMatchObject({ attempts: 2, resumed: true, sha256: sha(data), serverChecksum: true });
    expect([...files.keys()]).toEqual(['dir/final.bin']);
    expect(sha(files.get('dir/final.bin')!)).toBe(sha(data));
  });

  it('resumes from the size already on the server', async () => {
    const { t, seenOffsets, files } = cutting(40_000, 2);
    const rt = createDeliveryRuntime(t, fast);
    await rt.put('r.bin', { stream }, { size: data.length, sha256: sha(data) });
    expect(seenOffsets).toEqual([0, 40_000, 80_000]);
    expect(sha(files.get('r.bin')!)).toBe(sha(data));
  });

  it('resumes no later than the prefix the transport reported acknowledged, even when the server holds more', async () => {
    const env = instrumented();
    const offsets: number[] = [];
    const progress: number[] = [];
    env.t.put = async (path, body: PutBody, o) => {
      offsets.push(body.offset);
      if (offsets.length > 1) return env.inner.put(path, body, o);
      // writes in flight landed out of order: the server holds 60,000 bytes, only the first 25,000 were acknowledged
      body.acknowledged?.(0);
      const all: Buffer[] = [];
      for await (const c of body.open()) all.push(c as Buffer);
      const bytes = Buffer.concat(all);
      env.files.set(
        path,
        Buffer.concat([bytes.subarray(0, 25_000), Buffer.alloc(10_000), bytes.subarray(35_000, 60_000)]),
      );
      body.acknowledged?.(25_000);
      throw err('CONNECT');
    };
    const r = await createDeliveryRuntime(env.t, fast).put(
      'ack.bin',
      { stream },
      { size: data.length, sha256: sha(data), onProgress: (b) => progress.push(b) },
    );
    expect(offsets).toEqual([0, 25_000]);
    expect(r.resumed).toBe(true);
    expect(sha(env.files.get('ack.bin')!)).toBe(sha(data));
    // progress follows the acknowledgements, not the 100,000 bytes read ahead of them
    expect(progress.slice(0, 2)).toEqual([0, 25_000]);
  });

  it('restarts from zero when the transport cannot resume', async () => {
    const env = cutting(40_000, 1);
    const t = { ...env.t, capabilities: { ...env.t.capabilities, resume: false } };
    const r = await createDeliveryRuntime(t, fast).put('s.bin', { stream }, { size: data.length });
    expect(env.seenOffsets).toEqual([0, 0]);
    expect(r.resumed).toBe(false);
    expect(sha(env.files.get('s.bin')!)).toBe(sha(data));
  });

  it('retries when the server holds the wrong size, then fails with INTEGRITY and removes the temporary file', async () => {
    const { t, files, inner } = instrumented();
    t.stat = async (path) => {
      const st = await inner.stat(path);
      return st && { ...st, size: st.size - 1 };
    };
    const rt = createDeliveryRuntime(t, { ...fast, retries: 2 });
    await expect(rt.put('w.bin', { data })).rejects.toMatchObject({ code: 'INTEGRITY', retryable: true });
    expect([...files.keys()]).toEqual([]);
  });

  it("compares the server's checksum with the bytes sent", async () => {
    const { t, files, inner } = instrumented();
    let corrupt = 1;
    t.stat = async (path) => {
      const st = await inner.stat(path);
      return st && (corrupt-- > 0 ? { ...st, sha256: '0'.repeat(64) } : st);
    };
    const r = await createDeliveryRuntime(t, fast).put('c.bin', { data });
    expect(r).toMatchObject({ attempts: 2, serverChecksum: true });
    expect(sha(files.get('c.bin')!)).toBe(sha(data));
  });

  it('rejects a source longer than declared, without retrying', async () => {
    const { t, calls, files } = instrumented();
    const long = () => Readable.from([data]);
    await expect(createDeliveryRuntime(t, fast).put('l.bin', { stream: long }, { size: 10 })).rejects.toMatchObject({
      code: 'INTEGRITY',
      retryable: false,
    });
    expect(calls.put).toBe(1);
    expect([...files.keys()]).toEqual([]);
  });

  it('a stream source needs a size; a declared size must match data', async () => {
    const { t } = instrumented();
    const rt = createDeliveryRuntime(t);
    await expect(rt.put('a', { stream: () => Readable.from([]) })).rejects.toMatchObject({ code: 'CONFIG' });
    await expect(rt.put('a', { data: 'abc' }, { size: 4 })).rejects.toMatchObject({ code: 'INTEGRITY' });
    await expect(rt.put('', { data: 'abc' })).rejects.toMatchObject({ code: 'INVALID_PATH' });
  });

  it('uploads straight to the final name when the transport puts atomically', async () => {
    const { t, files } = instrumented({}, { atomicPut: true });
    const seen: string[] = [];
    const inner = t.put;
    t.put = (path, body, o) => {
      seen.push(path);
      return inner(path, body, o);
    };
    await createDeliveryRuntime(t).put('a/b.bin', { data });
    expect(seen).toEqual(['a/b.bin']);
    expect([...files.keys()]).toEqual(['a/b.bin']);
  });

  it('reports progress', async () => {
    const { t } = instrumented();
    const progress: number[] = [];
    await createDeliveryRuntime(t).put('p.bin', { stream }, { size: data.length, onProgress: (b) => progress.push(b) });
    expect(progress.at(-1)).toBe(data.length);
  });
});
