import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { firebaseTemplate, writeProjectFiles } from '../src/commands/firebase';
import { cli, tempDir } from './support';

describe('ddex-distro init --firebase, deploy, emulators', () => {
  it('init --firebase writes firebase.json, .firebaserc, rules and indexes, and refuses to overwrite', async () => {
    const dir = tempDir();
    const r = await cli([
      'init',
      '--firebase',
      '--project',
      'my-label-distro',
      '--region',
      'europe-west1',
      '--dir',
      dir,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const f of ['firebase.json', '.firebaserc', 'firestore.rules', 'firestore.indexes.json', 'storage.rules'])
      expect(existsSync(join(dir, f)), f).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, '.firebaserc'), 'utf8')).projects.default).toBe('my-label-distro');
    const again = await cli(['init', '--firebase', '--project', 'my-label-distro', '--dir', dir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exist.*--force/);
    expect((await cli(['init', '--firebase', '--project', 'X', '--dir', tempDir()])).stderr).toMatch(/projectId "X"/);
  });

  it('deploy builds and runs firebase deploy for the project of .firebaserc (dry run)', async () => {
    const dir = tempDir();
    await cli(['init', '--firebase', '--project', 'my-label-distro', '--dir', dir]);
    const r = await cli(['deploy', '--dir', dir, '--only', 'functions,hosting', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      '$ npm run build --if-present\n$ firebase deploy --project my-label-distro --only functions,hosting --non-interactive\n',
    );
    expect((await cli(['deploy', '--dir', tempDir(), '--dry-run'])).stderr).toMatch(/no project/);
    expect((await cli(['deploy', '--dir', dir, '--only', 'database', '--dry-run'])).code).toBe(2);
  });

  it('emulators starts the emulator suite (dry run)', async () => {
    const r = await cli(['emulators', '--project', 'demo-ddex-distro', '--only', 'auth,functions', '--dry-run']);
    expect(r.stdout).toBe('$ firebase emulators:start --project demo-ddex-distro --only auth,functions\n');
  });

  it('the firebase template (create --template firebase) writes a project whose npm run deploy deploys it', async () => {
    const dir = tempDir();
    const files = await firebaseTemplate({ name: 'my-label', projectId: 'my-label-distro' });
    await writeProjectFiles(dir, files);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg.scripts.deploy).toBe('ddex-distro deploy');
    expect(existsSync(join(dir, 'functions/src/index.ts'))).toBe(true);
    const r = await cli(['deploy', '--dir', dir, '--dry-run']);
    expect(r.stdout).toContain('firebase deploy --project my-label-distro');
  });
});
