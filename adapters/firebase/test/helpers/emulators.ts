import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

/** Google's Cloud Firestore emulator (the gcloud component, a Java program); override with DDEX_FIRESTORE_EMULATOR. */
export const GOOGLE_EMULATOR =
  process.env.DDEX_FIRESTORE_EMULATOR ??
  '/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud_firestore_emulator';

/** Why Google's emulator cannot run here, or null when it can. */
export function googleEmulatorMissing(): string | null {
  if (!existsSync(GOOGLE_EMULATOR)) {
    return `Google's Firestore emulator is not installed (${GOOGLE_EMULATOR}; apt package google-cloud-cli-firestore-emulator, or set DDEX_FIRESTORE_EMULATOR)`;
  }
  return null;
}

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A running emulator: its `host:port` and how to stop it. */
export interface RunningEmulator {
  /** `127.0.0.1:<port>`, the value of FIRESTORE_EMULATOR_HOST */
  host: string;
  /** stops the emulator */
  stop(): Promise<void>;
}

/** Starts Google's Firestore emulator as a child process (optionally enforcing rules) and waits until it answers. */
export async function startGoogleEmulator(options: { rules?: string } = {}): Promise<RunningEmulator> {
  const port = await freePort();
  const args = ['start', '--host=127.0.0.1', `--port=${port}`];
  if (options.rules) args.push(`--rules=${options.rules}`);
  const child: ChildProcess = spawn(GOOGLE_EMULATOR, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const host = `127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Firestore emulator exited (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`http://${host}/`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Firestore emulator did not start in 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    host,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      // the script starts java as a child: end the whole process group
      process.kill(-child.pid!, 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
    },
  };
}

/** Starts the npm `@firestore-emulator/server` (a JavaScript reimplementation of the protocol) in this process. */
export async function startJsEmulator(): Promise<RunningEmulator> {
  const { FirestoreServer } = await import('@firestore-emulator/server');
  const port = await freePort();
  const server = new FirestoreServer();
  await server.start(port);
  return {
    host: `127.0.0.1:${port}`,
    async stop() {
      await server.stop();
    },
  };
}
