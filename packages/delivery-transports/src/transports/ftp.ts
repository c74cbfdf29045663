import { Writable } from 'node:stream';
import type { ConnectionOptions } from 'node:tls';
import { createRedactor, DeliveryError, type DeliveryErrorCode } from '../errors';
import { importLib } from '../internal/lib';
import { onAbort } from '../internal/lock';
import { mapError } from '../internal/map-error';
import { joinRemote } from '../paths';
import type { LibImport, RemoteEntry, RemoteStat, TransportFactory } from '../types';

/** Transport name of {@link ftp}. */
export const FTP_TRANSPORT = 'ftp';

/** Optional peer dependencies of {@link ftp}. */
export const FTP_DEPENDENCIES = ['basic-ftp'] as const;

/** The part of basic-ftp's `Client` the transport uses. */
export interface FtpClientLike {
  readonly closed: boolean;
  ftp: { verbose: boolean };
  access(options: Record<string, unknown>): Promise<unknown>;
  uploadFrom(source: NodeJS.ReadableStream, remote: string): Promise<unknown>;
  appendFrom(source: NodeJS.ReadableStream, remote: string): Promise<unknown>;
  size(remote: string): Promise<number>;
  cd(remote: string): Promise<unknown>;
  ensureDir(remote: string): Promise<void>;
  send(command: string, ignoreErrorCodes?: boolean): Promise<{ code: number; message: string }>;
  rename(from: string, to: string): Promise<unknown>;
  list(remote?: string): Promise<{ name: string; type: number; size: number; modifiedAt?: Date }[]>;
  remove(remote: string, ignoreErrorCodes?: boolean): Promise<unknown>;
  downloadTo(destination: NodeJS.WritableStream, remote: string): Promise<unknown>;
  close(): void;
}

/** The basic-ftp module (its `Client` class). */
export interface BasicFtpModule {
  Client: new (timeout?: number) => FtpClientLike;
}

/** Options of {@link ftp}. */
export interface FtpOptions {
  /** Server host name or address. Required. */
  host: string;
  /** Control port. @default 21 */
  port?: number;
  /** Login name. Required. */
  username: string;
  /** Password. Never logged. Required. */
  password: string;
  /** `true` for explicit FTPS (AUTH TLS, then PROT P), `'implicit'` for legacy implicit TLS. @default false */
  secure?: boolean | 'implicit';
  /** TLS options for FTPS: `ca` to trust a private CA, `servername`, ... */
  tls?: ConnectionOptions;
  /** Remote directory the paths are relative to. @default '/' */
  directory?: string;
  /** Timeout of the control and data connections in ms. @default 30000 */
  timeout?: number;
  /** Inject basic-ftp (bundlers); by default it is imported on first connect. */
  lib?: LibImport<BasicFtpModule>;
}

/**
 * FTP and FTPS (explicit or implicit TLS) via basic-ftp, always in passive mode. One command at a time per
 * connection (`concurrent: false`: the runtime queues calls). Uploads resume with APPE, renames use RNFR/RNTO.
 * `getInstance()` returns the connected basic-ftp `Client`.
 * @example ftp({ host: 'ftp.dsp.example', username: 'label', password, secure: true })
 */
