/**
 * @module
 * The `ddex-distro` command-line interface. `runCli(args)` runs it in-process (for embedding and tests).
 */
export { summarizeRelease } from './commands/release-validate';
export { CliError, type CliIo, processIo, readInput, readJson } from './io';
export { createProgram, type ExitCodeSink, runCli } from './program';
export { CLI_VERSION } from './version';
