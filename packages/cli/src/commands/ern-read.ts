import { writeFile } from 'node:fs/promises';
import {
  type DefaultRights,
  isErnReadError,
  type ReadErnOptions,
  type ReadErnResult,
  type ReadIssue,
  readErn,
  readErnFile,
} from '@ddex/ern-reader';
import type { Command } from 'commander';
import { CliError, type CliIo } from '../io';
import type { ExitCodeSink } from '../program';

interface ReadOptions {
  output?: string;
  all?: boolean;
  defaultTerritories?: string;
}

/** One stderr line for a read issue: `warning unmapped_element /ern:…/CreationDate: message`. */
export function formatReadIssue(issue: ReadIssue): string {
  const path = issue.path === undefined ? '' : ` (${issue.path})`;
  return `${issue.severity} ${issue.code} ${issue.xpath}${path}: ${issue.message}`;
}

/** Reader options from the command line: `--default-territories Worldwide,-KP` gives defaultRights. */
export function readerOptions(opts: { defaultTerritories?: string }): ReadErnOptions {
  if (opts.defaultTerritories === undefined) return {};
  const codes = opts.defaultTerritories
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  const defaultRights: DefaultRights = {
    included: codes.filter((c) => !c.startsWith('-')),
    excluded: codes.filter((c) => c.startsWith('-')).map((c) => c.slice(1)),
  };
  return { defaultRights };
}

/**
 * Reads a message from a file (streamed) or standard input (`-`). A message that is not a readable ERN is a
 * CliError with exit code 1; a file that cannot be read, exit code 2.
 */
export async function readMessage(file: string, io: CliIo, options: ReadErnOptions): Promise<ReadErnResult> {
  try {
    return file === '-' ? readErn(await io.readStdin(), options) : await readErnFile(file, options);
  } catch (cause) {
    if (isErnReadError(cause)) {
      if (cause.code === 'READ_FAILED') throw new CliError(cause.message, 2, { cause });
      throw new CliError(`${file} is not a readable ERN message (${cause.code}): ${cause.message}`, 1, { cause });
    }
    throw cause;
  }
}

/**
 * `ddex-distro ern read <file.xml|-> [-o release.json]`: prints the main release as model JSON (an array when
 * the message holds several), issues on stderr. Exit 0; 1 when the message is not a readable ERN or holds no
 * release and no takedown; 2 when the file cannot be read.
 */
export function registerErnRead(ern: Command, io: CliIo, exit: ExitCodeSink): void {
  ern
    .command('read')
    .description('read an ERN 3.8.2, 4.2 or 4.3 message into release JSON (the model of `release validate`)')
    .argument('<file.xml>', 'ERN message (- for stdin)')
    .option('-o, --output <file>', 'write the JSON to this file instead of standard output')
    .option('--all', 'print everything read: version, header, releases, track releases, takedowns and issues')
    .option('--default-territories <codes>', 'territories for releases without deals, e.g. Worldwide or Worldwide,-KP')
    .action(async (file: string, opts: ReadOptions) => {
      const result = await readMessage(file, io, readerOptions(opts));
      for (const issue of result.issues) io.stderr(`${formatReadIssue(issue)}\n`);
      for (const t of result.takedowns)
        io.stderr(`takedown ${t.method} ${t.releaseId}${t.title ? ` "${t.title}"` : ''}\n`);
      const value = opts.all ? result : result.releases.length === 1 ? result.releases[0] : result.releases;
      const json = `${JSON.stringify(value, null, 2)}\n`;
      if (opts.output) {
        try {
          await writeFile(opts.output, json);
        } catch (cause) {
          throw new CliError(`cannot write ${opts.output}: ${(cause as Error).message}`, 2, { cause });
        }
      } else {
        io.stdout(json);
      }
      const summary = `ERN ${result.version}: ${result.releases.length} release(s), ${result.trackReleases.length} track release(s), ${result.takedowns.length} takedown(s), ${result.issues.length} issue(s)`;
      io.stderr(`${summary}\n`);
      exit(result.releases.length > 0 || result.takedowns.length > 0 ? 0 : 1);
    });
}
