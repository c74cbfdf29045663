import { createHash } from 'node:crypto';
import { createRedactor, DeliveryError, type DeliveryErrorCode } from '../errors';
import { defaultExport, importLib } from '../internal/lib';
import { onAbort } from '../internal/lock';
import { mapError } from '../internal/map-error';
import { joinRemote } from '../paths';
import type { LibImport, RemoteStat, TransportFactory } from '../types';
import { delay, maxWriteLength, request, type SftpLane, sessionOpen, writeAll } from './sftp-writer';

/** Transport name of {@link sftp}. */
export const SFTP_TRANSPORT = 'sftp';

/** Optional peer dependencies of {@link sftp}. */
export const SFTP_DEPENDENCIES = ['ssh2-sftp-client'] as const;

/** Callback of an ssh2 SFTP request. */
export type SftpCallback<T = void> = (error: (Error & { code?: unknown }) | undefined | null, value: T) => void;

/** What an ssh2 SFTP STAT answers. */
export interface SftpStats {
  size: number;
  mtime: number;
  isFile(): boolean;
  isDirectory(): boolean;
}

/**
 * The part of ssh2's `SFTP` session (`client.sftp` once connected) the transport calls directly: uploads keep several
 * WRITE requests in flight on one handle, which ssh2-sftp-client offers only for files on disk (`fastPut`, whose
 * writes land out of order) and not for streams (`createWriteStream` waits for each write's status).
 */
export interface SftpSessionLike {
  open(path: string, flags: string, callback: SftpCallback<Buffer>): void;
  write(
    handle: Buffer,
    data: Buffer,
    offset: number,
    length: number,
    position: number,
    callback: SftpCallback<unknown>,
  ): void;
  close(handle: Buffer, callback: SftpCallback<unknown>): void;
  stat(path: string, callback: SftpCallback<SftpStats>): void;
  mkdir(path: string, callback: SftpCallback<unknown>): void;
  on(event: 'close', fn: () => void): unknown;
  removeListener(event: 'close', fn: () => void): unknown;
}

/** The part of ssh2-sftp-client's `Client` the transport uses (typed here so the package does not depend on it). */
export interface SftpClientLike {
  /** The ssh2 `Client`. */
  client: {
    setNoDelay(noDelay: boolean): void;
    /** Opens another SFTP channel on the connection (uploads spread over several, see {@link SftpOptions.channels}). */
    sftp?(callback: SftpCallback<SftpSessionLike>): void;
    on(event: 'close', fn: () => void): unknown;
    removeListener(event: 'close', fn: () => void): unknown;
  };
  /** The ssh2 SFTP session, once connected. */
  sftp?: SftpSessionLike;
  connect(config: Record<string, unknown>): Promise<unknown>;
  end(): Promise<unknown>;
  exists(remote: string): Promise<false | string>;
  posixRename(from: string, to: string): Promise<unknown>;
  list(remote: string): Promise<{ name: string; type: string; size: number; modifyTime: number }[]>;
  delete(remote: string, notFoundOK?: boolean): Promise<unknown>;
  get(remote: string): Promise<unknown>;
}

/** Constructor of ssh2-sftp-client's `Client`. */
export type SftpClientConstructor = new (
  name?: string,
  callbacks?: { error: (e: Error) => void; end: () => void; close: () => void },
) => SftpClientLike;

/** Options of {@link sftp}. */
export interface SftpOptions {
  /** Server host name or address. Required. */
  host: string;
  /** Server port. @default 22 */
  port?: number;
  /** Login name. Required. */
  username: string;
  /** Password (or use `privateKey`). Never logged. */
  password?: string;
  /** Private key in OpenSSH or PEM format. Never logged. */
  privateKey?: string | Buffer;
  /** Passphrase of `privateKey`. Never logged. */
  passphrase?: string;
  /**
   * Pinned SHA-256 fingerprint(s) of the server's host key, as `ssh-keygen -l -E sha256` prints them
   * (`SHA256:base64`). A different key fails with `AUTH`. When absent, any host key is accepted.
   */
  hostFingerprint?: string | string[];
  /** Remote directory the paths are relative to. @default the login directory */
  directory?: string;
  /** Connect and handshake timeout in ms. @default 20000 */
  readyTimeout?: number;
  /** SSH keepalive interval in ms (0 = off). @default 10000 */
  keepaliveInterval?: number;
  /**
   * WRITE requests an upload keeps in flight per channel, for files on disk and streams alike. OpenSSH grants a 2 MiB
   * window per channel (8 requests of 255 KiB); more requests keep it full while the acknowledgements travel back.
   * @default 16
   */
  concurrency?: number;
  /**
   * SFTP channels one connection spreads a large upload over (at most one per 8 MiB to send): each has its own 2 MiB
   * window and its own sftp-server process on an OpenSSH server, so a single file moves at the speed of several
   * transfers. The extra channels are opened on the first large upload and kept with the connection; a server that
   * refuses them (MaxSessions) gets one. 1 turns the feature off. @default 4
   */
  channels?: number;
  /**
   * Bytes per WRITE request, capped at the server's limit (OpenSSH announces 255 KiB; ssh2 assumes about 32 KiB for a
   * server that announces none). Fewer, bigger requests cost the server less CPU. @default 261120
   */
  chunkSize?: number;
  /**
   * SSH algorithm lists handed to ssh2 as they are, e.g. `{ cipher: ['aes128-gcm@openssh.com'] }`. ssh2's own order
   * offers AES-GCM first, the cheapest cipher for OpenSSH on CPUs with AES instructions.
   */
  algorithms?: Record<string, string[]>;
  /** Inject ssh2-sftp-client (bundlers); by default it is imported on first connect. */
  lib?: LibImport<SftpClientConstructor | { default: SftpClientConstructor }>;
}

