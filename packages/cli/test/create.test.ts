import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkDpid } from '@ddex/ern-model';
import { afterEach, describe, expect, it } from 'vitest';
import { CreateProjectError, createProject, packageNameFor, SCAFFOLD_VERSIONS } from '../src/commands/create';
import { applyEnvironment, type ServeOptions, serveEnvironment } from '../src/commands/serve';
import { findWebApp } from '../src/commands/web-app';
import { parseTarget, readTargetFile } from '../src/delivery/target-file';
import type { CliIo } from '../src/io';
import { cli, tempDir } from './support';

const REPO = join(import.meta.dirname, '../../..');
const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');
const readJson = (dir: string, path: string) => JSON.parse(read(dir, path));

function walk(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}

describe('ddex-distro create', () => {
  it('scaffolds a SQLite project: package.json on the published packages, settings, targets, README', async () => {
    const dir = join(tempDir(), 'Polar Records!');
    const r = await cli(['create', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(walk(dir)).toEqual([
      '.env',
      '.env.example',
      '.gitignore',
      'README.md',
      'package.json',
      'targets/README.md',
      'targets/folder-dsp.json',
      'targets/sftp-dsp.example.json',
    ]);
    expect(r.stdout).toContain('npm install\n  npm start');

    const pkg = readJson(dir, 'package.json');
    expect(pkg).toMatchObject({ name: 'polar-records', private: true, type: 'module' });
    expect(pkg.scripts.start).toBe('ddex-distro serve --env-file .env');
    expect(pkg.dependencies).toEqual({ '@ddex/cli': '^0.1.0', '@ddex/adapter-sqlite': '^0.1.0' });

    // every documented setting is in .env.example; .env is the private working copy with a fresh master key
    const example = read(dir, '.env.example');
    for (const name of [
      'DDEX_DISTRO_SECRET_KEY',
      'DDEX_DISTRO_ADMIN_KEY',
      'DDEX_DISTRO_DATA',
      'DDEX_DISTRO_PORT',
      'DDEX_DISTRO_WORKERS',
      'DDEX_DISTRO_SENDER',
    ]) {
      expect(example).toContain(name);
    }
    expect(example).toMatch(/^DDEX_DISTRO_SECRET_KEY=$/m);
    const key = /^DDEX_DISTRO_SECRET_KEY=(.+)$/m.exec(read(dir, '.env'))?.[1];
    expect(Buffer.from(key!, 'base64')).toHaveLength(32);
    expect(statSync(join(dir, '.env')).mode & 0o077).toBe(0);
    expect(read(dir, '.gitignore').split('\n')).toEqual(
      expect.arrayContaining(['.env', '.ddex-distro/', 'node_modules/']),
    );
    expect(read(dir, 'README.md')).toContain('npm install\nnpm start');
  });

  it('writes example targets the deliver command reads (same schema, same parser)', async () => {
    const dir = join(tempDir(), 'label');
    expect((await cli(['create', dir])).code).toBe(0);
    const folder = await readTargetFile(join(dir, 'targets/folder-dsp.json'));
    expect(folder.file).toMatchObject({ protocol: 'filesystem', name: 'Folder DSP (local test)', testMode: true });
    expect(folder.label).toBe(`file://${join(dir, 'targets/folder-dsp')}`);
    expect(folder.profile?.name).toBe('generic-batch');
    const sftp = await readTargetFile(join(dir, 'targets/sftp-dsp.example.json'));
    expect(sftp.file).toMatchObject({ protocol: 'sftp', passwordEnv: 'DSP_SFTP_PASSWORD', active: false, port: 22 });
    expect(sftp.label).toBe('sftp://your-label@sftp.dsp.example:22/inbox');
    // the secret comes from the environment when the transport is built, never from the file
    await expect(sftp.transport({})).rejects.toThrow('passwordEnv: the environment variable DSP_SFTP_PASSWORD');
    // the deliver command needs a valid sender and recipient: the placeholders pass its DPID check
    for (const t of [folder, sftp]) {
      for (const party of [t.file.sender!, t.file.recipient!]) expect(checkDpid(party.dpid).valid).toBe(true);
    }
  });

  it('refuses a non-empty folder with a typed error naming it, and changes nothing', async () => {
    const parent = tempDir();
    const dir = join(parent, 'busy');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const r = await cli(['create', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: ${dir} is not empty: create a project in a new or empty folder\n`);
    expect(walk(dir)).toEqual(['notes.txt']);
    expect(readdirSync(parent)).toEqual(['busy']);
    const error = await createProject(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CreateProjectError);
    expect(error).toMatchObject({ code: 'DIR_NOT_EMPTY', dir, exitCode: 2 });

    writeFileSync(join(parent, 'file'), '');
    await expect(createProject(join(parent, 'file'))).rejects.toMatchObject({ code: 'NOT_A_DIRECTORY' });
  });

  it('fills an empty folder, and leaves nothing behind when it cannot write', async () => {
    const parent = tempDir();
    mkdirSync(join(parent, 'empty'));
    const created = await createProject(join(parent, 'empty'), { name: 'my-label' });
    expect(created.files).toContain('package.json');
    expect(readJson(created.dir, 'package.json').name).toBe('my-label');
    expect(readdirSync(parent)).toEqual(['empty']);

    // the parent is a file: the staging folder cannot be made, and no trace is left
    writeFileSync(join(parent, 'plain'), '');
    const error = await createProject(join(parent, 'plain', 'project')).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'WRITE_FAILED' });
    expect(readdirSync(parent).sort()).toEqual(['empty', 'plain']);

    await expect(createProject(join(parent, 'x'), { name: 'Not A Name' })).rejects.toMatchObject({
      code: 'BAD_OPTION',
    });
    await expect(createProject(join(parent, 'y'), { linkWorkspace: parent })).rejects.toMatchObject({
      code: 'BAD_OPTION',
    });
    expect(readdirSync(parent).sort()).toEqual(['empty', 'plain']);
  });

  it('scaffolds PostgreSQL and Firebase projects', async () => {
    const pg = join(tempDir(), 'pg-label');
    expect((await cli(['create', pg, '--template', 'postgres'])).code).toBe(0);
    expect(readJson(pg, 'package.json').dependencies).toEqual({
      '@ddex/cli': '^0.1.0',
      '@ddex/adapter-postgres': '^0.1.0',
    });
    expect(read(pg, '.env.example')).toMatch(/^DDEX_DISTRO_DATABASE_URL=postgres:\/\//m);
    expect(read(pg, '.env.example')).toContain('DDEX_DISTRO_S3_BUCKET');

    const fb = join(tempDir(), 'fb-label');
    expect((await cli(['create', fb, '--template', 'firebase'])).stderr).toContain('needs --project');
    expect(existsSync(fb)).toBe(false);
    const r = await cli(['create', fb, '--template', 'firebase', '--project', 'demo-label']);
    expect(r.code, r.stderr).toBe(0);
    expect(walk(fb)).toEqual(
      expect.arrayContaining([
        'firebase.json',
        'functions/src/index.ts',
        'targets/folder-dsp.json',
        'README.md',
        'web/dist/config.json',
        'web/dist/index.html',
      ]),
    );
    expect(readJson(fb, '.firebaserc').projects.default).toBe('demo-label');
    expect(r.stdout).toContain('npm run emulators');
  });

  it("firebase: Hosting's public folder web/dist is the built web app plus a Firebase config.json", async () => {
    const app = join(tempDir(), 'built-app');
    mkdirSync(join(app, 'assets'), { recursive: true });
    writeFileSync(join(app, 'index.html'), '<!doctype html><title>app</title><div id="app"></div>');
    writeFileSync(join(app, 'assets/index-abc123.js'), 'console.log(1)');
    writeFileSync(join(app, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]));
    writeFileSync(join(app, 'config.json'), '{"auth":"session"}'); // a dev leftover: the project writes its own

    const fb = join(tempDir(), 'fb-web');
    const r = await cli([
      'create',
      fb,
      '--template',
      'firebase',
      '--project',
      'demo-label',
      '--web',
      app,
      '--api-key',
      'AIza-test',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(walk(join(fb, 'web/dist'))).toEqual(['assets/index-abc123.js', 'config.json', 'index.html', 'logo.png']);
    expect(read(fb, 'web/dist/index.html')).toBe(readFileSync(join(app, 'index.html'), 'utf8'));
    expect(readFileSync(join(fb, 'web/dist/logo.png'))).toEqual(readFileSync(join(app, 'logo.png')));
    expect(readJson(fb, 'web/dist/config.json')).toEqual({
      auth: 'firebase',
      projectId: 'demo-label',
      authDomain: 'demo-label.firebaseapp.com',
      apiKey: 'AIza-test',
    });
    expect(readJson(fb, 'firebase.json').hosting.public).toBe('web/dist');
    expect(r.stdout).toContain(`web app (Hosting, web/dist): ${app}`);
    const deploy = await cli(['deploy', '--dir', fb, '--dry-run']);
    expect(deploy.stdout).toBe(
      '$ npm run build --if-present\n$ firebase deploy --project demo-label --only functions,hosting,firestore,storage --non-interactive\n',
    );

    // --no-web: the placeholder page; without --api-key the app asks Hosting's /__/firebase/init.json for it
    const bare = join(tempDir(), 'fb-bare');
    const b = await cli(['create', bare, '--template', 'firebase', '--project', 'demo-label', '--no-web']);
    expect(b.code, b.stderr).toBe(0);
    expect(walk(join(bare, 'web/dist'))).toEqual(['config.json', 'index.html']);
    expect(read(bare, 'web/dist/index.html')).toContain('/api/health');
    expect(readJson(bare, 'web/dist/config.json')).not.toHaveProperty('apiKey');
    expect(b.stdout).toContain('placeholder page');

    // a folder that is not a built app is refused, and nothing is left behind
    const bad = join(tempDir(), 'fb-bad');
    const e = await cli(['create', bad, '--template', 'firebase', '--project', 'demo-label', '--web', tempDir()]);
    expect(e.code).toBe(2);
    expect(e.stderr).toContain('no index.html');
    expect(existsSync(bad)).toBe(false);
  });

  it("finds the reference app's build: DDEX_DISTRO_WEB_DIR, the --link-workspace checkout, a checkout above", () => {
    const checkout = tempDir();
    const dist = join(checkout, 'examples/reference-app/dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html>');
    expect(findWebApp({ checkout, from: [], env: {} })).toBe(dist);
    expect(findWebApp({ from: [join(dist, 'assets')], env: {} })).toBe(dist);
    expect(findWebApp({ checkout, env: { DDEX_DISTRO_WEB_DIR: '/srv/web' } })).toBe('/srv/web');
    expect(findWebApp({ web: 'here', checkout })).toBe(join(process.cwd(), 'here'));
    expect(findWebApp({ from: [tempDir()], env: {} })).toBeUndefined();
  });

  it('depends on the versions the workspace packages carry; --link-workspace points them at a checkout', async () => {
    for (const [name, range] of Object.entries(SCAFFOLD_VERSIONS)) {
      const folder = name.replace('@ddex/adapter-', 'adapters/').replace('@ddex/', 'packages/');
      expect(range, name).toBe(`^${readJson(REPO, `${folder}/package.json`).version}`);
    }
    const dir = join(tempDir(), 'linked');
    expect((await cli(['create', dir, '--link-workspace', REPO])).code).toBe(0);
    expect(readJson(dir, 'package.json').dependencies).toEqual({
      '@ddex/cli': `file:${join(REPO, 'packages/cli')}`,
      '@ddex/adapter-sqlite': `file:${join(REPO, 'adapters/sqlite')}`,
    });
    expect(packageNameFor('/x/My Label (2027)')).toBe('my-label-2027');
  });
});

describe('serve --env-file', () => {
  const io = () => {
    const err: string[] = [];
    const sink: CliIo = { stdout: () => {}, stderr: (s) => void err.push(s), readStdin: async () => '' };
    return { err, sink };
  };

  it('reads the file under the environment, and runs without it', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, '.env'), 'DDEX_DISTRO_PORT=9123\nDDEX_DISTRO_DATA=./d\n# c\nLOG_LEVEL=warn\n');
    const a = io();
    const env = await serveEnvironment(join(dir, '.env'), a.sink, { DDEX_DISTRO_DATA: '/from/env' });
    expect(env).toMatchObject({ DDEX_DISTRO_PORT: '9123', DDEX_DISTRO_DATA: '/from/env', LOG_LEVEL: 'warn' });
    const b = io();
    expect(await serveEnvironment(join(dir, 'none'), b.sink, { A: '1' })).toEqual({ A: '1' });
    expect(b.err.join('')).toContain('settings come from the environment only');
  });

  it('fills options left at their defaults; a bad value names the variable', () => {
    const opts = { data: './.ddex-distro', port: 8080, host: '127.0.0.1', workers: 1, tenant: 'default' };
    applyEnvironment(opts as ServeOptions, (o) => o !== 'host', {
      DDEX_DISTRO_PORT: '0',
      DDEX_DISTRO_WORKERS: '3',
      DDEX_DISTRO_HOST: '0.0.0.0',
    });
    expect(opts).toMatchObject({ port: 0, workers: 3, host: '127.0.0.1', data: './.ddex-distro' });
    expect(() => applyEnvironment(opts as ServeOptions, () => true, { DDEX_DISTRO_PORT: 'http' })).toThrow(
      'DDEX_DISTRO_PORT: must be a whole number from 0 to 65535',
    );
  });
});

// The scaffold's `npm install && npm start`, for real: the @ddex packages are not published yet, so the project is
// linked to this checkout (--link-workspace: file: dependencies, installed offline) and runs its built CLI.
describe('a created project starts with npm start', () => {
  const built = existsSync(join(REPO, 'packages/cli/dist/bin.js'));
  let child: ChildProcess | undefined;
  afterEach(async () => {
    // npm and the service it started are one process group of their own
    const c = child;
    child = undefined;
    if (!c?.pid || c.exitCode !== null) return;
    const exited = new Promise((done) => c.once('exit', done));
    process.kill(-c.pid, 'SIGTERM');
    const timer = setTimeout(() => process.kill(-c.pid!, 'SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  });

  it.skipIf(!built)(
    'npm install (offline, linked) then npm start: the service answers and takes the targets',
    async () => {
      const dir = join(tempDir(), 'label');
      expect((await cli(['create', dir, '--link-workspace', REPO])).code).toBe(0);
      const install = spawnSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(install.status, install.stderr).toBe(0);
      expect(existsSync(join(dir, 'node_modules/.bin/ddex-distro'))).toBe(true);

      const env: NodeJS.ProcessEnv = { ...process.env, DDEX_DISTRO_PORT: '0', LOG_LEVEL: 'warn' };
      for (const name of Object.keys(env)) {
        if (name.startsWith('DDEX_DISTRO_') && name !== 'DDEX_DISTRO_PORT') delete env[name];
      }
      const started = spawn('npm', ['start'], { cwd: dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      child = started;
      let out = '';
      let err = '';
      started.stdout!.on('data', (d) => {
        out += d;
      });
      started.stderr!.on('data', (d) => {
        err += d;
      });
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setInterval(() => {
          const m = /listening on (http:\/\/\S+)/.exec(out);
          if (m) {
            clearInterval(timer);
            resolve(m[1]!);
          }
        }, 50);
        started.once('exit', (code) => {
          clearInterval(timer);
          reject(new Error(`npm start exited with ${code}:\n${out}\n${err}`));
        });
      });
      expect(out).toContain('> ddex-distro serve --env-file .env');
      expect(out).toContain(`data: ${join(dir, '.ddex-distro')}`);
      // .env's master key is used: no generated key file
      expect(existsSync(join(dir, '.ddex-distro/secret.key'))).toBe(false);
      const health = await fetch(`${url}/api/health`);
      expect(health.status).toBe(200);

      const key = /ddx_[A-Za-z0-9_-]+/.exec(out)?.[0];
      expect(key, out).toBeDefined();
      const api = (path: string, body?: string) =>
        fetch(`${url}${path}`, {
          method: body === undefined ? 'GET' : 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body,
        });
      for (const file of ['folder-dsp.json', 'sftp-dsp.example.json']) {
        const text = read(dir, `targets/${file}`);
        const created = await api('/api/delivery-targets', text);
        expect(created.status, await created.clone().text()).toBe(201);
        // what the service stores and returns is still a target the deliver command reads
        const view = (await created.json()) as { target: unknown };
        expect(() => parseTarget(view.target, file)).not.toThrow();
      }
      const test = (await (await api('/api/delivery-targets/folder-dsp/test', '{}')).json()) as { ok: boolean };
      expect(test.ok).toBe(true);
    },
    30_000,
  );
});
