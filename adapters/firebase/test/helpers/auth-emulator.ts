import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { freePort } from './emulators';

/** The firebase-tools version CI installs (.ci/install-tools.sh). */
export const FIREBASE_TOOLS_VERSION = '15.34.2';

/** An installed firebase-tools: its package folder and version. */
export interface FirebaseTools {
  /** the package folder (holding lib/emulator/auth) */
  dir: string;
  /** its package.json version */
  version: string;
}

/** The firebase-tools behind the `firebase` executable on PATH (or in DDEX_FIREBASE_BIN), or why there is none. */
export function findFirebaseTools(): FirebaseTools | string {
  const bin =
    process.env.DDEX_FIREBASE_BIN ??
    (process.env.PATH ?? '')
      .split(delimiter)
      .map((d) => join(d, 'firebase'))
      .find((f) => {
        try {
          accessSync(f, constants.X_OK);
          return true;
        } catch {
          return false;
        }
      });
  if (!bin || !existsSync(bin))
    return `firebase-tools is not installed (npm install -g firebase-tools@${FIREBASE_TOOLS_VERSION})`;
  for (let dir = dirname(realpathSync(bin)); dir !== dirname(dir); dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (!existsSync(pkg)) continue;
    const { name, version } = JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string; version: string };
    if (name !== 'firebase-tools') continue;
    if (!existsSync(join(dir, 'lib/emulator/auth/index.js'))) return `firebase-tools ${version} has no Auth emulator`;
    return { dir, version };
  }
  return `${bin} is not the firebase executable of an npm install of firebase-tools`;
}

/** A running Auth emulator. */
export interface RunningAuthEmulator {
  /** `127.0.0.1:<port>`, the value of FIREBASE_AUTH_EMULATOR_HOST */
  host: string;
  /** the project id the emulator was started for (a `demo-` id: no real project is ever reached) */
  projectId: string;
  /** stops the emulator */
  stop(): Promise<void>;
}

/**
 * Starts the Firebase Auth emulator of `tools` as a child process on a free loopback port and waits until it answers.
 * Offline-safe: no CLI (no update check, no usage tracking), `CI=true`, and a private config folder.
 */
export async function startAuthEmulator(tools: FirebaseTools): Promise<RunningAuthEmulator> {
  const port = await freePort();
  const projectId = `demo-ddex-${randomBytes(3).toString('hex')}`;
  const config = mkdtempSync(join(tmpdir(), 'ddex-auth-emulator-'));
  const main = join(import.meta.dirname, 'auth-emulator-main.mjs');
  const child: ChildProcess = spawn(process.execPath, [main, tools.dir, String(port), projectId], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH, HOME: config, XDG_CONFIG_HOME: config, CI: 'true', NO_UPDATE_NOTIFIER: '1' },
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const host = `127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    rmSync(config, { recursive: true, force: true });
  };
  const deadline = Date.now() + 50_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`Auth emulator exited (${child.exitCode}):\n${output}`);
    }
    try {
      const res = await fetch(`http://${host}/`);
      const body = (await res.json()) as { authEmulator?: { ready?: boolean } };
      if (body.authEmulator?.ready) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Auth emulator did not start in 50 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { host, projectId, stop };
}
