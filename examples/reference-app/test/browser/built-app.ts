// The built reference app the browser suites serve: built on demand for local runs (CI builds before testing).
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** The app's package folder. */
export const APP = join(import.meta.dirname, '../..');
/** The repository root. */
export const ROOT = join(APP, '../..');
/** The built app, as `ddex-distro serve` serves it. */
export const DIST = join(APP, 'dist');

/** Newest modification time under a folder. */
function newest(dir: string): number {
  let max = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    max = Math.max(max, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return max;
}

/** Builds the app when dist is missing or older than its sources (CI builds before testing; this is for local runs). */
export async function ensureBuilt(): Promise<void> {
  const index = join(DIST, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newest(join(APP, 'src'))) return;
  // asynchronously: a blocked worker misses vitest's RPC deadlines
  await promisify(execFile)('npm', ['run', 'build', '-w', '@ddex/reference-app'], { cwd: ROOT, timeout: 300_000 });
  if (!existsSync(index)) throw new Error(`building the app did not produce ${index}`);
}
