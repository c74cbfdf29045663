import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { type ImportIssue, type ImportRecord, importReleases } from '@ddex/catalog-store';
import type { DistroServices } from '@ddex/distro-core';
import { bootstrapTenant } from '@ddex/distro-core/node';
import { isErnReadError, readErnFile } from '@ddex/ern-reader';
import { readerOptions } from '../commands/ern-read';
import { findXmlFiles, type ImportOptions } from '../commands/import';
import { CliError, type CliIo } from '../io';
import { csvRecords } from './csv';
import { csvImportRecords, mergeCsvRelease, splitReleaseIds } from './csv-catalog';
import { jsonArrayElements, textLines } from './json-stream';
import { openCliStore } from './open-store';
import { importProgress } from './progress';

/** Formats `import` reads. */
export const IMPORT_FORMATS = ['json', 'jsonl', 'csv', 'ern'] as const;

/** Text chunks of a file, counting the bytes read (for the progress bar). */
async function* fileChunks(path: string, counter: { bytes: number }): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
    counter.bytes += (chunk as Buffer).length;
    yield decoder.write(chunk as Buffer);
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

async function* jsonRecords(path: string, counter: { bytes: number }): AsyncGenerator<ImportRecord> {
  const name = basename(path);
  for await (const e of jsonArrayElements(fileChunks(path, counter), name)) {
    const ref = `${name}: release ${e.index}`;
    yield e.error === undefined
      ? { ref, value: e.value }
      : { ref, value: undefined, issues: [{ ref, field: '', code: 'not_json', message: e.error }] };
  }
}

async function* jsonlRecords(path: string, counter: { bytes: number }): AsyncGenerator<ImportRecord> {
  const name = basename(path);
  for await (const { line, text } of textLines(fileChunks(path, counter))) {
    if (text.trim() === '') continue;
    const ref = `${name}:${line}`;
    try {
      yield { ref, value: JSON.parse(text) };
    } catch (error) {
      yield {
        ref,
        value: undefined,
        issues: [{ ref, field: '', code: 'not_json', message: (error as Error).message }],
      };
    }
  }
}

async function* ernRecords(
  files: string[],
  base: string,
  opts: ImportOptions,
  done: { files: number },
): AsyncGenerator<ImportRecord> {
  const options = readerOptions(opts);
  for (const path of files) {
    const ref = relative(base, path) || path;
    done.files++;
    if (/^(BatchComplete_.*|manifest.*)\.xml$/i.test(basename(path))) continue;
    try {
      const result = await readErnFile(path, options);
      for (const release of result.releases) yield { ref: `${ref} (${release.id})`, value: release };
    } catch (cause) {
      if (!isErnReadError(cause)) throw cause;
      if (cause.code === 'NOT_ERN') continue;
      yield { ref, value: undefined, issues: [{ ref, field: '', code: cause.code, message: cause.message }] };
    }
  }
}

function formatOf(source: string, isDir: boolean, given?: string): (typeof IMPORT_FORMATS)[number] {
  if (given !== undefined) {
    if (!(IMPORT_FORMATS as readonly string[]).includes(given)) {
      throw new CliError(`--format must be one of ${IMPORT_FORMATS.join(', ')}, not ${given}`, 2);
    }
    return given as (typeof IMPORT_FORMATS)[number];
  }
  if (isDir) return 'ern';
  const ext = source.toLowerCase().split('.').pop();
  if (ext === 'json') return 'json';
  if (ext === 'jsonl' || ext === 'ndjson') return 'jsonl';
  if (ext === 'csv') return 'csv';
  if (ext === 'xml') return 'ern';
  throw new CliError(`cannot tell the format of ${source}; name it .json, .jsonl, .csv or .xml, or give --format`, 2);
}

function printIssue(io: CliIo, i: ImportIssue): void {
  const release = i.releaseId ? ` (release ${i.releaseId})` : '';
  io.stderr(`${i.ref}${release}: ${i.field ? `${i.field}: ` : ''}${i.code}: ${i.message}\n`);
}

/**
 * `import` into a store: picks the reader for the source, makes sure the tenant exists, streams the records through
 * `importReleases` with progress and per-record issues on stderr, and prints a summary. Resolves to the exit code.
 */
export async function importToStore(source: string, opts: ImportOptions, io: CliIo): Promise<number> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(source);
  } catch (cause) {
    throw new CliError(`cannot read ${source}: ${(cause as Error).message}`, 2, { cause });
  }
  const format = formatOf(source, info.isDirectory(), opts.format);
  const counter = { bytes: 0 };
  const done = { files: 0 };
  let records: AsyncIterable<ImportRecord>;
  let total: () => { done: number; of: number; unit: string };
  if (format === 'ern') {
    const files = info.isDirectory() ? await findXmlFiles(source) : [source];
    records = ernRecords(files, info.isDirectory() ? source : join(source, '..'), opts, done);
    total = () => ({ done: done.files, of: files.length, unit: 'files' });
  } else {
    records =
      format === 'json'
        ? jsonRecords(source, counter)
        : format === 'jsonl'
          ? jsonlRecords(source, counter)
          : csvImportRecords(
              csvRecords(fileChunks(source, counter)),
              basename(source),
              await splitReleaseIds(csvRecords(fileChunks(source, { bytes: 0 }))),
            );
    total = () => ({ done: counter.bytes, of: info.size, unit: 'bytes' });
  }
  const { store, where } = await openCliStore(opts);
  try {
    const boot = await bootstrapTenant({ store } as unknown as DistroServices, { tenantId: opts.tenant });
    if (boot.generatedKey) {
      io.stderr(
        `Created tenant "${boot.tenantId}". Admin API key (shown once, keep it safe):\n  ${boot.generatedKey}\n`,
      );
    }
    const started = Date.now();
    const progress = importProgress(io, total);
    const summary = await importReleases(store.releases, opts.tenant, records, {
      batchSize: opts.batchSize,
      ...(format === 'csv' && { merge: mergeCsvRelease }),
      onIssue: (issue) => {
        if (io.interactive) io.stderr('\r\u001b[K');
        printIssue(io, issue);
      },
      onProgress: progress,
    });
    if (io.interactive) io.stderr('\n');
    if (store.optimize && summary.created + summary.updated > 0) {
      io.stderr('optimizing the search index…\n');
      await store.optimize();
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    io.stderr(
      `imported ${source} into ${where} (tenant ${opts.tenant}) in ${seconds} s: ${summary.read} read, ${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.failed} failed\n`,
    );
    return summary.failed > 0 ? 1 : 0;
  } finally {
    await store.close();
  }
}
