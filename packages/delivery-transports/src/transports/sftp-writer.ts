import { open as openFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { cancelledError, DeliveryError } from '../errors';
import { onAbort } from '../internal/lock';
import type { PutBody } from '../types';
import type { SftpCallback, SftpClientLike, SftpSessionLike } from './sftp';

/** Transport name, for the errors raised here. */
const TRANSPORT = 'sftp';

/** One SFTP channel of an upload with the handle it holds on the remote file. */
export interface SftpLane {
  readonly session: SftpSessionLike;
  readonly handle: Buffer;
}

/** Sends one SFTP request; rejects at once when the session is closed (ssh2 would drop it and never call back). */
export function request<T = unknown>(s: SftpSessionLike, send: (cb: SftpCallback<T>) => void): Promise<T> {
  if (!sessionOpen(s)) return Promise.reject(lostError());
  return new Promise<T>((resolve, reject) => send((e, v) => (e ? reject(e) : resolve(v))));
}

/** Whether ssh2 still sends on the session's channel. */
export function sessionOpen(s: SftpSessionLike): boolean {
  const state = (s as { outgoing?: { state?: unknown } }).outgoing?.state;
  return state === undefined || state === 'open';
}

/**
 * The largest WRITE the server takes (ssh2 reads it from OpenSSH's limits extension). ssh2 splits a bigger one into
 * parts it sends one after the other, which would break the in-order, all-in-flight pattern of {@link writeAll}.
 */
export function maxWriteLength(s: SftpSessionLike): number {
  const max = (s as { _maxWriteLen?: unknown })._maxWriteLen;
  return typeof max === 'number' && max > 0 ? max : Number.POSITIVE_INFINITY;
}

/** The connection was lost (retryable `CONNECT`). */
export const lostError = () => new DeliveryError('CONNECT', 'connection lost', { transport: TRANSPORT });
const isLost = (e: unknown) => (e as { code?: unknown } | undefined)?.code === 'CONNECT';
/** Resolves after `ms` without keeping the process alive. */
export const delay = (ms: number) => new Promise((r) => setTimeout(r, ms).unref());

/** WRITE requests' worth of a file on disk read at a time. */
const READ_CHUNKS = 4;

/** The parts of the ssh2 connection's socket the writer uses. */
interface SocketLike {
  cork?(): void;
  uncork?(): void;
}

/** Options of {@link writeAll}. */
export interface WriteAllOptions {
  /** WRITE requests in flight per lane. */
  concurrency: number;
  /** Bytes per WRITE request. */
  chunkSize: number;
  signal?: AbortSignal;
}

/**
 * Writes `body` through one or more lanes (SFTP channels of one connection, each with its own handle on the file and
 * its own flow-control window) and closes the handles. Reads a file on disk directly (feeding the runtime's hash in
 * file order, so it needs no second read) and a stream once, cuts the bytes into WRITE requests of `chunkSize` bytes
 * (copying only to join small chunks), hands each to the lane with the fewest in flight, keeps the acknowledged prefix
 * for the runtime (a server may apply writes in flight out of order, so a resume starts from there), and sends each
 * lane's CLOSE right behind its last WRITE (requests on one channel are processed in order). The socket is corked
 * while requests are queued, so the eight SSH packets of a WRITE leave in one system call rather than eight.
 */
export async function writeAll(
  lanes: SftpLane[],
  client: SftpClientLike['client'],
  body: PutBody,
  o: WriteAllOptions,
): Promise<void> {
  let failure: unknown;
  let wake: (() => void) | undefined;
  const inFlight = lanes.map(() => 0);
  let total = 0;
  let sent = 0;
  let closing: Promise<unknown>[] | undefined;
  let source: Readable | undefined;
  // end (relative to body.offset) of each request sent, in order, and whether the server acknowledged it
  const ends: number[] = [];
  const acked: boolean[] = [];
  let prefix = 0;
  const sock = (client as { _sock?: SocketLike })._sock;
  let corked = false;
  const uncork = () => {
    corked = false;
    sock?.uncork?.();
  };
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const stop = (error: unknown) => {
    failure ??= error;
    source?.destroy();
    notify();
  };
  const lost = () => stop(lostError());
  const until = async (ready: () => boolean) => {
    while (failure === undefined && !ready()) await new Promise<void>((r) => (wake = r));
    if (failure !== undefined) throw failure;
  };
  /** The lane with the fewest requests in flight, when one has room. */
  const free = (): number | undefined => {
    let best: number | undefined;
    for (let k = 0; k < lanes.length; k++) {
      if (inFlight[k]! < o.concurrency && (best === undefined || inFlight[k]! < inFlight[best]!)) best = k;
    }
    return best;
  };
  const room = () => free() !== undefined;
  const send = (data: Buffer) => {
    const k = free()!;
    const { session: s, handle } = lanes[k]!;
    if (!sessionOpen(s)) return stop(lostError());
    if (sock?.cork && !corked) {
      corked = true;
      sock.cork();
      process.nextTick(uncork);
    }
    const i = ends.length;
    ends.push(sent + data.length);
    acked.push(false);
    const position = body.offset + sent;
    sent += data.length;
    inFlight[k]!++;
    total++;
    s.write(handle, data, 0, data.length, position, (e) => {
      inFlight[k]!--;
      total--;
      if (e) return stop(e);
      acked[i] = true;
      if (i === prefix) {
        while (acked[prefix]) prefix++;
        body.acknowledged?.(ends[prefix - 1]!);
      }
      notify();
    });
  };
  const size = o.chunkSize;
  // ssh2 copies a WRITE that fits the server's limit into its packet before write() returns, so one buffer can serve
  // the whole upload: 200 MB of fresh buffers cost a mark-compact GC every ~100 ms
  const reuse = lanes.every(
    ({ session }) => Number.isFinite(maxWriteLength(session)) && size <= maxWriteLength(session),
  );
  /**
   * A file on disk, read READ_CHUNKS requests at a time into two buffers taken in turn: the next read runs while the
   * lanes take the current one (ssh2 has copied a request into its packet by the time it may be overwritten).
   */
  const sendFile = async (path: string) => {
    const file = await openFile(path, 'r');
    const span = size * READ_CHUNKS;
    const buffers = reuse ? [Buffer.allocUnsafe(span), Buffer.allocUnsafe(span)] : undefined;
    let turn = 0;
    let pos = 0;
    const readNext = () => {
      const buf = buffers ? buffers[turn++ % 2]! : Buffer.allocUnsafe(span);
      const want = Math.min(span, body.size - pos);
      const p = file.read(buf, 0, want, pos).then((r) => ({ ...r, want }));
      pos += want;
      return p;
    };
    let next = body.size > 0 ? readNext() : undefined;
    try {
      while (next) {
        const { bytesRead, buffer, want } = await next;
        // a short read means the file shrank: send what is there and let the size check fail the upload
        next = pos < body.size && bytesRead === want ? readNext() : undefined;
        if (bytesRead === 0 || failure !== undefined) break;
        body.hashLocal?.(buffer.subarray(0, bytesRead));
        for (let i = 0; i < bytesRead; i += size) {
          await until(room);
          send(buffer.subarray(i, Math.min(bytesRead, i + size)));
        }
      }
    } finally {
      // a read still running must finish before its file handle closes
      await next?.catch(() => undefined);
      await file.close();
    }
  };
  /** A stream: requests straight from big chunks, small chunks joined in a staging buffer. */
  const sendStream = async (stream: Readable) => {
    let stage: Buffer | undefined;
    let staged = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (failure !== undefined) return;
      let i = 0;
      while (i < chunk.length) {
        if (staged === 0 && (chunk.length - i >= size || chunk.length >= size)) {
          const end = Math.min(chunk.length, i + size);
          await until(room);
          send(chunk.subarray(i, end));
          i = end;
          continue;
        }
        stage ??= Buffer.allocUnsafe(size);
        const n = chunk.copy(stage, staged, i, Math.min(chunk.length, i + size - staged));
        staged += n;
        i += n;
        if (staged === size) {
          await until(room);
          send(stage);
          if (!reuse) stage = undefined;
          staged = 0;
        }
      }
    }
    await until(room);
    if (stage && staged > 0) send(stage.subarray(0, staged));
  };
  const closeAll = () => lanes.map(({ session: s, handle }) => request(s, (cb) => s.close(handle, cb)));
  client.on('close', lost);
  for (const { session } of lanes) session.on('close', lost);
  const offAbort = onAbort(o.signal, () => stop(cancelledError(TRANSPORT)));
  try {
    body.acknowledged?.(0);
    if (body.localPath && body.offset === 0) await sendFile(body.localPath);
    else {
      source = body.open();
      await sendStream(source);
    }
    if (failure !== undefined) throw failure;
    closing = closeAll();
    for (const c of closing) c.catch(stop);
    await until(() => total === 0);
    await Promise.all(closing);
  } catch (e) {
    failure ??= e;
    // a refused write (full disk, no rights) or a bad source: let the writes in flight settle and close the handles,
    // so a retry on this connection does not race them
    if (!closing && lanes.every(({ session }) => sessionOpen(session)) && !o.signal?.aborted && !isLost(failure)) {
      const settled = (async () => {
        while (total > 0) await new Promise<void>((r) => (wake = r));
      })();
      await Promise.race([settled, delay(5000)]);
      await Promise.race([Promise.all(closeAll().map((c) => c.catch(() => undefined))), delay(5000)]);
    }
    throw failure;
  } finally {
    offAbort();
    client.removeListener('close', lost);
    for (const { session } of lanes) session.removeListener('close', lost);
  }
}