/**
 * SFTP over SSH via ssh2-sftp-client: key or password auth, host-key pinning, `setNoDelay` after connect (without it
 * small requests wait on Nagle's algorithm), uploads that read the source once (the runtime hashes the same bytes) and
 * keep `concurrency` WRITE requests of `chunkSize` bytes in flight in file order on each of up to `channels` SFTP
 * channels, atomic `posix-rename`, resume from the acknowledged prefix. `getInstance()` returns the connected
 * ssh2-sftp-client `Client`.
 * @example sftp({ host: 'sftp.dsp.example', username: 'label', privateKey, hostFingerprint: 'SHA256:…' })
 */
export const sftp: TransportFactory<SftpOptions, SftpClientLike> = (options) => {
  for (const key of ['host', 'username'] as const) {
    if (!options?.[key])
      throw new DeliveryError('CONFIG', `sftp() needs options.${key}`, { transport: SFTP_TRANSPORT });
  }
  if (!options.password && !options.privateKey) {
    throw new DeliveryError('CONFIG', 'sftp() needs options.password or options.privateKey', {
      transport: SFTP_TRANSPORT,
    });
  }
  const o = Object.freeze({ ...options });
  const redact = createRedactor([o.password, o.passphrase, o.privateKey?.toString()]);
  const pins = [o.hostFingerprint ?? []].flat().map(normalizeFingerprint);
  const root = o.directory ?? '.';
  const remote = (path: string) => joinRemote(root, path);
  let client: SftpClientLike | undefined;
  let closed = true;
  let hostKeyRejected = false;
  // remote directories known to exist on this connection: a delivery puts many files in few folders
  const knownDirs = new Set<string>();
  // extra SFTP channels of this connection for large uploads, opened on first use; none again once one was refused
  let extra: SftpSessionLike[] = [];
  let extraOpening: Promise<void> | undefined;
  let extraRefused = false;
  /** Extra channels worth opening for an upload of `bytes`. */
  const lanesWanted = (bytes: number) =>
    extraRefused ? 0 : Math.max(0, Math.min(o.channels ?? 4, Math.floor(bytes / LANE_MIN_BYTES)) - 1);
  /** Up to `want` extra channels, opening the missing ones (all at once: each costs a few round trips). */
  const extraSessions = async (c: SftpClientLike, want: number): Promise<SftpSessionLike[]> => {
    extra = extra.filter(sessionOpen);
    // a second round when a concurrent upload opened fewer than this one wants
    for (let round = 0; round < 2 && extra.length < want && !extraRefused && client === c; round++) {
      if (!extraOpening) {
        const missing = want - extra.length;
        extraOpening = Promise.all(Array.from({ length: missing }, () => openChannel(c, o.readyTimeout ?? 20_000)))
          .then((opened) => {
            if (client !== c) return;
            for (const s of opened) {
              if (!s) extraRefused = true;
              else extra.push(s);
            }
          })
          .finally(() => (extraOpening = undefined));
      }
      await extraOpening;
    }
    return extra.slice(0, want);
  };

  const fail = (error: unknown, op: string, path?: string, signal?: AbortSignal) =>
    mapError(SFTP_TRANSPORT, error, {
      redact,
      op,
      path,
      signal,
      classify: (e) => (hostKeyRejected ? 'AUTH' : classify(e)),
    });
  const connected = () => {
    if (!client || closed) throw new DeliveryError('CONNECT', 'not connected', { transport: SFTP_TRANSPORT });
    return client;
  };
  const session = () => {
    const s = connected().sftp;
    if (!s) throw new DeliveryError('CONNECT', 'no SFTP session', { transport: SFTP_TRANSPORT });
    return s;
  };
  /** One STAT request; undefined when the server answers NO_SUCH_FILE. */
  const statRemote = async (full: string): Promise<RemoteStat | undefined> => {
    const s = session();
    try {
      const st = await request<SftpStats>(s, (cb) => s.stat(full, cb));
      const file = st.isFile();
      return {
        type: file ? 'file' : st.isDirectory() ? 'directory' : 'other',
        size: file ? st.size : 0,
        modifiedAt: new Date(st.mtime * 1000),
      };
    } catch (e) {
      if ((e as { code?: unknown }).code === NO_SUCH_FILE) return undefined;
      throw e;
    }
  };
  /**
   * Creates `full` and its missing parents. Another client may create one of them between the STAT and the MKDIR
   * (workers opening batch folders under one fresh root): OpenSSH answers that MKDIR with a bare FAILURE, which counts
   * as success when a directory is there afterwards.
   */
  const mkdirp = async (full: string): Promise<void> => {
    if (knownDirs.has(full)) return;
    const st = await statRemote(full);
    if (st && st.type !== 'directory') {
      throw new DeliveryError('EXISTS', `${full} exists and is not a directory`, { transport: SFTP_TRANSPORT });
    }
    if (!st) {
      const parent = full.slice(0, Math.max(0, full.lastIndexOf('/')));
      if (parent && parent !== '.') await mkdirp(parent);
      const s = session();
      try {
        await request(s, (cb) => s.mkdir(full, cb));
      } catch (e) {
        if ((await statRemote(full))?.type !== 'directory') throw e;
      }
    }
    knownDirs.add(full);
  };

  return {
    name: SFTP_TRANSPORT,
    capabilities: { atomicPut: false, atomicRename: true, resume: true, list: true, checksum: false, concurrent: true },
    getInstance: connected,
    async connect(co) {
      const Client = defaultExport(
        await importLib(
          SFTP_TRANSPORT,
          'ssh2-sftp-client',
          o.lib,
          () => import('ssh2-sftp-client') as unknown as Promise<SftpClientConstructor>,
        ),
      ) as SftpClientConstructor;
      // the default callbacks write to the console when the connection drops; the runtime handles that instead
      const c = new Client('ddex-delivery', { error: () => undefined, end: () => undefined, close: () => undefined });
      hostKeyRejected = false;
      const off = onAbort(co?.signal, () => void c.end().catch(() => undefined));
      try {
        await c.connect({
          host: o.host,
          port: o.port ?? 22,
          username: o.username,
          password: o.password,
          privateKey: o.privateKey,
          passphrase: o.passphrase,
          readyTimeout: o.readyTimeout ?? 20_000,
          keepaliveInterval: o.keepaliveInterval ?? 10_000,
          retries: 0,
          ...(o.algorithms && { algorithms: o.algorithms }),
          hostVerifier: pins.length
            ? (key: Buffer) => {
                const ok = pins.includes(createHash('sha256').update(key).digest('base64').replace(/=+$/, ''));
                if (!ok) hostKeyRejected = true;
                return ok;
              }
            : undefined,
        });
      } catch (e) {
        await c.end().catch(() => undefined);
        if (hostKeyRejected) {
          throw new DeliveryError('AUTH', `host key of ${o.host} does not match the pinned fingerprint`, {
            transport: SFTP_TRANSPORT,
          });
        }
        throw fail(e, 'connect', undefined, co?.signal);
      } finally {
        off();
      }
      c.client.setNoDelay(true);
      knownDirs.clear();
      extra = [];
      extraRefused = false;
      closed = false;
      c.client.on('close', () => {
        if (client === c) closed = true;
      });
      client = c;
    },
    async put(path, body, po) {
      const c = connected();
      const s = session();
      const target = remote(path);
      const flags = body.offset > 0 ? 'r+' : 'w';
      const want = lanesWanted(body.size - body.offset);
      const others = want > 0 ? extraSessions(c, want) : Promise.resolve([]);
      others.catch(() => undefined);
      try {
        let handle: Buffer;
        try {
          handle = await request<Buffer>(s, (cb) => s.open(target, flags, cb));
        } catch (e) {
          // a folder this connection saw may have been moved away since: create it again, once
          const parent = target.slice(0, Math.max(0, target.lastIndexOf('/')));
          if ((e as { code?: unknown }).code !== NO_SUCH_FILE || !knownDirs.has(parent)) throw e;
          knownDirs.clear();
          await mkdirp(parent);
          handle = await request<Buffer>(s, (cb) => s.open(target, flags, cb));
        }
        // the first handle created or truncated the file; the other channels open it as it is now
        const lanes: SftpLane[] = [{ session: s, handle }];
        for (const lane of await Promise.all((await others).map((x) => openLane(x, target)))) {
          if (lane) lanes.push(lane);
        }
        await writeAll(lanes, c.client, body, {
          concurrency: Math.max(1, o.concurrency ?? 16),
          chunkSize: Math.max(1, Math.min(o.chunkSize ?? 261_120, maxWriteLength(s))),
          signal: po?.signal,
        });
      } catch (e) {
        throw fail(e, 'put', path, po?.signal);
      }
    },
    async exists(path, eo) {
      try {
        return (await connected().exists(remote(path))) !== false;
      } catch (e) {
        throw fail(e, 'exists', path, eo?.signal);
      }
    },
    async stat(path, so) {
      try {
        return await statRemote(remote(path));
      } catch (e) {
        throw fail(e, 'stat', path, so?.signal);
      }
    },
    async mkdir(path, mo) {
      try {
        await mkdirp(remote(path));
      } catch (e) {
        throw fail(e, 'mkdir', path, mo?.signal);
      }
    },
    async rename(from, to, ro) {
      try {
        // a renamed directory takes the known ones under it along
        knownDirs.clear();
        await connected().posixRename(remote(from), remote(to));
      } catch (e) {
        throw fail(e, 'rename', from, ro?.signal);
      }
    },
    async list(path, lo) {
      try {
        const c = connected();
        if (!(await c.exists(remote(path)))) return [];
        const entries = await c.list(remote(path));
        return entries.map((e) => {
          const type = e.type === '-' ? 'file' : e.type === 'd' ? 'directory' : 'other';
          return {
            name: e.name,
            type,
            size: type === 'file' ? e.size : 0,
            modifiedAt: new Date(e.modifyTime),
          } as const;
        });
      } catch (e) {
        throw fail(e, 'list', path, lo?.signal);
      }
    },
    async read(path, ro) {
      try {
        const data = await connected().get(remote(path));
        return Buffer.isBuffer(data) ? data : Buffer.from(String(data));
      } catch (e) {
        throw fail(e, 'read', path, ro?.signal);
      }
    },
    async remove(path, ro) {
      try {
        await connected().delete(remote(path), true);
      } catch (e) {
        throw fail(e, 'remove', path, ro?.signal);
      }
    },
    async dispose() {
      const c = client;
      client = undefined;
      extra = [];
      if (!c) return;
      const wasOpen = !closed;
      closed = true;
      if (wasOpen) await Promise.race([c.end().catch(() => undefined), new Promise((r) => setTimeout(r, 2000))]);
    },
  };
};