export const ftp: TransportFactory<FtpOptions, FtpClientLike> = (options) => {
  for (const key of ['host', 'username', 'password'] as const) {
    if (!options?.[key]) throw new DeliveryError('CONFIG', `ftp() needs options.${key}`, { transport: FTP_TRANSPORT });
  }
  const o = Object.freeze({ ...options });
  const redact = createRedactor([o.password]);
  const root = o.directory ?? '/';
  const remote = (path: string) => joinRemote(root, path);
  let client: FtpClientLike | undefined;

  const fail = (error: unknown, op: string, path?: string, signal?: AbortSignal) =>
    mapError(FTP_TRANSPORT, error, { redact, op, path, signal, classify });
  const connected = () => {
    if (!client || client.closed) throw new DeliveryError('CONNECT', 'not connected', { transport: FTP_TRANSPORT });
    return client;
  };
  /** Runs `fn`; an abort closes the connection, which is the only way to stop a basic-ftp transfer. */
  const run = async <T>(
    op: string,
    path: string | undefined,
    signal: AbortSignal | undefined,
    fn: (c: FtpClientLike) => Promise<T>,
  ) => {
    const c = connected();
    const off = onAbort(signal, () => c.close());
    try {
      return await fn(c);
    } catch (e) {
      throw fail(e, op, path, signal);
    } finally {
      off();
    }
  };
  const statOf = async (c: FtpClientLike, path: string): Promise<RemoteStat | undefined> => {
    try {
      return { type: 'file', size: await c.size(remote(path)) };
    } catch (e) {
      if (!isReply(e, 550)) throw e;
    }
    try {
      await c.cd(remote(path));
      return { type: 'directory', size: 0 };
    } catch (e) {
      if (isReply(e, 550)) return undefined;
      throw e;
    } finally {
      await c.cd('/').catch(() => undefined);
    }
  };

  return {
    name: FTP_TRANSPORT,
    capabilities: {
      atomicPut: false,
      atomicRename: true,
      resume: true,
      list: true,
      checksum: false,
      concurrent: false,
    },
    getInstance: connected,
    async connect(co) {
      const lib = await importLib(
        FTP_TRANSPORT,
        'basic-ftp',
        o.lib,
        () => import('basic-ftp') as Promise<BasicFtpModule>,
      );
      const c = new lib.Client(o.timeout ?? 30_000);
      c.ftp.verbose = false;
      const off = onAbort(co?.signal, () => c.close());
      try {
        await c.access({
          host: o.host,
          port: o.port ?? 21,
          user: o.username,
          password: o.password,
          secure: o.secure ?? false,
          secureOptions: o.tls,
        });
      } catch (e) {
        c.close();
        throw fail(e, 'connect', undefined, co?.signal);
      } finally {
        off();
      }
      client = c;
    },
    put: (path, body, po) =>
      run('put', path, po?.signal, async (c) => {
        const source = body.open();
        await (body.offset > 0 ? c.appendFrom(source, remote(path)) : c.uploadFrom(source, remote(path)));
      }),
    exists: (path, eo) => run('exists', path, eo?.signal, async (c) => (await statOf(c, path)) !== undefined),
    stat: (path, so) => run('stat', path, so?.signal, (c) => statOf(c, path)),
    mkdir: (path, mo) =>
      run('mkdir', path, mo?.signal, async (c) => {
        try {
          await c.ensureDir(remote(path));
        } catch (e) {
          // basic-ftp ignores a refused MKD and reports the CWD after it ("No such file"): find the real reason
          if (isReply(e, 550)) await makeDirs(c, remote(path));
          throw e;
        } finally {
          await c.cd('/').catch(() => undefined);
        }
      }),
    rename: (from, to, ro) =>
      run('rename', from, ro?.signal, async (c) => {
        await c.rename(remote(from), remote(to));
      }),
    list: (path, lo) =>
      run('list', path, lo?.signal, async (c) => {
        const entries = await c.list(remote(path)).catch((e: unknown) => {
          if (isReply(e, 550) || isReply(e, 450)) return [];
          throw e;
        });
        return entries
          .filter((e) => e.name !== '.' && e.name !== '..')
          .map((e): RemoteEntry => {
            const type = e.type === 1 ? 'file' : e.type === 2 ? 'directory' : 'other';
            return { name: e.name, type, size: type === 'file' ? e.size : 0, modifiedAt: e.modifiedAt };
          });
      }),
    read: (path, ro) =>
      run('read', path, ro?.signal, async (c) => {
        const chunks: Buffer[] = [];
        const sink = new Writable({
          write(chunk: Buffer, _enc, cb) {
            chunks.push(chunk);
            cb();
          },
        });
        await c.downloadTo(sink, remote(path));
        return Buffer.concat(chunks);
      }),
    remove: (path, ro) =>
      run('remove', path, ro?.signal, async (c) => {
        await c.remove(remote(path), true);
      }),
    async dispose() {
      client?.close();
      client = undefined;
    },
  };
};

// --- Internal helpers ---

/** Creates `dir` one level at a time, so a refused MKD throws with the server's own reply (permission, quota). */
async function makeDirs(c: FtpClientLike, dir: string): Promise<void> {
  if (dir.startsWith('/')) await c.cd('/');
  for (const part of dir.split('/').filter(Boolean)) {
    try {
      await c.cd(part);
    } catch (e) {
      if (!isReply(e, 550)) throw e;
      await c.send(`MKD ${part}`);
      await c.cd(part);
    }
  }
}

function isReply(error: unknown, code: number): boolean {
  return (error as { code?: unknown })?.code === code;
}

function classify(error: unknown): DeliveryErrorCode | undefined {
  const e = error as { code?: unknown; message?: unknown };
  const message = String(e?.message ?? '');
  if (typeof e?.code === 'number') {
    const c = e.code;
    if (c === 530 || c === 331 || c === 332) return 'AUTH';
    if (c === 552 || c === 452) return 'QUOTA';
    if (c === 553 || c === 532) return 'PERMISSION';
    if (c === 550) return /permission|denied|not allowed|read-only/i.test(message) ? 'PERMISSION' : 'NOT_FOUND';
    if (c === 421 || c === 425 || c === 426) return 'CONNECT';
    if (c >= 400 && c < 500) return 'SERVER';
    return 'PROTOCOL';
  }
  if (/certificate|self.signed|CERT_/i.test(`${message} ${String(e?.code ?? '')}`)) return 'AUTH';
  if (/timeout/i.test(message)) return 'TIMEOUT';
  if (/closed|ECONNRESET|socket|connection/i.test(message)) return 'CONNECT';
  return undefined;
}
