import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveEnv, startReceiver, writeTarget } from './delivery-support';
import { cli, tempDir } from './support';

const CI = process.env.CI === 'true';
const STEPS = ['connect', 'mkdir', 'write', 'stat', 'read', 'list', 'remove'];

describe('ddex-distro target test', () => {
  it('a folder target: every step ok, the probe file gone afterwards, exit 0', async () => {
    const dir = tempDir();
    const target = writeTarget(dir, { name: 'Folder', protocol: 'filesystem', directory: 'out' });
    const r = await cli(['target', 'test', target]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stderr).toBe(`testing Folder (file://${join(dir, 'out')})\n`);
    const lines = r.stdout.trim().split('\n');
    expect(lines.slice(0, -1).every((l) => l.startsWith('ok '))).toBe(true);
    expect(lines).toHaveLength(8);
    expect(lines.at(-1)).toBe('Folder: ready for deliveries');
    expect(readdirSync(join(dir, 'out', '.ddex-probe'))).toEqual([]);
  });

  it('--json gives the steps', async () => {
    const dir = tempDir();
    const target = writeTarget(dir, { name: 'Folder', protocol: 'filesystem', directory: dir });
    const r = await cli(['target', 'test', target, '--json', '--folder', 'probe-here']);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ target: 'Folder', ok: true });
    expect(result.steps.map((s: { step: string }) => s.step)).toEqual(STEPS);
    expect(readdirSync(join(dir, 'probe-here'))).toEqual([]);
  });

  it('exit 2 for an unreadable file, 1 for an invalid target', async () => {
    const dir = tempDir();
    expect((await cli(['target', 'test', join(dir, 'none.json')])).code).toBe(2);
    const bad = writeTarget(dir, { name: 'S3', protocol: 's3', endpoint: 'not a url' });
    const r = await cli(['target', 'test', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ {2}bucket: /);
    expect(r.stderr).toMatch(/ {2}endpoint: /);
  });

  it('an HTTP receiver with basic auth (password from the environment)', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'in'));
    const receiver = await startReceiver(join(dir, 'in'), { type: 'basic', username: 'label', password: 's3cret-pw' });
    process.env.DDEX_TEST_HTTP_PASSWORD = 's3cret-pw';
    try {
      const auth = { type: 'basic', username: 'label', passwordEnv: 'DDEX_TEST_HTTP_PASSWORD' };
      const r = await cli([
        'target',
        'test',
        writeTarget(dir, { name: 'Api', protocol: 'http', url: receiver.url, auth }),
      ]);
      expect(r.code, r.stdout).toBe(0);
      const wrong = { ...auth, passwordEnv: undefined, password: 'not-the-pw' };
      const w = await cli([
        'target',
        'test',
        writeTarget(dir, { name: 'Api', protocol: 'http', url: receiver.url, auth: wrong }),
      ]);
      expect(w.code).toBe(1);
      expect(w.stdout).toMatch(/^FAILED\s+write a file\s.*AUTH: /m);
      expect(w.stdout).toMatch(/Api: NOT ready for deliveries: cannot .*write a file/);
      expect(w.stdout + w.stderr).not.toContain('not-the-pw');
    } finally {
      delete process.env.DDEX_TEST_HTTP_PASSWORD;
      await receiver.close();
    }
  });
});

const sftp = liveEnv('sftp');
const ftp = liveEnv('ftp');
const s3 = liveEnv('s3');
describe.skipIf(!(sftp && ftp && s3) && !CI)('ddex-distro target test against the real servers', () => {
  const dir = tempDir();
  const name = `cli-probe-${process.pid}`;
  beforeAll(() => {
    if (!(sftp && ftp && s3)) throw new Error('server variables missing: run .ci/servers/start.sh, source its env');
  });
  afterAll(() => {
    rmSync(join(sftp?.DDEX_TEST_SFTP_DIR ?? '/nonexistent', name), { recursive: true, force: true });
    rmSync(join(process.env.DDEX_TEST_FTP_DIR ?? '/nonexistent', name), { recursive: true, force: true });
  });

  it('sshd with a pinned host key: every step ok', async () => {
    const target = writeTarget(dir, {
      name: 'sshd',
      protocol: 'sftp',
      host: '127.0.0.1',
      port: Number(sftp!.DDEX_TEST_SFTP_PORT),
      username: sftp!.DDEX_TEST_SFTP_USER,
      privateKeyPath: sftp!.DDEX_TEST_SFTP_KEY,
      hostFingerprint: process.env.DDEX_TEST_SFTP_HOST_FINGERPRINT,
      directory: join(sftp!.DDEX_TEST_SFTP_DIR, name),
    });
    const r = await cli(['target', 'test', target, '--json']);
    expect(r.code, r.stdout).toBe(0);
    const steps = JSON.parse(r.stdout).steps;
    // a network target is looked up and its port reached first
    expect(steps.map((s: { step: string }) => s.step)).toEqual(['resolve', 'reach', ...STEPS]);
    expect(steps.map((s: { outcome: string }) => s.outcome)).toEqual(steps.map(() => 'ok'));
  });

  it('pure-ftpd over explicit TLS: ok; a wrong password fails at connect with AUTH, never printed', async () => {
    const target = {
      name: 'ftps',
      protocol: 'ftps',
      host: '127.0.0.1',
      port: Number(ftp!.DDEX_TEST_FTP_PORT),
      username: ftp!.DDEX_TEST_FTP_USER,
      password: ftp!.DDEX_TEST_FTP_PASSWORD,
      caPath: ftp!.DDEX_TEST_FTP_CA,
      servername: 'localhost',
      directory: `/${name}`,
    };
    const ok = await cli(['target', 'test', writeTarget(dir, target, 'ftps.json')]);
    expect(ok.code, ok.stdout).toBe(0);
    const bad = await cli(['target', 'test', writeTarget(dir, { ...target, password: 'Wr0ng-pass' }, 'bad.json')]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^FAILED\s+connect and log in\s.*AUTH: /m);
    expect(bad.stdout).toMatch(/^skipped\s+write a file/m);
    expect(bad.stdout + bad.stderr).not.toContain('Wr0ng-pass');
  });

  it('radosgw: ok (the write is verified by the server checksum)', async () => {
    const target = writeTarget(dir, {
      name: 'rgw',
      protocol: 's3',
      bucket: s3!.DDEX_TEST_S3_BUCKET,
      prefix: name,
      endpoint: s3!.DDEX_TEST_S3_ENDPOINT,
      accessKeyId: s3!.DDEX_TEST_S3_ACCESS,
      secretAccessKey: s3!.DDEX_TEST_S3_SECRET,
    });
    const r = await cli(['target', 'test', target]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/^ok\s+write a file\s.*verified by the server checksum$/m);
  });
});
