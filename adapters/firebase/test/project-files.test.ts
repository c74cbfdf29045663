import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  authEmulatorUrl,
  deploySteps,
  EMULATOR_HOSTING,
  emulatorFirebaseJson,
  emulatorHostingSites,
  emulatorSteps,
  emulatorWebConfig,
  firebaseConfigFiles,
  firebaseJson,
  firebaseTemplateFiles,
} from '../src/project/index';

const DIR = join(import.meta.dirname, '../firebase');
const file = (name: string) => readFileSync(join(DIR, name), 'utf8');

describe('firebase project files', () => {
  // after a change to the generated files: node --conditions=@ddex/source --import tsx adapters/firebase/scripts/write-shipped-files.ts
  it('the files in adapters/firebase/firebase are the ones init and create write', () => {
    const files = firebaseConfigFiles({ projectId: 'demo-ddex-distro' });
    for (const name of ['firestore.rules', 'storage.rules']) expect(files[name], name).toBe(file(name));
    // the JSON files are laid out by the formatter: compare their content
    for (const name of ['firestore.indexes.json', 'firebase.json'])
      expect(JSON.parse(files[name]!), name).toEqual(JSON.parse(file(name)));
  });

  it('firebase.json: functions on Node 20, /api rewritten to the api function in the region, rules and indexes', () => {
    const config = firebaseJson({ projectId: 'my-label-distro', region: 'europe-west1' }) as any;
    expect(config.functions[0]).toMatchObject({ source: 'functions', runtime: 'nodejs20' });
    expect(config.hosting.rewrites[0]).toEqual({
      source: '/api/**',
      function: { functionId: 'api', region: 'europe-west1' },
    });
    expect(config.firestore).toEqual({ rules: 'firestore.rules', indexes: 'firestore.indexes.json' });
    expect(config.storage).toEqual({ rules: 'storage.rules' });
  });

  it('refuses a bad project id or region, naming the field', () => {
    expect(() => firebaseConfigFiles({ projectId: 'Bad_Id' })).toThrow(/projectId "Bad_Id" must be/);
    expect(() => firebaseConfigFiles({ projectId: 'my-label-distro', region: 'moon' })).toThrow(/region "moon"/);
  });

  it('deploy builds, then runs firebase deploy for the project and targets', () => {
    expect(deploySteps({ projectId: 'my-label-distro' })).toEqual([
      { command: 'npm', args: ['run', 'build', '--if-present'] },
      {
        command: 'firebase',
        args: [
          'deploy',
          '--project',
          'my-label-distro',
          '--only',
          'functions,hosting,firestore,storage',
          '--non-interactive',
        ],
      },
    ]);
    expect(deploySteps({ projectId: 'my-label-distro', only: ['functions'] })[1]!.args).toContain('functions');
    expect(() => deploySteps({ projectId: 'my-label-distro', only: ['database' as 'functions'] })).toThrow(/database/);
  });

  it("emulators starts the suite for the project, with the emulators' own firebase.json when given", () => {
    expect(emulatorSteps({ projectId: 'demo-x-distro', only: ['auth', 'functions'] })).toEqual([
      { command: 'firebase', args: ['emulators:start', '--project', 'demo-x-distro', '--only', 'auth,functions'] },
    ]);
    expect(emulatorSteps({ projectId: 'demo-x-distro', config: EMULATOR_HOSTING.config })[0]!.args).toEqual([
      'emulators:start',
      '--project',
      'demo-x-distro',
      '--only',
      'auth,firestore,functions,hosting,storage',
      '--config',
      '.firebase-emulators.json',
    ]);
  });

  it('shipped firebase.json: index.html, config.json and app routes revalidate, /assets/** is immutable, /api is left alone', () => {
    // the file in adapters/firebase/firebase is the one init and create write (first test); Hosting applies every
    // matching rule in order, the last one winning (the Hosting emulator serves these in the CLI's emulators test)
    const shipped = JSON.parse(file('firebase.json'));
    const rules = shipped.hosting.headers.map((h: { source: string; headers: { key: string; value: string }[] }) => [
      h.source,
      Object.fromEntries(h.headers.map((x) => [x.key, x.value])),
    ]);
    expect(rules).toEqual([
      ['/', { 'Cache-Control': 'no-cache' }],
      ['/!(api|assets)', { 'Cache-Control': 'no-cache' }],
      ['/!(api|assets)/**', { 'Cache-Control': 'no-cache' }],
      ['/assets/**', { 'Cache-Control': 'public, max-age=31536000, immutable' }],
    ]);
    // the template's firebase.json is the same
    const template = JSON.parse(firebaseTemplateFiles({ name: 'l', projectId: 'my-label-distro' })['firebase.json']!);
    expect(template.hosting.headers).toEqual(shipped.hosting.headers);
  });

  it("the emulators' Hosting: a copy of the public folder, its config.json naming the Auth emulator of firebase.json", () => {
    const config = firebaseJson({ projectId: 'my-label-distro' });
    expect(emulatorHostingSites(config)).toEqual([{ public: 'web/dist', copy: '.firebase/emulators/hosting' }]);
    const emulated = emulatorFirebaseJson(config) as any;
    // only the public folder differs: same headers, rewrites, functions, rules and emulator ports
    expect(emulated.hosting.public).toBe('.firebase/emulators/hosting');
    expect({ ...emulated, hosting: { ...emulated.hosting, public: 'web/dist' } }).toEqual(config);
    expect((config as any).hosting.public).toBe('web/dist');

    const production = JSON.parse(
      firebaseTemplateFiles({ name: 'l', projectId: 'my-label-distro' })['web/dist/config.json']!,
    );
    expect(production).not.toHaveProperty('authEmulatorUrl');
    expect(emulatorWebConfig({ firebaseJson: config, projectId: 'demo-label', production })).toEqual({
      auth: 'firebase',
      projectId: 'demo-label',
      authDomain: 'my-label-distro.firebaseapp.com',
      apiKey: 'fake-api-key',
      authEmulatorUrl: 'http://127.0.0.1:9099',
    });
    expect(
      emulatorWebConfig({
        firebaseJson: config,
        projectId: 'demo-label',
        production: { ...production, apiKey: 'AIza-x' },
      }),
    ).toMatchObject({ apiKey: 'AIza-x' });
    expect(emulatorWebConfig({ firebaseJson: {}, projectId: 'demo-label' })).toEqual({
      auth: 'firebase',
      projectId: 'demo-label',
      apiKey: 'fake-api-key',
      authEmulatorUrl: 'http://127.0.0.1:9099',
    });

    const auth = (a: Record<string, unknown>) => authEmulatorUrl({ emulators: { auth: a } });
    expect(auth({ port: 9199 })).toBe('http://127.0.0.1:9199');
    expect(auth({ host: '0.0.0.0', port: 9199 })).toBe('http://127.0.0.1:9199');
    expect(auth({ host: 'localhost', port: 9199 })).toBe('http://localhost:9199');
    expect(auth({ host: '::1', port: 9199 })).toBe('http://[::1]:9199');

    // several sites: one copy each; a site without a public folder (rewrites only) is left as it is
    const sites = { hosting: [{ public: 'a' }, { target: 'x', rewrites: [] }, { public: 'b' }] };
    expect(emulatorHostingSites(sites).map((s) => s.copy)).toEqual([
      '.firebase/emulators/hosting-0',
      '.firebase/emulators/hosting-2',
    ]);
    expect((emulatorFirebaseJson(sites) as any).hosting).toEqual([
      { public: '.firebase/emulators/hosting-0' },
      { target: 'x', rewrites: [] },
      { public: '.firebase/emulators/hosting-2' },
    ]);
  });

  it('the template pins Node-20 versions and deploys with npm run deploy', () => {
    const files = firebaseTemplateFiles({ name: 'my-label', projectId: 'my-label-distro' });
    const pkg = JSON.parse(files['package.json']!);
    expect(pkg.scripts.deploy).toBe('ddex-distro deploy');
    const fn = JSON.parse(files['functions/package.json']!);
    expect(fn.engines.node).toBe('20');
    expect(fn.dependencies['firebase-admin']).toBe('13.10.0');
    expect(fn.dependencies['firebase-functions']).toBe('7.4.0');
    expect(files['functions/src/index.ts']).toContain('createDistroFunctions');
    expect(JSON.parse(files['.firebaserc']!)).toEqual({ projects: { default: 'my-label-distro' } });
    // the web app signs in with Firebase Auth; the Web API key comes from Hosting's /__/firebase/init.json
    expect(JSON.parse(files['web/dist/config.json']!)).toEqual({
      auth: 'firebase',
      projectId: 'my-label-distro',
      authDomain: 'my-label-distro.firebaseapp.com',
    });
    const local = firebaseTemplateFiles({
      name: 'my-label',
      projectId: 'demo-label-distro',
      apiKey: 'AIza-x',
      authEmulatorUrl: 'http://127.0.0.1:9099',
    });
    expect(JSON.parse(local['web/dist/config.json']!)).toMatchObject({
      apiKey: 'AIza-x',
      authEmulatorUrl: 'http://127.0.0.1:9099',
    });
  });
});
