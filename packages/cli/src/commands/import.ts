import { readdir, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Release } from '@ddex/ern-model';
import { isErnReadError, type ReadIssue, readErnFile, type TakedownRecord } from '@ddex/ern-reader';
import { type Command, InvalidArgumentError } from 'commander';
import { importToStore } from '../catalog/import-to-store';
import type { StoreFlags } from '../catalog/open-store';
import { CliError, type CliIo } from '../io';
import type { ExitCodeSink } from '../program';
import { readerOptions } from './ern-read';

/** What `import` learnt about one file. */
export interface ImportedFile {
  /** path relative to the imported folder */
  readonly file: string;
  /** `read`, `skipped` (an XML file that is not an ERN message, e.g. a batch manifest) or `failed` */
  readonly status: 'read' | 'skipped' | 'failed';
  readonly version?: string;
  readonly messageId?: string;
  /** ids of the releases read from it */
  readonly releases?: string[];
  readonly issues?: ReadIssue[];
  readonly error?: { code: string; message: string };
}

/** The JSON catalog `import` writes: releases by id (a later file replaces an earlier one), takedowns, files. */
export interface ImportCatalog {
  readonly format: 'ddex-distro-catalog';
  readonly version: 1;
  readonly source: string;
  readonly releases: Release[];
  readonly trackReleases: Release[];
  readonly takedowns: (TakedownRecord & { file: string })[];
  readonly files: ImportedFile[];
}

// batch deliveries put a manifest beside the messages; it is not an ERN message
const NOT_MESSAGES = /^(BatchComplete_.*|manifest.*)\.xml$/i;

/** Every .xml file under `dir` (batch folders included), in a stable order; dot folders are left out. */
export async function findXmlFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (folder: string) => {
    const entries = await readdir(folder, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const path = join(folder, e.name);
      if (e.isDirectory()) await walk(path);
      else if (e.isFile() && e.name.toLowerCase().endsWith('.xml')) out.push(path);
    }
  };
  await walk(dir);
  return out;
}

/** Options of `ddex-distro import`. */
export interface ImportOptions extends StoreFlags {
  /** read ERN messages into this JSON catalog file instead of a store */
  output?: string;
  trackReleases?: boolean;
  defaultTerritories?: string;
  /** the tenant to import into */
  tenant: string;
  /** input format; by default from the file name (folder: ERN messages) */
  format?: string;
  /** releases per transaction */
  batchSize: number;
}

/**
 * Reads every ERN message under a folder (recursively, batch folders included) into one JSON catalog file, with
 * progress on stderr. Exit 0 when every message was read, 1 when some failed (they are named).
 */
