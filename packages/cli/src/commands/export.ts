import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { isCatalogStoreError } from '@ddex/catalog-store';
import type { Release } from '@ddex/ern-model';
import type { Command } from 'commander';
import { csvLine } from '../catalog/csv';
import { CSV_HEADER, releaseToCsvRows } from '../catalog/csv-catalog';
import { openCliStore, type StoreFlags } from '../catalog/open-store';
import { CliError, type CliIo, processIo } from '../io';
import type { ExitCodeSink } from '../program';

/** Formats `export` writes (the ones `import` reads). */
export const EXPORT_FORMATS = ['json', 'jsonl', 'csv'] as const;

/** Options of `ddex-distro export`. */
export interface ExportOptions extends StoreFlags {
  /** json, jsonl or csv; default from the -o file name, else json */
  format?: string;
  /** file to write (atomically: a temporary file renamed when complete); stdout without it */
  output?: string;
  /** tenant to export */
  tenant: string;
}

/** Where the export goes: a file or stdout, waiting when the reader is slower (constant memory). */
interface Sink {
  write(text: string): Promise<void>;
  finish(): Promise<void>;
  abort(): Promise<void>;
}

function streamSink(stream: WriteStream | NodeJS.WriteStream, onFinish: () => Promise<void>): Sink {
  let failed: Error | undefined;
  stream.on('error', (e) => {
    failed = e;
  });
  return {
    async write(text) {
      if (failed) throw failed;
      if (!stream.write(text)) await new Promise<void>((ok) => stream.once('drain', () => ok()));
    },
    finish: onFinish,
    abort: async () => undefined,
  };
}

function fileSink(path: string): Sink {
  const temp = `${path}.${process.pid}.tmp`;
  const stream = createWriteStream(temp);
  const closed = () => new Promise<void>((ok, ko) => stream.end((e?: Error | null) => (e ? ko(e) : ok())));
  const sink = streamSink(stream, async () => {
    await closed();
    await rename(temp, path);
  });
  sink.abort = async () => {
    stream.destroy();
    await rm(temp, { force: true });
  };
  return sink;
}

function formatOf(opts: ExportOptions): (typeof EXPORT_FORMATS)[number] {
  const format = opts.format ?? (opts.output?.toLowerCase().match(/\.(jsonl|csv|json)$/)?.[1] || 'json');
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new CliError(`--format must be one of ${EXPORT_FORMATS.join(', ')}, not ${format}`, 2);
  }
  return format as (typeof EXPORT_FORMATS)[number];
}

/** The release as exported: without the owning tenant, so the file imports into any tenant. */
function portable(release: Release): Release {
  const { tenantId: _owner, ...rest } = release;
  return rest as Release;
}

/**
 * `ddex-distro export [--format json|jsonl|csv] [-o FILE]`: writes a tenant's catalog in the formats `import` reads,
 * oldest first, page by page (constant memory), to stdout or atomically to a file. Exit 0, or 2 when the store or
 * file cannot be opened.
 */
export function registerExport(program: Command, io: CliIo, exit: ExitCodeSink): void {
  program
    .command('export')
    .description('export the catalog as JSON, JSONL or CSV (the formats import reads)')
    .option('--format <format>', 'json, jsonl or csv (default: from the -o file name, else json)')
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .option('--data <dir>', 'data folder of the embedded store (default: ./.ddex-distro)')
    .option('--postgres <url>', 'export from PostgreSQL instead')
    .option('--tenant <id>', 'tenant to export', 'default')
    .action(async (opts: ExportOptions) => {
      const format = formatOf(opts);
      const { store, where } = await openCliStore(opts, true);
      const sink = opts.output
        ? fileSink(opts.output)
        : io === processIo
          ? streamSink(process.stdout, async () => undefined)
          : { write: async (t: string) => io.stdout(t), finish: async () => undefined, abort: async () => undefined };
      let count = 0;
      try {
        await store.tenants.get(opts.tenant).catch((cause: unknown) => {
          if (!isCatalogStoreError(cause, 'NOT_FOUND')) throw cause;
          throw new CliError(`no tenant "${opts.tenant}" in ${where}`, 2, { cause });
        });
        if (format === 'csv') await sink.write(csvLine(CSV_HEADER));
        if (format === 'json') await sink.write('[');
        let cursor: string | null = null;
        do {
          const page = await store.releases.list(opts.tenant, { order: 'asc', limit: 500, cursor });
          let text = '';
          for (const record of page.items) {
            const release = portable(record.release);
            if (format === 'json') text += `${count === 0 ? '\n' : ',\n'}${JSON.stringify(release)}`;
            else if (format === 'jsonl') text += `${JSON.stringify(release)}\n`;
            else for (const row of releaseToCsvRows(release)) text += csvLine(row);
            count++;
          }
          await sink.write(text);
          cursor = page.nextCursor;
          if (opts.output)
            io.stderr(`${io.interactive ? '\r' : ''}exported ${count} release(s)${io.interactive ? '' : '\n'}`);
        } while (cursor);
        if (format === 'json') await sink.write(count === 0 ? ']\n' : '\n]\n');
        await sink.finish();
      } catch (error) {
        await sink.abort();
        throw error;
      } finally {
        await store.close();
      }
      io.stderr(
        `${io.interactive && opts.output ? '\n' : ''}exported ${count} release(s) of tenant ${opts.tenant} from ${where} as ${format}${opts.output ? ` to ${opts.output}` : ''}\n`,
      );
      exit(0);
    });
}
