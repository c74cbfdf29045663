import type { DeliveryEvent } from '@ddex/delivery-transports';

/** Bytes and files done over the totals, as `deliver` reports them. */
export interface ProgressState {
  bytes: number;
  totalBytes: number;
  files: number;
  totalFiles: number;
}

/** Draws delivery progress on stderr. */
export interface ProgressView {
  /** bytes moved */
  update(p: ProgressState): void;
  /** a milestone: a file sent (or found complete), the marker */
  event(e: DeliveryEvent): void;
  /** clears the bar */
  end(): void;
}

const WIDTH = 24;

/** Human-readable byte count (1024-based). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 2 : 1)} ${units[u]}`;
}

/**
 * A progress bar (bytes and files): on a terminal, one line redrawn at most every 100 ms with the file lines above
 * it; otherwise (logs, pipes, tests) one line per file with the running totals.
 */
export function createProgressView(write: (text: string) => void, tty: boolean, clock = Date.now): ProgressView {
  const started = clock();
  let last: ProgressState = { bytes: 0, totalBytes: 0, files: 0, totalFiles: 0 };
  let drawnAt = 0;
  let drawn = false;
  const bar = (p: ProgressState) => {
    const ratio = p.totalBytes > 0 ? Math.min(1, p.bytes / p.totalBytes) : p.files / Math.max(1, p.totalFiles);
    const full = Math.round(ratio * WIDTH);
    const seconds = Math.max(0.001, (clock() - started) / 1000);
    return (
      `[${'#'.repeat(full)}${'-'.repeat(WIDTH - full)}] ${String(Math.floor(ratio * 100)).padStart(3)}% ` +
      `${formatBytes(p.bytes)}/${formatBytes(p.totalBytes)}, ${p.files}/${p.totalFiles} files, ` +
      `${formatBytes(Math.round(p.bytes / seconds))}/s`
    );
  };
  const clear = () => {
    if (drawn) write('\r\x1b[K');
    drawn = false;
  };
  const draw = () => {
    write(`\r\x1b[K${bar(last)}`);
    drawn = true;
    drawnAt = clock();
  };
  return {
    update(p) {
      last = p;
      if (tty && clock() - drawnAt >= 100) draw();
    },
    event(e) {
      if (tty) clear();
      if (e.type === 'start') write(`batch ${e.batchId}${e.folder ? ` in ${e.folder}/` : ''}\n`);
      else if (e.type === 'file') {
        const what = e.skipped ? 'already there' : formatBytes(e.size);
        write(`${tty ? '' : `${bar(last)}  `}${e.skipped ? '=' : '+'} ${e.path} (${what})\n`);
      } else write(`+ ${e.path} (completion marker)\n`);
      if (tty && e.type === 'file') draw();
    },
    end() {
      if (tty) clear();
    },
  };
}
