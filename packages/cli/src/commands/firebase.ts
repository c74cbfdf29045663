import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { CliError, type CliIo } from '../io';
import type { ExitCodeSink } from '../program';
import { hasEmulatorHosting, prepareEmulatorHosting } from './emulator-hosting';

// `init --firebase`, `deploy`, `emulators` and `firebase set-claims`, plus the files of `create --template firebase`.
// The project files come from @ddex/adapter-firebase (an optional peer: loaded only when these commands run).
type ProjectModule = typeof import('@ddex/adapter-firebase/project');

async function project(): Promise<ProjectModule> {
  try {
    return await import('@ddex/adapter-firebase/project');
  } catch (cause) {
    throw new CliError('the Firebase commands need @ddex/adapter-firebase: npm install -D @ddex/adapter-firebase', 2, {
      cause,
    });
  }
}

/** Writes files under `dir`; refuses to replace an existing one unless `force`. Returns the paths written. */
export async function writeProjectFiles(dir: string, files: Record<string, string>, force = false): Promise<string[]> {
  const taken = Object.keys(files).filter((f) => existsSync(join(dir, f)));
  if (taken.length > 0 && !force) throw new CliError(`${taken.join(', ')} already exist in ${dir} (use --force)`, 2);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return Object.keys(files);
}

/** The files of `ddex-distro create <dir> --template firebase` (the hook the `create` command calls). */
export async function firebaseTemplate(options: {
  name: string;
  projectId: string;
  region?: string;
  /** the Web API key written into the web app's config.json */
  apiKey?: string;
}): Promise<Record<string, string>> {
  return (await project()).firebaseTemplateFiles(options);
}

/** The project id of `.firebaserc` in `dir`, or undefined. */
function defaultProject(dir: string): string | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, '.firebaserc'), 'utf8')).projects?.default;
  } catch {
    return undefined;
  }
}

const FORWARDED_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

async function run(steps: { command: string; args: string[] }[], io: CliIo, dryRun: boolean, cwd: string) {
  for (const step of steps) {
    io.stdout(`$ ${[step.command, ...step.args].join(' ')}\n`);
    if (dryRun) continue;
    const code = await new Promise<number>((done, fail) => {
      const child = spawn(step.command, step.args, { cwd, stdio: 'inherit' });
      // a stop signal goes to the child (Ctrl-C reaches it anyway; firebase-tools ignores the repeat), and this
      // process waits for it to exit, so that the caller can clean up after it
      const forward = (signal: NodeJS.Signals) => child.kill(signal);
      for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
      const stopForwarding = () => {
        for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
      };
      child.on('error', (e) => {
        stopForwarding();
        fail(
          new CliError(`cannot run ${step.command}: ${e.message} (install firebase-tools: npm i -g firebase-tools)`),
        );
      });
      child.on('exit', (c) => {
        stopForwarding();
        done(c ?? 1);
      });
    });
    if (code !== 0) throw new CliError(`${step.command} exited with ${code}`, 1);
  }
}

