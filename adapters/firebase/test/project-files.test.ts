import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  deploySteps,
  emulatorSteps,
  firebaseConfigFiles,
  firebaseJson,
  firebaseTemplateFiles,
} from '../src/project/index';

const DIR = join(import.meta.dirname, '../firebase');
const file = (name: string) => readFileSync(join(DIR, name), 'utf8');

describe('firebase project files', () => {
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

  it('emulators starts the suite for the project', () => {
    expect(emulatorSteps({ projectId: 'demo-x-distro', only: ['auth', 'functions'] })).toEqual([
      { command: 'firebase', args: ['emulators:start', '--project', 'demo-x-distro', '--only', 'auth,functions'] },
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
