import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { isDeliveryError } from '../errors';
import { createDeliveryRuntime, type DeliveryRuntime } from '../runtime';
import type { Transport } from '../types';

/** The subset of vitest the suite uses; pass `import * as vitest from 'vitest'` (STYLE §8, keyv's test-suite). */
export interface VitestLike {
  describe: ((name: string, fn: () => void) => void) & { skip?: unknown };
  it: ((name: string, fn: () => Promise<void> | void, timeout?: number) => void) & {
    skip: (name: string, fn: () => Promise<void> | void) => void;
  };
  // biome-ignore lint/suspicious/noExplicitAny: vitest's expect is generic; the suite only calls a few matchers
  expect: any;
  beforeAll: (fn: () => Promise<void> | void, timeout?: number) => void;
  afterAll: (fn: () => Promise<void> | void, timeout?: number) => void;
}

/** Tests a transport skips, with the reason (hono `runTest({ skip })`). */
export interface SkippedTests {
  /** Why these tests do not apply. */
  reason: string;
  /** Full test names, e.g. `put > resumes a partial upload`. */
  tests: string[];
}

/** Options of {@link describeTransport}. */
export interface DescribeTransportOptions {
  /** Suite name, e.g. `sftp (OpenSSH)`. */
  name: string;
  /** Creates the transport under test; each call should give a fresh transport on the same target. */
  create: () => Transport | Promise<Transport>;
  /** The vitest module. */
  vitest: VitestLike;
  /** Tests that do not apply, each with a reason. */
  skip?: SkippedTests[];
  /**
   * Reads a remote file back by path relative to the transport root (outside the transport, e.g. from the server's
   * directory), so the suite can compare bytes. Without it, content is checked through `stat` sizes and server hashes.
   */
  readBack?: (path: string) => Promise<Uint8Array | undefined>;
  /** More tests, run inside the suite with the shared runtime. */
  extraTests?: (ctx: TransportTestContext) => void;
  /** Per-test timeout in ms. @default 30000 */
  timeout?: number;
}

/** What {@link DescribeTransportOptions.extraTests} get. */
export interface TransportTestContext {
  /** The runtime around the transport (fast retries). */
  runtime: () => DeliveryRuntime;
  /** A directory unique to this run, relative to the transport root. */
  base: string;
}

/** Names of every contract test, for `skip` lists. */
export const TRANSPORT_CONTRACT_TESTS = [
  'capabilities > declares every field and the matching methods',
  'put > uploads bytes and stat reports the size',
  'put > uploads an empty file',
  'put > uploads a 3 MiB stream intact',
  'put > uploads a file from disk',
  'put > replaces an existing file',
  'put > creates missing parent directories',
  'put > leaves no temporary file in the directory',
  'put > rejects a source whose sha256 differs and leaves nothing',
  'put > rejects a stream shorter than declared and leaves nothing',
  'put > refuses to overwrite when overwrite is false',
  'put > abort mid-upload gives CANCELLED and leaves nothing under the name',
  'put > resumes a partial upload',
  'paths > rejects "..", absolute paths and NUL',
  'stat > reports a missing file as undefined',
  'mkdir > is idempotent',
  'rename > moves a file and replaces the target',
  'list > lists files and directories',
  'list > returns [] for a missing directory',
  'remove > deletes a file and ignores a missing one',
  'read > returns the bytes of a file, NOT_FOUND when missing',
  'connection > reconnects after dispose',
  'dispose > is idempotent and later calls fail with DISPOSED',
] as const;

/**
 * The contract every transport passes (STYLE §8): a few lines per transport test file.
 * @example
 * import * as vitest from 'vitest';
 * describeTransport({ name: 'memory', create: () => memory(), vitest });
 */
