import { readFile } from 'node:fs/promises';

/** Where a command reads and writes; the real process streams by default, buffers in tests. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** all of standard input, for commands given `-` as file */
  readStdin(): Promise<string>;
  /** stderr is a terminal: progress bars redraw in place (default: one line per update) */
  interactive?: boolean;
}

/** The process's own streams. */
export const processIo: CliIo = {
  interactive: process.stderr.isTTY === true,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};

/** A failure that ends the command with a one-line message and an exit code (2: the input could not be read). */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 2, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** Reads a file, or standard input for `-`; an unreadable file is a CliError with exit code 2. */
export async function readInput(file: string, io: CliIo): Promise<string> {
  if (file === '-') return io.readStdin();
  try {
    return await readFile(file, 'utf8');
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (cause as Error).message;
    throw new CliError(`cannot read ${file}: ${reason}`, 2, { cause });
  }
}

/** Reads and parses a JSON file; a file that is not JSON is a CliError with exit code 2. */
export async function readJson(file: string, io: CliIo): Promise<unknown> {
  const text = await readInput(file, io);
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new CliError(`${file} is not valid JSON: ${(cause as Error).message}`, 2, { cause });
  }
}