// --- Internal helpers ---

function normalizeFingerprint(fp: string): string {
  return fp
    .trim()
    .replace(/^SHA256:/i, '')
    .replace(/=+$/, '');
}

/** SFTP status NO_SUCH_FILE. */
const NO_SUCH_FILE = 2;

/**
 * Bytes to send per channel of an upload: fewer are not worth the extra handles, and the more is in flight the less
 * is acknowledged when a connection drops (a resume starts from the acknowledged prefix).
 */
const LANE_MIN_BYTES = 8 * 1024 * 1024;

/** Opens one more SFTP channel; undefined when the server refuses it or does not answer in `timeout` ms. */
function openChannel(c: SftpClientLike, timeout: number): Promise<SftpSessionLike | undefined> {
  const open = c.client.sftp;
  if (!open) return Promise.resolve(undefined);
  const opened = new Promise<SftpSessionLike | undefined>((resolve) => {
    try {
      open.call(c.client, (e, s) => resolve(e ? undefined : s));
    } catch {
      resolve(undefined);
    }
  });
  return Promise.race([opened, delay(timeout).then(() => undefined)]);
}

/** The file opened on one more channel, or undefined when that fails (the upload then uses fewer). */
async function openLane(s: SftpSessionLike, target: string): Promise<SftpLane | undefined> {
  try {
    return { session: s, handle: await request<Buffer>(s, (cb) => s.open(target, 'r+', cb)) };
  } catch {
    return undefined;
  }
}

const SFTP_STATUS: Record<number, DeliveryErrorCode> = { 2: 'NOT_FOUND', 3: 'PERMISSION' };

function classify(error: unknown): DeliveryErrorCode | undefined {
  const e = error as { code?: unknown; message?: unknown; level?: unknown };
  const message = String(e?.message ?? '');
  if (typeof e?.code === 'number' && SFTP_STATUS[e.code]) return SFTP_STATUS[e.code];
  if (/authentication methods failed|ERR_BAD_AUTH/i.test(message) || e?.level === 'client-authentication')
    return 'AUTH';
  if (/timed out/i.test(message)) return 'TIMEOUT';
  if (/no such file/i.test(message)) return 'NOT_FOUND';
  if (/permission denied/i.test(message)) return 'PERMISSION';
  if (/no space|quota/i.test(message)) return 'QUOTA';
  if (
    /connection lost|no sftp connection|not connected|no response from server|ECONNRESET|socket|closed/i.test(message)
  )
    return 'CONNECT';
  return undefined;
}
