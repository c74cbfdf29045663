import { detectErnVersion, validateErn } from '@ddex/ern-writer';
import { createWorkbenchClient } from '@ddex/workbench-client';
import type { Command } from 'commander';
import { CliError, type CliIo, readInput } from '../io';
import type { ExitCodeSink } from '../program';

interface ValidateOptions {
  schemas?: string;
  workbench?: string;
  apiKey?: string;
}

type Finding = { line?: number; column?: number; message: string };

function printFindings(findings: readonly Finding[], io: CliIo): void {
  for (const f of findings) io.stdout(`${f.line ?? 0}:${f.column ?? 0}: ${f.message}\n`);
}

/** `ddex-distro ern validate`: offline XSD validation (or the DDEX Workbench when given). */
export function registerErnValidate(ern: Command, io: CliIo, exit: ExitCodeSink): void {
  ern
    .command('validate')
    .description('validate an ERN message against the official DDEX schemas (offline), or with the DDEX Workbench')
    .argument('<file.xml>', 'ERN message (- for stdin)')
    .option('--schemas <dir>', 'folder with ern-382/, ern-42/, ern-43/ schemas (default: $DDEX_SCHEMA_DIR)')
    .option('--workbench <url>', 'validate with the DDEX Workbench API at this base URL instead')
    .option('--api-key <key>', 'DDEX Workbench API key (default: $DDEX_WORKBENCH_API_KEY)')
    .action(async (file: string, opts: ValidateOptions) => {
      const xml = await readInput(file, io);
      if (xml.trim() === '') throw new CliError(`${file} is empty`, 2);
      if (opts.workbench) {
        const client = createWorkbenchClient({
          baseUrl: opts.workbench,
          apiKey: opts.apiKey ?? process.env.DDEX_WORKBENCH_API_KEY,
        });
        try {
          const ernVersion = detectErnVersion(xml);
          if (ernVersion === undefined)
            throw new CliError(
              `${file} is not an ERN message: its root element is not in an ERN 3.8.2, 4.2 or 4.3 namespace`,
              1,
            );
          const result = await client.validate(xml, { version: ernVersion });
          printFindings(result.errors, io);
          io.stdout(result.valid ? 'valid\n' : '');
          exit(result.valid ? 0 : 1);
        } finally {
          await client.close();
        }
        return;
      }
      const result = await validateErn(xml, { schemaDir: opts.schemas });
      printFindings(result.errors, io);
      if (result.valid) io.stdout(`valid (ERN ${result.version})\n`);
      exit(result.valid ? 0 : 1);
    });
}
