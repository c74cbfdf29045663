import pRetry from 'p-retry';
import { cancelledError, DeliveryError, isAbortError, isDeliveryError } from './errors';
import { Mutex } from './internal/lock';
import { normalizeRemotePath } from './paths';
import { putWithRetries } from './put';
import type { UploadSource } from './source';
import type {
  AbortableOptions,
  DeliveryLogger,
  RemoteEntry,
  RemoteStat,
  Transport,
  TransportCapabilities,
} from './types';

/** Options of {@link createDeliveryRuntime}. */
export interface DeliveryRuntimeOptions {
  /** Retries after the first attempt, for retryable errors only. @default 4 */
  retries?: number;
  /** Delay before the first retry, in ms; doubles each time, with jitter (×1–2). @default 500 */
  minTimeout?: number;
  /** Longest delay between two retries, in ms. @default 10000 */
  maxTimeout?: number;
  /** Receives retry and cleanup messages (never credentials). */
  logger?: DeliveryLogger;
  /**
   * Temporary name an upload goes to before the rename, when the transport renames atomically.
   * @default `.<name>.<random>.part` in the same directory
   */
  tempName?: (path: string, id: string) => string;
  /** Check size (and server hash where reported) after each upload. @default true */
  verify?: boolean;
}

/** Options of {@link DeliveryRuntime.put}. */
export interface RuntimePutOptions extends AbortableOptions {
  /** Size in bytes: required for stream sources, checked for the others. */
  size?: number;
  /** Expected hex SHA-256 of the bytes; a mismatch is an `INTEGRITY` error and nothing is left under the name. */
  sha256?: string;
  /** Expected hex MD5 of the bytes; same rule as `sha256`. */
  md5?: string;
  /** Replace an existing file. @default true */
  overwrite?: boolean;
  /** Progress: bytes acknowledged so far for this file. */
  onProgress?: (bytes: number) => void;
}

/** What {@link DeliveryRuntime.put} reports. */
export interface PutResult {
  /** Normalised remote path. */
  path: string;
  /** Bytes in the file. */
  size: number;
  /** Hex digests of the bytes sent (those that were declared or that the server reports). */
  sha256?: string;
  /** Hex MD5, when computed. */
  md5?: string;
  /** Attempts used (1 = no retry). */
  attempts: number;
  /** Whether an attempt resumed a partial upload instead of starting over. */
  resumed: boolean;
  /** Whether the server's own hash was compared. */
  serverChecksum: boolean;
}

/**
 * The transport as the delivery core uses it (STYLE §4): normalised paths, one shared connection opened on first use
 * and reopened after it drops, retries with exponential backoff and jitter on retryable errors, uploads to a temporary
 * name then renamed, verified size and hash, and an idempotent `dispose`.
 */
export interface DeliveryRuntime<Instance = unknown> {
  /** The transport's name. */
  readonly name: string;
  /** The transport's capabilities. */
  readonly capabilities: TransportCapabilities;
  /** The raw client of the transport. */
  getInstance(): Instance;
  /** Opens the connection now (otherwise the first operation does). */
  connect(options?: AbortableOptions): Promise<void>;
  /** Uploads a file: temporary name + rename where possible, verified, retried. Creates the parent directory. */
  put(path: string, source: UploadSource, options?: RuntimePutOptions): Promise<PutResult>;
  /** Whether `path` exists. */
  exists(path: string, options?: AbortableOptions): Promise<boolean>;
  /** Metadata of `path`, or undefined. */
  stat(path: string, options?: AbortableOptions): Promise<RemoteStat | undefined>;
  /** Creates a directory and its parents. */
  mkdir(path: string, options?: AbortableOptions): Promise<void>;
  /** Renames `from` to `to` (replacing it). `UNSUPPORTED` when the transport cannot rename. */
  rename(from: string, to: string, options?: AbortableOptions): Promise<void>;
  /** Lists a directory. `UNSUPPORTED` when the transport cannot list. */
  list(path: string, options?: AbortableOptions): Promise<RemoteEntry[]>;
  /** Reads a small file whole. `UNSUPPORTED` when the transport cannot read. */
  read(path: string, options?: AbortableOptions): Promise<Uint8Array>;
  /** Deletes a file (no error when absent). */
  remove(path: string, options?: AbortableOptions): Promise<void>;
  /** Closes the connection. Idempotent; later calls fail with `DISPOSED`. */
  dispose(): Promise<void>;
}

