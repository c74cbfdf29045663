#!/usr/bin/env node
// `npm start`: the main job of DDEX Distro. Runs the distribution service (REST API, delivery workers and, once
// built, the reference web app) on the embedded default, SQLite + local files under ./.ddex-distro, with a seeded
// demo label: the canonical album and a filesystem "DSP" target, and self-service sign-up on. Extra arguments go to
// `ddex-distro serve`, e.g. `npm start -- --port 9000`.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const child = spawn(
  process.execPath,
  [join(root, 'packages/cli/dist/bin.js'), 'serve', '--seed-demo', '--allow-signup', ...args],
  {
    stdio: 'inherit',
    cwd: root,
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
