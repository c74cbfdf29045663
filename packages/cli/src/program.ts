import { Command, CommanderError } from 'commander';
import { registerCreate } from './commands/create';
import { registerDeliver } from './commands/deliver';
import { registerErnGenerate } from './commands/ern-generate';
import { registerErnRead } from './commands/ern-read';
import { registerErnValidate } from './commands/ern-validate';
import { registerExport } from './commands/export';
import { registerFirebase } from './commands/firebase';
import { registerImport } from './commands/import';
import { registerReleaseValidate } from './commands/release-validate';
import { registerServe } from './commands/serve';
import { registerTargetTest } from './commands/target-test';
import { CliError, type CliIo, processIo } from './io';
import { CLI_VERSION } from './version';

/** Receives the exit code a command chose. */
export type ExitCodeSink = (code: number) => void;

/** Builds the `ddex-distro` command tree; every command writes through `io` and reports its exit code to `exit`. */
export function createProgram(io: CliIo, exit: ExitCodeSink): Command {
  const program = new Command('ddex-distro')
    .description('DDEX Distro: validate releases, generate and validate DDEX ERN messages, deliver to DSPs')
    .version(CLI_VERSION, '-V, --version')
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .exitOverride();
  const release = program.command('release').description('work with release JSON files');
  registerReleaseValidate(release, io, exit);
  const ern = program.command('ern').description('generate, validate and read DDEX ERN messages');
  registerErnGenerate(ern, io, exit);
  registerErnValidate(ern, io, exit);
  registerErnRead(ern, io, exit);
  registerImport(program, io, exit);
  registerExport(program, io, exit);
  registerServe(program, io, exit);
  registerTargetTest(program.command('target').description('check delivery targets'), io, exit);
  registerDeliver(program, io, exit);
  registerFirebase(program, io, exit);
  registerCreate(program, io, exit);
  return program;
}

/**
 * Runs the CLI with the given arguments (without `node` and the script) and resolves to the exit code:
 * 0 success, 1 the input is invalid, 2 the input could not be read or the command line is wrong.
 */
export async function runCli(args: readonly string[], io: CliIo = processIo): Promise<number> {
  let code = 0;
  const program = createProgram(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync(args as string[], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof CliError) {
      io.stderr(`error: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr(`error: ${(error as Error).message}\n`);
    return 2;
  }
}