/** Internal view the put algorithm uses. */
export interface RuntimeInternals {
  readonly transport: Transport;
  readonly options: Required<Omit<DeliveryRuntimeOptions, 'logger'>> & { logger?: DeliveryLogger };
  /** Runs `op` with retries; `op` gets the attempt number. */
  retry<T>(label: string, signal: AbortSignal | undefined, op: (attempt: number) => Promise<T>): Promise<T>;
  /** Calls the transport with the connection open (and the FTP-style lock held when needed). */
  call<T>(signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T>;
  log(level: keyof DeliveryLogger, message: string): void;
}

/** Wraps a transport in a {@link DeliveryRuntime}. */
export function createDeliveryRuntime<Instance>(
  transport: Transport<Instance>,
  options: DeliveryRuntimeOptions = {},
): DeliveryRuntime<Instance> {
  const opts = Object.freeze({
    retries: options.retries ?? 4,
    minTimeout: options.minTimeout ?? 500,
    maxTimeout: options.maxTimeout ?? 10_000,
    tempName: options.tempName ?? defaultTempName,
    verify: options.verify ?? true,
    logger: options.logger,
  });
  const name = transport.name;
  const lock = transport.capabilities.concurrent ? undefined : new Mutex();
  let connecting: Promise<void> | undefined;
  let generation = 0;
  let disposed = false;

  const log = (level: keyof DeliveryLogger, message: string) => opts.logger?.[level]?.(`[${name}] ${message}`);

  const ensureConnected = (signal?: AbortSignal): Promise<void> => {
    if (disposed) return Promise.reject(new DeliveryError('DISPOSED', 'runtime was disposed', { transport: name }));
    if (!transport.connect) return Promise.resolve();
    if (!connecting) {
      const p = transport.connect({ signal }).catch((e) => {
        if (connecting === p) connecting = undefined;
        throw e;
      });
      connecting = p;
    }
    return connecting;
  };

  const dropConnection = async (gen: number) => {
    if (gen !== generation) return;
    generation++;
    connecting = undefined;
    await transport.dispose?.().catch(() => undefined);
  };

  const toDeliveryError = (error: unknown, signal?: AbortSignal): DeliveryError => {
    if (signal?.aborted || isAbortError(error, signal))
      return isDeliveryError(error) && error.code === 'CANCELLED' ? error : cancelledError(name);
    if (isDeliveryError(error)) return error;
    // transports map their own errors; this keeps only the name of anything that slipped through
    const e = error as { name?: unknown } | undefined;
    return new DeliveryError('UNKNOWN', `unexpected ${String(e?.name ?? typeof error)}`, { transport: name });
  };

  const call = async <T>(signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> => {
    const run = async () => {
      await settleOnAbort(ensureConnected(signal), signal, name);
      const gen = generation;
      try {
        return await settleOnAbort(fn(), signal, name);
      } catch (error) {
        const de = toDeliveryError(error, signal);
        // a dropped or cancelled connection is reopened by the next call
        if (de.code === 'CONNECT' || de.code === 'TIMEOUT' || de.code === 'CANCELLED') await dropConnection(gen);
        throw de;
      }
    };
    return lock ? lock.run(run) : run();
  };

  const retry = async <T>(label: string, signal: AbortSignal | undefined, op: (attempt: number) => Promise<T>) => {
    if (signal?.aborted) throw cancelledError(name);
    try {
      return await pRetry((attempt) => op(attempt), {
        retries: opts.retries,
        factor: 2,
        minTimeout: opts.minTimeout,
        maxTimeout: opts.maxTimeout,
        randomize: true,
        signal,
        shouldRetry: ({ error }) => !signal?.aborted && isDeliveryError(error) && error.retryable,
        onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
          if (isDeliveryError(error) && error.retryable && retriesLeft > 0 && !signal?.aborted)
            log('warn', `${label}: attempt ${attemptNumber} failed (${error.code}), retrying: ${error.message}`);
        },
      });
    } catch (error) {
      throw toDeliveryError(error, signal);
    }
  };

  const internals: RuntimeInternals = { transport, options: opts, retry, call, log };
  const norm = (p: string) => normalizeRemotePath(p, name);
  const simple = <T>(label: string, signal: AbortSignal | undefined, fn: () => Promise<T>) =>
    retry(label, signal, () => call(signal, fn));

  return {
    name,
    capabilities: transport.capabilities,
    getInstance: () => transport.getInstance(),
    connect: (o) => retry('connect', o?.signal, () => call(o?.signal, async () => undefined)),
    put: async (path, source, o = {}) => putWithRetries(internals, norm(path), source, o),
    async exists(path, o) {
      const p = norm(path);
      return simple(`exists ${p}`, o?.signal, () => transport.exists(p, o));
    },
    async stat(path, o) {
      const p = norm(path);
      return simple(`stat ${p}`, o?.signal, () => transport.stat(p, o));
    },
    async mkdir(path, o) {
      const p = norm(path);
      return simple(`mkdir ${p}`, o?.signal, () => transport.mkdir(p, o));
    },
    async rename(from, to, o) {
      const [f, t] = [norm(from), norm(to)];
      const rename = transport.rename;
      if (!rename) throw unsupported(name, 'rename');
      return simple(`rename ${f}`, o?.signal, () => rename.call(transport, f, t, o));
    },
    async list(path, o) {
      const p = norm(path);
      const list = transport.list;
      if (!list || !transport.capabilities.list) throw unsupported(name, 'list');
      return simple(`list ${p}`, o?.signal, () => list.call(transport, p, o));
    },
    async read(path, o) {
      const p = norm(path);
      const read = transport.read;
      if (!read) throw unsupported(name, 'read');
      return simple(`read ${p}`, o?.signal, () => read.call(transport, p, o));
    },
    async remove(path, o) {
      const p = norm(path);
      return simple(`remove ${p}`, o?.signal, () => transport.remove(p, o));
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      connecting = undefined;
      await transport.dispose?.().catch(() => undefined);
    },
  };
}

/**
 * Rejects with `CANCELLED` as soon as `signal` aborts, even when the client library never settles `p` on a hung
 * connection (ssh2-sftp-client's fastPut after `end()`); the caller then drops that connection.
 */
function settleOnAbort<T>(p: Promise<T>, signal: AbortSignal | undefined, transport: string): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) {
    p.catch(() => undefined);
    return Promise.reject(cancelledError(transport));
  }
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      p.catch(() => undefined);
      reject(cancelledError(transport));
    };
    signal.addEventListener('abort', abort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

function unsupported(transport: string, op: string) {
  return new DeliveryError('UNSUPPORTED', `${op} is not supported`, { transport });
}

function defaultTempName(path: string, id: string): string {
  const i = path.lastIndexOf('/');
  return `${path.slice(0, i + 1)}.${path.slice(i + 1)}.${id}.part`;
}
