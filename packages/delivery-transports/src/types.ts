import type { Readable } from 'node:stream';

/** Options every async transport method accepts (STYLE §5): uploads of big files must be cancellable. */
export interface AbortableOptions {
  /** Aborts the operation; the promise then rejects with a `CANCELLED` {@link DeliveryError}. */
  readonly signal?: AbortSignal;
}

/**
 * What a transport can do, declared by the transport itself (STYLE §3). Shared code reads these fields and never
 * branches on `transport.name`.
 */
export interface TransportCapabilities {
  /** `put` never exposes a partial file under its name (S3 PUT, an HTTP POST the receiver stores atomically). */
  readonly atomicPut: boolean;
  /** `rename` replaces the target atomically, so the runtime can upload to a temporary name and rename it. */
  readonly atomicRename: boolean;
  /** `put` accepts a non-zero {@link PutBody.offset} and appends to an existing partial file. */
  readonly resume: boolean;
  /** `list` is implemented. */
  readonly list: boolean;
  /**
   * The algorithm of a content hash computed by the server and returned by `stat` (`false` when the server reports
   * none). The runtime compares it with the hash of the bytes it sent.
   */
  readonly checksum: false | 'md5' | 'sha256';
  /** Several operations may run at once over one connection (FTP runs one command at a time: `false`). */
  readonly concurrent: boolean;
}

/** The bytes of one upload, as the runtime hands them to {@link Transport.put}. */
export interface PutBody {
  /** Total size of the file in bytes. */
  readonly size: number;
  /** Byte offset this upload starts at: 0, or the size already on the server when resuming. */
  readonly offset: number;
  /** Opens a stream of the bytes from `offset` to the end. Call it at most once. */
  open(): Readable;
  /**
   * A local file that holds exactly these bytes, when the source is a file on disk and `offset` is 0. A transport may
   * read it directly instead of calling `open()` (SFTP does); it then passes what it read to {@link PutBody.hashLocal}
   * (otherwise the runtime hashes the file itself, in a second read), and the runtime does not resume that upload by
   * size.
   */
  readonly localPath?: string;
  /**
   * Feeds the runtime's hashes (declared MD5/SHA-256, server checksum) with bytes a transport read from
   * {@link PutBody.localPath}: every byte once, in file order. When the upload succeeds and all `size` bytes came
   * through here, the runtime does not read the file again.
   */
  hashLocal?(chunk: Uint8Array): void;
  /**
   * Reports that the server has acknowledged every byte from `offset` to `offset + bytes`. A transport that keeps
   * several writes in flight calls it with 0 once the remote file is open, then as acknowledgements arrive (SFTP): a
   * server may apply the writes in flight out of order, so after a cut the remote size can overstate what landed, and
   * the runtime resumes no later than this point. A transport that never calls it is resumed from the remote size.
   * Once it is called, the upload's progress is reported from it rather than from the bytes read.
   */
  acknowledged?(bytes: number): void;
  /** Declared hex SHA-256 of the whole file, when known. */
  readonly sha256?: string;
  /** Declared hex MD5 of the whole file, when known. */
  readonly md5?: string;
}

/** What `stat` reports about a remote file. */
export interface RemoteStat {
  /** Size in bytes. */
  readonly size: number;
  /** `file`, `directory` or `other`. */
  readonly type: 'file' | 'directory' | 'other';
  /** Last modification time, when the server reports it. */
  readonly modifiedAt?: Date;
  /** Hex MD5 computed by the server, when it reports one (S3 single-part ETag). */
  readonly md5?: string;
  /** Hex SHA-256 computed by the server, when it reports one. */
  readonly sha256?: string;
}

/** One entry of a directory listing. */
export interface RemoteEntry extends RemoteStat {
  /** Entry name (no directory part). */
  readonly name: string;
}

/**
 * A delivery transport: the I/O half of a delivery target. Paths are relative to the transport's root, already
 * normalised by the runtime (`a/b/c.xml`, never absolute, never `..`; `''` is the root itself).
 * Implementations map every failure to a {@link DeliveryError}. Use {@link createDeliveryRuntime} to call one.
 */
export interface Transport<Instance = unknown> {
  /** Protocol name, e.g. `sftp`. Used in error messages and logs only. */
  readonly name: string;
  /** What this transport can do. */
  readonly capabilities: TransportCapabilities;
  /** The raw client (escape hatch, STYLE §7). Throws when not connected and the transport needs a connection. */
  getInstance(): Instance;
  /** Opens the connection. May be called again after `dispose` (the runtime reconnects after a dropped connection). */
  connect?(options?: AbortableOptions): Promise<void>;
  /** Uploads `body` to `path`, creating or replacing it (appending at `body.offset` when resuming). */
  put(path: string, body: PutBody, options?: AbortableOptions): Promise<void>;
  /** Whether a file or directory exists at `path`. */
  exists(path: string, options?: AbortableOptions): Promise<boolean>;
  /** Metadata of `path`, or `undefined` when it does not exist. */
  stat(path: string, options?: AbortableOptions): Promise<RemoteStat | undefined>;
  /** Creates the directory and its parents; succeeds when it exists. A no-op where directories are implicit (S3). */
  mkdir(path: string, options?: AbortableOptions): Promise<void>;
  /** Moves `from` to `to`, replacing `to` (atomically when `capabilities.atomicRename`). */
  rename?(from: string, to: string, options?: AbortableOptions): Promise<void>;
  /** Entries directly under the directory `path`, `[]` when it does not exist (present when `capabilities.list`). */
  list?(path: string, options?: AbortableOptions): Promise<RemoteEntry[]>;
  /**
   * Reads a whole remote file (acknowledgements, probe files); `NOT_FOUND` when it does not exist. Meant for small
   * files: the bytes are held in memory.
   */
  read?(path: string, options?: AbortableOptions): Promise<Uint8Array>;
  /** Deletes the file at `path`; succeeds when it does not exist. */
  remove(path: string, options?: AbortableOptions): Promise<void>;
  /** Closes the connection and frees resources. Must not throw. */
  dispose?(): Promise<void>;
}

/**
 * A transport factory: options in, transport out (STYLE §2). Factories only validate and store options; they never
 * connect. Example: `export const sftp: TransportFactory<SftpOptions, SftpClientLike> = (opts) => ...`.
 */
export type TransportFactory<Options = undefined, Instance = unknown> = undefined extends Options
  ? (options?: Options) => Transport<Instance>
  : (options: Options) => Transport<Instance>;

/** A logger the runtime reports retries and cleanup to. Messages never contain credentials. */
export interface DeliveryLogger {
  /** Detailed progress. */
  debug?(message: string): void;
  /** Normal events. */
  info?(message: string): void;
  /** Retries and failed cleanups. */
  warn?(message: string): void;
}

/**
 * A lazily imported optional dependency: the module itself, or a function returning it (for bundlers and serverless
 * platforms that cannot resolve a dynamic import).
 */
export type LibImport<T> = T | Promise<T> | (() => T | Promise<T>);
