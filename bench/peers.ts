// Benchmark peers (other projects we measure against) live outside the workspace lock file: ddex-builder lists
// native optional packages that are not on the registry, which makes `npm ci` refuse any lock that names it.
// So a peer is installed on first use into `.bench-peers/` (git-ignored) at a pinned version.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const PEERS_DIR = join(import.meta.dirname, '..', '.bench-peers');

/** Loads a pinned peer package, installing it into `.bench-peers/` first if it is not there. */
export function requirePeer<T>(name: string, version: string): T {
  const manifest = join(PEERS_DIR, 'node_modules', name, 'package.json');
  if (!existsSync(manifest)) {
    process.stderr.write(`bench: installing peer ${name}@${version} into .bench-peers/\n`);
    execFileSync(
      'npm',
      [
        'install',
        '--prefix',
        PEERS_DIR,
        '--no-save',
        '--no-audit',
        '--no-fund',
        '--omit=optional',
        `${name}@${version}`,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
  }
  return createRequire(join(PEERS_DIR, 'package.json'))(name) as T;
}