export function describeTransport(options: DescribeTransportOptions): void {
  const { describe, it, expect, beforeAll, afterAll } = options.vitest;
  const timeout = options.timeout ?? 30_000;
  const skipped = new Map<string, string>();
  for (const s of options.skip ?? []) for (const t of s.tests) skipped.set(t, s.reason);
  const base = `ddex-contract-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  let transport: Transport;
  let rt: DeliveryRuntime;
  const p = (path: string) => `${base}/${path}`;

  const test = (group: string, title: string, fn: () => Promise<void>) => {
    const full = `${group} > ${title}`;
    if (skipped.has(full)) it.skip(`${title} (skipped: ${skipped.get(full)})`, fn);
    else it(title, fn, timeout);
  };
  const bytes = (n: number, seed = 1) => {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = (i * 31 + seed * 7 + (i >> 8)) & 0xff;
    return b;
  };
  const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
  const expectCode = async (promise: Promise<unknown>, code: string) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isDeliveryError(error), `expected a DeliveryError ${code}, got ${String(error)}`).toBe(true);
    expect((error as { code: string }).code).toBe(code);
  };
  const expectContent = async (path: string, data: Uint8Array) => {
    const st = await rt.stat(path);
    expect(st?.type).toBe('file');
    expect(st?.size).toBe(data.length);
    if (st?.sha256) expect(st.sha256).toBe(sha(data));
    if (st?.md5) expect(st.md5).toBe(createHash('md5').update(data).digest('hex'));
    if (options.readBack) {
      const back = await options.readBack(path);
      expect(back && sha(back)).toBe(sha(data));
    }
  };
  const names = async (dir: string) => ((await rt.list(dir)) ?? []).map((e) => e.name).sort();

  describe(`transport contract: ${options.name}`, () => {
    beforeAll(async () => {
      transport = await options.create();
      rt = createDeliveryRuntime(transport, { retries: 2, minTimeout: 20, maxTimeout: 100 });
      await rt.mkdir(base);
    }, 120_000);
    afterAll(async () => {
      // best effort: leave the target as it was (directories stay where the interface cannot remove them)
      if (rt && transport.capabilities.list) await removeTree(rt, base).catch(() => undefined);
      await rt?.dispose();
    }, 120_000);

    describe('capabilities', () => {
      test('capabilities', 'declares every field and the matching methods', async () => {
        const c = transport.capabilities;
        for (const k of ['atomicPut', 'atomicRename', 'resume', 'list', 'concurrent'] as const) {
          expect(typeof c[k]).toBe('boolean');
        }
        expect([false, 'md5', 'sha256']).toContain(c.checksum);
        if (c.list) expect(typeof transport.list).toBe('function');
        if (c.atomicRename) expect(typeof transport.rename).toBe('function');
        expect(typeof transport.name).toBe('string');
      });
    });

    describe('put', () => {
      test('put', 'uploads bytes and stat reports the size', async () => {
        const data = bytes(1000);
        const r = await rt.put(p('small.bin'), { data }, { sha256: sha(data) });
        expect(r.size).toBe(1000);
        expect(r.sha256).toBe(sha(data));
        await expectContent(p('small.bin'), data);
      });
      test('put', 'uploads an empty file', async () => {
        await rt.put(p('empty.bin'), { data: new Uint8Array() });
        await expectContent(p('empty.bin'), new Uint8Array());
      });
      test('put', 'uploads a 3 MiB stream intact', async () => {
        const data = bytes(3 * 1024 * 1024 + 17, 2);
        const stream = (start: number) => Readable.from(chunks(data.subarray(start), 64 * 1024));
        const r = await rt.put(p('big.bin'), { stream }, { size: data.length, sha256: sha(data) });
        expect(r.attempts).toBe(1);
        await expectContent(p('big.bin'), data);
      });
      test('put', 'uploads a file from disk', async () => {
        const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
        const { tmpdir } = await import('node:os');
        const { join } = await import('node:path');
        const dir = await mkdtemp(join(tmpdir(), 'ddex-contract-'));
        const data = bytes(2 * 1024 * 1024 + 3, 3);
        await writeFile(join(dir, 'f.bin'), data);
        try {
          await rt.put(p('disk/f.bin'), { path: join(dir, 'f.bin') }, { sha256: sha(data) });
          await expectContent(p('disk/f.bin'), data);
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      });
      test('put', 'replaces an existing file', async () => {
        await rt.put(p('replace.txt'), { data: 'first version, longer' });
        await rt.put(p('replace.txt'), { data: 'second' });
        await expectContent(p('replace.txt'), Buffer.from('second'));
      });
      test('put', 'creates missing parent directories', async () => {
        await rt.put(p('deep/er/still/x.txt'), { data: 'x' });
        expect(await rt.exists(p('deep/er/still/x.txt'))).toBe(true);
        expect((await rt.stat(p('deep/er')))?.type).toBe('directory');
      });
      test('put', 'leaves no temporary file in the directory', async () => {
        await rt.put(p('clean/a.bin'), { data: bytes(5000) });
        await rt.put(p('clean/b.bin'), { data: bytes(10) });
        expect(await names(p('clean'))).toEqual(['a.bin', 'b.bin']);
      });
      test('put', 'rejects a source whose sha256 differs and leaves nothing', async () => {
        await expectCode(rt.put(p('bad/hash.bin'), { data: bytes(100) }, { sha256: '0'.repeat(64) }), 'INTEGRITY');
        expect(await rt.exists(p('bad/hash.bin'))).toBe(false);
        if (transport.capabilities.list) expect(await names(p('bad'))).toEqual([]);
      });
      test('put', 'rejects a stream shorter than declared and leaves nothing', async () => {
        const data = bytes(1000);
        const stream = () => Readable.from([data.subarray(0, 600)]);
        await expectCode(rt.put(p('short/s.bin'), { stream }, { size: 1000 }), 'INTEGRITY');
        expect(await rt.exists(p('short/s.bin'))).toBe(false);
        if (transport.capabilities.list) expect(await names(p('short'))).toEqual([]);
      });
      test('put', 'refuses to overwrite when overwrite is false', async () => {
        await rt.put(p('keep.txt'), { data: 'original' });
        await expectCode(rt.put(p('keep.txt'), { data: 'new' }, { overwrite: false }), 'EXISTS');
        await expectContent(p('keep.txt'), Buffer.from('original'));
      });
      test('put', 'abort mid-upload gives CANCELLED and leaves nothing under the name', async () => {
        const data = bytes(4 * 1024 * 1024, 4);
        const ac = new AbortController();
        const stream = (start: number) =>
          Readable.from(
            (async function* () {
              let sent = 0;
              for (const c of chunks(data.subarray(start), 64 * 1024)) {
                yield c;
                sent += c.length;
                if (sent >= 1024 * 1024) {
                  ac.abort();
                  await new Promise((r) => setTimeout(r, 50));
                }
              }
            })(),
          );
        await expectCode(rt.put(p('abort/a.bin'), { stream }, { size: data.length, signal: ac.signal }), 'CANCELLED');
        expect(await rt.exists(p('abort/a.bin'))).toBe(false);
        if (transport.capabilities.list) expect(await names(p('abort'))).toEqual([]);
        await rt.put(p('abort/after.txt'), { data: 'still works' });
      });
      test('put', 'resumes a partial upload', async () => {
        if (!transport.capabilities.resume) return;
        const data = bytes(300_000, 5);
        const body = (offset: number) => ({
          size: data.length,
          offset,
          open: () => Readable.from([data.subarray(offset, offset === 0 ? 100_000 : undefined)]),
        });
        await rt.mkdir(p('resume'));
        await rt.connect();
        await transport.put(p('resume/r.bin'), body(0));
        expect((await transport.stat(p('resume/r.bin')))?.size).toBe(100_000);
        await transport.put(p('resume/r.bin'), body(100_000));
        await expectContent(p('resume/r.bin'), data);
      });
    });

    describe('paths', () => {
      test('paths', 'rejects "..", absolute paths and NUL', async () => {
        for (const bad of ['../x', `${base}/../../x`, '/etc/passwd', 'a\u0000b', 'a\\b']) {
          await expectCode(rt.put(bad, { data: 'x' }), 'INVALID_PATH');
          await expectCode(rt.exists(bad), 'INVALID_PATH');
        }
      });
    });

    describe('stat', () => {
      test('stat', 'reports a missing file as undefined', async () => {
        expect(await rt.stat(p('nope/missing.txt'))).toBeUndefined();
        expect(await rt.exists(p('missing.txt'))).toBe(false);
      });
    });

    describe('mkdir', () => {
      test('mkdir', 'is idempotent', async () => {
        await rt.mkdir(p('dir/sub'));
        await rt.mkdir(p('dir/sub'));
        await rt.mkdir(p('dir'));
      });
    });

    describe('rename', () => {
      test('rename', 'moves a file and replaces the target', async () => {
        if (!transport.rename) return;
        await rt.put(p('mv/a.txt'), { data: 'A' });
        await rt.put(p('mv/b.txt'), { data: 'B-old' });
        await rt.rename(p('mv/a.txt'), p('mv/b.txt'));
        expect(await rt.exists(p('mv/a.txt'))).toBe(false);
        await expectContent(p('mv/b.txt'), Buffer.from('A'));
      });
    });

    describe('list', () => {
      test('list', 'lists files and directories', async () => {
        if (!transport.capabilities.list) return;
        await rt.put(p('ls/one.txt'), { data: '1' });
        await rt.put(p('ls/sub/two.txt'), { data: '22' });
        const entries = await rt.list(p('ls'));
        const byName = Object.fromEntries(entries.map((e) => [e.name, e]));
        expect(Object.keys(byName).sort()).toEqual(['one.txt', 'sub']);
        expect(byName['one.txt']?.type).toBe('file');
        expect(byName['one.txt']?.size).toBe(1);
        expect(byName.sub?.type).toBe('directory');
      });
    });

    describe('list (missing)', () => {
      test('list', 'returns [] for a missing directory', async () => {
        if (!transport.capabilities.list) return;
        expect(await rt.list(p('no/such/dir'))).toEqual([]);
      });
    });

    describe('remove', () => {
      test('remove', 'deletes a file and ignores a missing one', async () => {
        await rt.put(p('rm/x.txt'), { data: 'x' });
        await rt.remove(p('rm/x.txt'));
        expect(await rt.exists(p('rm/x.txt'))).toBe(false);
        await rt.remove(p('rm/x.txt'));
      });
    });

    describe('read', () => {
      test('read', 'returns the bytes of a file, NOT_FOUND when missing', async () => {
        if (!transport.read) return;
        const data = bytes(70_000, 6);
        await rt.put(p('read/r.bin'), { data });
        expect(sha(await rt.read(p('read/r.bin')))).toBe(sha(data));
        await expectCode(rt.read(p('read/missing.bin')), 'NOT_FOUND');
      });
    });

    describe('connection', () => {
      test('connection', 'reconnects after dispose', async () => {
        const t = await options.create();
        try {
          await t.connect?.();
          await t.mkdir(p('re'));
          const data = Buffer.from('reconnect');
          await t.put(p('re/x.txt'), { size: data.length, offset: 0, open: () => Readable.from([data]) });
          await t.dispose?.();
          await t.connect?.();
          expect(await t.exists(p('re/x.txt'))).toBe(true);
        } finally {
          await t.dispose?.();
        }
      });
    });

    describe('dispose', () => {
      test('dispose', 'is idempotent and later calls fail with DISPOSED', async () => {
        const other = createDeliveryRuntime(await options.create());
        await other.exists(p('x'));
        await other.dispose();
        await other.dispose();
        await expectCode(other.exists(p('x')), 'DISPOSED');
      });
    });
  });
}

function* chunks(data: Uint8Array, size: number): Generator<Uint8Array> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

async function removeTree(rt: DeliveryRuntime, dir: string): Promise<void> {
  for (const e of await rt.list(dir)) {
    const path = `${dir}/${e.name}`;
    if (e.type === 'directory') await removeTree(rt, path);
    else await rt.remove(path);
  }
}
