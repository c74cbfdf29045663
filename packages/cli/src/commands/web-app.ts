import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

// The built reference web app (examples/reference-app/dist), which `ddex-distro serve` serves at / and
// `create --template firebase` ships as Hosting's public folder. The app is not published on its own: it comes from a
// DDEX Distro checkout's build, or from a folder named on the command line or in DDEX_DISTRO_WEB_DIR.

/** Where the reference app's build sits in a checkout. */
export const WEB_APP_DIST = 'examples/reference-app/dist';

/** Where {@link findWebApp} looks, besides an explicit folder. */
export interface WebAppSearch {
  /** an explicit folder (`--web <dir>`), used as is: it must hold index.html */
  web?: string;
  /** environment (`DDEX_DISTRO_WEB_DIR`) */
  env?: NodeJS.ProcessEnv;
  /** a DDEX Distro checkout (`--link-workspace`) */
  checkout?: string;
  /** folders to search upwards from for a checkout's build: by default the running script's and the cwd */
  from?: string[];
}

function findUp(start: string, relative: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, relative))) return join(dir, relative);
    if (dirname(dir) === dir) return undefined;
  }
}

/** The running script's folder (the CLI inside a checkout; no import.meta: the CLI is built as CJS too), the cwd. */
function defaultStarts(): string[] {
  const script = process.argv[1];
  const starts = [process.cwd()];
  try {
    if (script) starts.unshift(dirname(realpathSync(script)));
  } catch {
    // not a file (node -e)
  }
  return starts;
}

/**
 * The folder of the built web app, or undefined when there is none: the explicit folder, `DDEX_DISTRO_WEB_DIR`,
 * the checkout's build, then a checkout's build above the CLI itself or the working directory.
 */
export function findWebApp(search: WebAppSearch = {}): string | undefined {
  if (search.web !== undefined) return resolve(search.web);
  const fromEnv = (search.env ?? process.env).DDEX_DISTRO_WEB_DIR;
  if (fromEnv) return resolve(fromEnv);
  const candidates = search.checkout ? [join(resolve(search.checkout), WEB_APP_DIST, 'index.html')] : [];
  for (const start of search.from ?? defaultStarts()) {
    const index = findUp(start, join(WEB_APP_DIST, 'index.html'));
    if (index) candidates.push(index);
  }
  const index = candidates.find((c) => existsSync(c));
  return index ? dirname(index) : undefined;
}

/**
 * Every file of a built web app, path (with `/`) → bytes. A `config.json` in it is left out: the project writes its
 * own.
 *
 * @throws {Error} when the folder has no index.html
 */
export function readWebApp(dir: string): Record<string, Uint8Array> {
  if (!existsSync(join(dir, 'index.html'))) throw new Error(`no index.html in ${dir}: build the web app first`);
  const files: Record<string, Uint8Array> = {};
  const walk = (folder: string, prefix: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = `${prefix}${entry.name}`;
      if (entry.isDirectory()) walk(join(folder, entry.name), `${path}/`);
      else if (entry.isFile() && path !== 'config.json') files[path] = readFileSync(join(folder, entry.name));
    }
  };
  walk(dir, '');
  return files;
}