async function writeErnCatalog(source: string, opts: ImportOptions, io: CliIo, exit: ExitCodeSink): Promise<void> {
  let files: string[];
  let base: string;
  try {
    const info = await stat(source);
    base = info.isDirectory() ? source : join(source, '..');
    files = info.isDirectory() ? await findXmlFiles(source) : [source];
  } catch (cause) {
    throw new CliError(`cannot read ${source}: ${(cause as Error).message}`, 2, { cause });
  }
  const options = { ...readerOptions(opts), trackReleases: opts.trackReleases === true };
  const releases = new Map<string, Release>();
  const trackReleases = new Map<string, Release>();
  const takedowns: ImportCatalog['takedowns'] = [];
  const imported: ImportedFile[] = [];
  let failed = 0;
  for (const [i, path] of files.entries()) {
    const file = relative(base, path) || path;
    const progress = `[${i + 1}/${files.length}] ${file}`;
    if (NOT_MESSAGES.test(path.split(/[\\/]/).pop() ?? '')) {
      imported.push({ file, status: 'skipped' });
      io.stderr(`${progress}: skipped (batch manifest)\n`);
      continue;
    }
    try {
      const result = await readErnFile(path, options);
      for (const r of result.releases) releases.set(r.id, r);
      for (const r of result.trackReleases) trackReleases.set(r.id, r);
      for (const t of result.takedowns) takedowns.push({ ...t, file });
      imported.push({
        file,
        status: 'read',
        version: result.version,
        ...(result.message.id !== undefined && { messageId: result.message.id }),
        releases: result.releases.map((r) => r.id),
        issues: result.issues,
      });
      const errors = result.issues.filter((x) => x.severity === 'error').length;
      io.stderr(
        `${progress}: ERN ${result.version}, ${result.releases.length} release(s), ${result.takedowns.length} takedown(s), ${result.issues.length} issue(s)${errors > 0 ? `, ${errors} error(s)` : ''}\n`,
      );
    } catch (cause) {
      if (!isErnReadError(cause)) throw cause;
      if (cause.code === 'NOT_ERN') {
        imported.push({ file, status: 'skipped', error: { code: cause.code, message: cause.message } });
        io.stderr(`${progress}: skipped (not an ERN message)\n`);
        continue;
      }
      failed++;
      imported.push({ file, status: 'failed', error: { code: cause.code, message: cause.message } });
      io.stderr(`${progress}: FAILED ${cause.code}: ${cause.message}\n`);
    }
  }
  const catalog: ImportCatalog = {
    format: 'ddex-distro-catalog',
    version: 1,
    source,
    releases: [...releases.values()],
    trackReleases: [...trackReleases.values()],
    takedowns,
    files: imported,
  };
  const json = `${JSON.stringify(catalog, null, 2)}\n`;
  if (opts.output) {
    try {
      await writeFile(opts.output, json);
    } catch (cause) {
      throw new CliError(`cannot write ${opts.output}: ${(cause as Error).message}`, 2, { cause });
    }
  } else {
    io.stdout(json);
  }
  io.stderr(
    `imported ${catalog.releases.length} release(s) and ${takedowns.length} takedown(s) from ${files.length} file(s)${
      failed > 0
        ? `; ${failed} failed: ${imported
            .filter((f) => f.status === 'failed')
            .map((f) => f.file)
            .join(', ')}`
        : ''
    }\n`,
  );
  exit(failed > 0 ? 1 : 0);
}

const positive = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 5000)
    throw new InvalidArgumentError('must be a whole number from 1 to 5000');
  return n;
};

/**
 * `ddex-distro import <catalog.json | catalog.jsonl | catalog.csv | folder of ERN files>`: imports a catalog into the
 * store (`--data DIR`, default ./.ddex-distro, or `--postgres URL`), streaming with constant memory, each release
 * all-or-nothing, re-runnable without duplicates. With `-o FILE`, ERN messages are read into a JSON catalog file
 * instead. Exit 0 when every record was imported, 1 when some were rejected (named on stderr), 2 when the input or
 * the store cannot be opened.
 */
export function registerImport(program: Command, io: CliIo, exit: ExitCodeSink): void {
  program
    .command('import')
    .description('import a catalog (JSON, JSONL, CSV or a folder of ERN messages) into the store')
    .argument('<source>', 'catalog.json, catalog.jsonl, catalog.csv, a folder of ERN messages, or one ERN message')
    .option(
      '--data <dir>',
      'data folder of the embedded store (SQLite + files), as for serve (default: ./.ddex-distro)',
    )
    .option('--postgres <url>', 'import into PostgreSQL instead, e.g. postgres://user:pass@host/db')
    .option('--tenant <id>', 'tenant to import into (created with an admin key when missing)', 'default')
    .option('--format <format>', 'json, jsonl, csv or ern (default: from the file name; a folder is ern)')
    .option('--batch-size <n>', 'releases per transaction', positive, 500)
    .option('-o, --output <file>', 'do not import: read ERN messages into this JSON catalog file')
    .option('--track-releases', 'with -o: also keep the track releases of each message')
    .option(
      '--default-territories <codes>',
      'territories for ERN releases without deals, e.g. Worldwide or Worldwide,-KP',
    )
    .action(async (source: string, opts: ImportOptions) => {
      if (opts.output !== undefined) return writeErnCatalog(source, opts, io, exit);
      exit(await importToStore(source, opts, io));
    });
}
