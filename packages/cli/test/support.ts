import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CliIo, runCli } from '../src';

/** The shared folder beside the repository. */
export const SHARED_DIR = process.env.DDEX_SHARED_DIR ?? join(import.meta.dirname, '../../../../shared');
/** The canonical release. */
export const CANONICAL = join(SHARED_DIR, 'examples/release-album.json');
const REPO = join(import.meta.dirname, '../../..');

/** Runs the CLI in-process and returns what it printed and its exit code. */
export async function cli(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    readStdin: async () => stdin,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

/** Runs the real `ddex-distro` executable from source, as a user would run it. */
export function cliProcess(args: string[], input?: string) {
  const result = spawnSync(
    process.execPath,
    ['--conditions=@ddex/source', '--import', 'tsx', join(REPO, 'packages/cli/src/bin.ts'), ...args],
    {
      cwd: REPO,
      encoding: 'utf8',
      input,
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A temporary folder for files a test writes. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'ddex-cli-'));
}

/** The canonical album as an object to modify. */
export function canonicalAlbum(): any {
  return JSON.parse(readFileSync(CANONICAL, 'utf8'));
}