/** Registers the Firebase commands. */
export function registerFirebase(program: Command, io: CliIo, _exit: ExitCodeSink): void {
  program
    .command('init')
    .description(
      'write the configuration of a deployment (with --firebase: firebase.json, .firebaserc, rules, indexes)',
    )
    .requiredOption('--firebase', 'configure a Firebase project')
    .requiredOption('--project <id>', 'Firebase project id')
    .option('--region <region>', 'Cloud Functions region', 'us-central1')
    .option('--service-account <file>', 'service account key for admin commands (GOOGLE_APPLICATION_CREDENTIALS)')
    .option('--dir <dir>', 'project folder', '.')
    .option('--force', 'replace existing files')
    .action(async (o: { project: string; region: string; serviceAccount?: string; dir: string; force?: boolean }) => {
      const p = await project();
      const problem = p.checkProjectOptions({ projectId: o.project, region: o.region });
      if (problem) throw new CliError(problem, 2);
      const files = p.firebaseConfigFiles({ projectId: o.project, region: o.region });
      if (o.serviceAccount) files['.env.local'] = `GOOGLE_APPLICATION_CREDENTIALS=${resolve(o.serviceAccount)}\n`;
      const written = await writeProjectFiles(resolve(o.dir), files, o.force);
      io.stdout(`wrote ${written.join(', ')}\n`);
    });

  program
    .command('deploy')
    .description('build and deploy to Firebase (firebase deploy)')
    .option('--project <id>', 'Firebase project id (default: .firebaserc)')
    .option('--only <targets>', 'comma-separated: functions,hosting,firestore,storage')
    .option('--dir <dir>', 'project folder', '.')
    .option('--dry-run', 'print the commands without running them')
    .action(async (o: { project?: string; only?: string; dir: string; dryRun?: boolean }) => {
      const p = await project();
      const projectId = o.project ?? defaultProject(o.dir);
      if (!projectId) throw new CliError('no project: pass --project or run ddex-distro init --firebase', 2);
      let steps: { command: string; args: string[] }[];
      try {
        steps = p.deploySteps({ projectId, only: o.only?.split(',') as never });
      } catch (e) {
        throw new CliError((e as Error).message, 2);
      }
      await run(steps, io, o.dryRun ?? false, resolve(o.dir));
    });

  program
    .command('emulators')
    .description(
      'start the Firebase emulators for local development (Hosting serves the web app signing in on the Auth emulator)',
    )
    .option('--project <id>', 'Firebase project id (default: .firebaserc)')
    .option('--only <emulators>', 'comma-separated: auth,firestore,functions,hosting,storage')
    .option('--dir <dir>', 'project folder', '.')
    .option('--dry-run', 'print the command without running it')
    .action(async (o: { project?: string; only?: string; dir: string; dryRun?: boolean }) => {
      const p = await project();
      const projectId = o.project ?? defaultProject(o.dir) ?? 'demo-ddex-distro';
      const only = o.only?.split(',') ?? [...p.EMULATORS];
      try {
        p.emulatorSteps({ projectId, only });
      } catch (e) {
        throw new CliError((e as Error).message, 2);
      }
      // Hosting serves a copy of the web app whose config.json names the Auth emulator; firebase.json and the
      // public folder, which deploy ships, stay as they are
      const dir = resolve(o.dir);
      const own = only.includes('hosting') && only.includes('auth');
      const hosting = own && !o.dryRun ? await prepareEmulatorHosting(p, dir, projectId) : null;
      const planned = own && o.dryRun && (await hasEmulatorHosting(p, dir));
      const config = planned ? p.EMULATOR_HOSTING.config : hosting?.config;
      if (hosting) io.stdout(`serving ${hosting.publicDirs.join(', ')} on the Hosting emulator\n`);
      try {
        await run(p.emulatorSteps({ projectId, only, config }), io, o.dryRun ?? false, dir);
      } finally {
        await hosting?.remove();
      }
    });

  program
    .command('firebase')
    .description('administer a Firebase deployment')
    .command('set-claims <uid>')
    .description("give a Firebase user a tenant and a role (custom claims on the user's ID tokens)")
    .requiredOption('--tenant <id>', 'tenant id')
    .requiredOption('--role <role>', 'admin, manager or viewer')
    .action(async (uid: string, o: { tenant: string; role: string }) => {
      const [{ setTenantClaims }, { getApps, initializeApp }, { getAuth }] = await Promise.all([
        import('@ddex/adapter-firebase'),
        import('firebase-admin/app'),
        import('firebase-admin/auth'),
      ]);
      const app = getApps()[0] ?? initializeApp();
      try {
        await setTenantClaims(getAuth(app), uid, { tenantId: o.tenant, role: o.role as 'admin' });
      } catch (e) {
        throw new CliError((e as Error).message, 2, { cause: e });
      }
      io.stdout(`${uid}: tenant ${o.tenant}, role ${o.role} (effective on the next ID token)\n`);
    });
}
