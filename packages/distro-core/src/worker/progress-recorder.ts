import type { DeliveryProgress } from '@ddex/catalog-store';
import type { DeliveryEvent, DeliveryProgressEvent } from '@ddex/delivery-transports';

/** Options of {@link recordProgress}. */
export interface ProgressRecorderOptions {
  /** Stores a reading (the deliveries' package); failures are the caller's to swallow. */
  write(progress: DeliveryProgress): Promise<unknown>;
  /** Appends a log line to the deliveries of the batch. */
  log(message: string, data: Record<string, unknown>): Promise<unknown>;
  /** Clock in ms. */
  now(): number;
  /**
   * Least wait between two readings written while a file is in flight; a finished file is always written.
   * @default 1000
   */
  intervalMs?: number;
}

/** Hooks for `deliver()` that record its progress, and the way to wait for what they still write. */
export interface ProgressRecorder {
  /** `deliver()`'s `onProgress`. */
  onProgress(p: DeliveryProgressEvent): void;
  /** `deliver()`'s `onEvent`: a log line per finished file. */
  onEvent(e: DeliveryEvent): void;
  /** Waits for the writes in hand and ignores later calls; resolves to the last reading, if any. */
  close(): Promise<DeliveryProgress | undefined>;
}

/**
 * Records a running delivery's progress without a store write per chunk: a reading is written at most once per
 * `intervalMs`, plus one each time a file finishes, and never two at once (the newest waiting one wins). Each
 * finished file also gets a log line (`sent <path> (3/12, 4.2 MB)`) so the live log shows the upload file by file.
 */
export function recordProgress(options: ProgressRecorderOptions): ProgressRecorder {
  const intervalMs = options.intervalMs ?? 1000;
  let closed = false;
  let latest: DeliveryProgress | undefined;
  let waiting: DeliveryProgress | undefined;
  let lastWriteAt = Number.NEGATIVE_INFINITY;
  let lastFiles = -1;
  let writing: Promise<void> | undefined;
  let logs: Promise<unknown> = Promise.resolve();

  // one writer at a time: readings that arrive meanwhile replace each other, the newest is written next
  const drain = async () => {
    for (let next = waiting; next; next = waiting) {
      waiting = undefined;
      await options.write(next).catch(() => undefined);
    }
    writing = undefined;
  };

  return {
    onProgress(p) {
      if (closed) return;
      const at = options.now();
      latest = {
        files: p.files,
        totalFiles: p.totalFiles,
        bytes: p.bytes,
        totalBytes: p.totalBytes,
        ...(p.path ? { currentFile: p.path } : {}),
        at: new Date(at).toISOString(),
      };
      if (p.files === lastFiles && at - lastWriteAt < intervalMs) return;
      lastFiles = p.files;
      lastWriteAt = at;
      waiting = latest;
      writing ??= drain();
    },
    onEvent(e) {
      if (closed || e.type !== 'file') return;
      const count = latest ? `${latest.files}/${latest.totalFiles}, ` : '';
      const message = `${e.skipped ? 'already there' : 'sent'} ${e.path} (${count}${formatBytes(e.size)})`;
      logs = logs.then(() => options.log(message, { path: e.path, size: e.size, skipped: e.skipped }));
    },
    async close() {
      closed = true;
      await writing;
      await logs.catch(() => undefined);
      return latest;
    },
  };
}

/** `4.2 MB`: decimal units, one decimal from kB up. */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = n / 1000;
  let i = 0;
  while (value >= 1000 && i < units.length - 1) {
    value /= 1000;
    i++;
  }
  return `${value.toFixed(1)} ${units[i]}`;
}
