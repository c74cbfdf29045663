import type { ImportSummary } from '@ddex/catalog-store';
import type { CliIo } from '../io';

/**
 * Progress of an import on stderr: a bar redrawn in place on a terminal, otherwise one line per batch (logs and CI
 * keep every line).
 */
export function importProgress(io: CliIo, total: () => { done: number; of: number; unit: string }) {
  const started = Date.now();
  return (s: Readonly<ImportSummary>) => {
    const { done, of, unit } = total();
    const share = of > 0 ? Math.min(1, done / of) : 0;
    const counts = `${s.read} read, ${s.created} created, ${s.updated} updated, ${s.unchanged} unchanged, ${s.failed} failed`;
    const rate = Math.round(s.read / Math.max(0.001, (Date.now() - started) / 1000));
    if (io.interactive) {
      const width = 24;
      const bar = '#'.repeat(Math.round(share * width)).padEnd(width, '.');
      io.stderr(`\r[${bar}] ${Math.round(share * 100)}% ${counts} (${rate}/s)\u001b[K`);
    } else {
      io.stderr(`progress: ${Math.round(share * 100)}% of ${of} ${unit}; ${counts}\n`);
    }
  };
}
