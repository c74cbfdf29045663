import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDeliveryRuntime, type DeliveryRuntime, s3 } from '@ddex/delivery-transports';
import { validateErn } from '@ddex/ern-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  batchTree,
  liveEnv,
  md5,
  RECIPIENT,
  releaseFixture,
  SENDER,
  startReceiver,
  startStallingProxy,
  tree,
  UPC,
  writeTarget,
} from './delivery-support';
import { cli } from './support';

const CI = process.env.CI === 'true';
const parties = { sender: SENDER, recipient: RECIPIENT };
const unique = (name: string) => `cli-${name}-${process.pid}-${Date.now().toString(36)}`;

/** The ERN is valid against its XSD and names the files as delivered. */
async function expectValidErn(xml: string, version: string, fileNames: string[]) {
  const result = await validateErn(xml);
  expect(result.errors).toEqual([]);
  expect(result.version).toBe(version);
  for (const name of fileNames) expect(xml).toContain(name);
}

describe('ddex-distro deliver: local checks', () => {
  it('--dry-run checks the files and lists the package without touching the target', async () => {
    const fx = releaseFixture(2);
    const out = join(fx.dir, 'never-created');
    const target = writeTarget(fx.dir, { name: 'Dry', protocol: 'filesystem', directory: out, ...parties });
    const r = await cli(['deliver', fx.releasePath, '--assets', fx.assetsDir, '--target', target, '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    const batch = lines[0]!.split('/')[0]!;
    expect(batch).toMatch(/^\d{17}$/);
    expect(
      lines
        .slice(0, -1)
        .map((l) => l.split('\t')[0])
        .sort(),
    ).toEqual(batchTree(batch, fx));
    expect(lines.at(-1)).toMatch(/^dry run: 5 files, .*; nothing was sent$/);
    expect(r.stderr).toContain('dry run: delivering 5012345678900 (ERN 4.3, profile generic-batch) to Dry');
    expect(existsSync(out)).toBe(false);
  });

  it('delivers to a folder: exact tree, byte-identical files, an XSD-valid ERN naming them, the manifest last', async () => {
    const fx = releaseFixture(2);
    const out = join(fx.dir, 'dsp');
    const target = writeTarget(fx.dir, { name: 'Folder DSP', protocol: 'filesystem', directory: 'dsp', ...parties });
    const r = await cli(['deliver', fx.releasePath, '--assets', fx.assetsDir, '--target', target, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ delivered: true, profile: 'generic-batch', ernVersion: '4.3', skipped: [] });
    expect(tree(out)).toEqual(batchTree(result.batchId, fx));
    expect(result.files.at(-1)).toBe(`${result.batchId}/BatchComplete_${result.batchId}.xml`);
    const resources = join(out, result.batchId, UPC, 'resources');
    expect(md5(readFileSync(join(resources, `${UPC}_01_002.flac`)))).toBe(md5(fx.files.get(`${UPC}_01_002.flac`)!));
    const xml = readFileSync(join(out, result.batchId, UPC, `${UPC}.xml`), 'utf8');
    await expectValidErn(xml, '4.3', [`${UPC}_01_001.flac`, `${UPC}.jpg`, result.messageId]);
    const manifest = readFileSync(join(out, result.batchId, `BatchComplete_${result.batchId}.xml`), 'utf8');
    expect(manifest).toContain(`<URL>${UPC}/${UPC}.xml</URL>`);
    // progress: bytes and files, one line per file when stderr is not a terminal
    expect(r.stderr).toMatch(/\[#+\] 100% .*, 4\/4 files, .*\+ \S+\/5012345678900\.xml/);
  });

  it('refuses a file that does not match its asset record (INTEGRITY): exit 1, nothing sent', async () => {
    const fx = releaseFixture(2);
    fx.release.assets.audio[1].md5 = '0'.repeat(32);
    const release = writeTarget(fx.dir, fx.release, 'release.json');
    const target = writeTarget(fx.dir, { name: 'F', protocol: 'filesystem', directory: 'dsp', ...parties });
    const r = await cli(['deliver', release, '--assets', fx.assetsDir, '--target', target]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: INTEGRITY: .*5012345678900 audio 1-2: MD5 \w+ differs from the asset record/);
    expect(r.stderr).not.toContain('--resume');
    expect(existsSync(join(fx.dir, 'dsp')) ? tree(join(fx.dir, 'dsp')) : []).toEqual([]);
  });

  it('refuses a release that breaks the profile requirements (REQUIREMENTS): exit 1', async () => {
    const fx = releaseFixture(1);
    fx.release.assets.images[0].width = 600;
    fx.release.assets.images[0].height = 600;
    const release = writeTarget(fx.dir, fx.release, 'release.json');
    const target = writeTarget(fx.dir, { name: 'F', protocol: 'filesystem', directory: 'dsp', ...parties });
    const r = await cli(['deliver', release, '--assets', fx.assetsDir, '--target', target, '--dry-run']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: REQUIREMENTS: .*600 px wide, at least 1400/);
  });

  it('exit 2 for what cannot be read or a wrong command line, 1 for an invalid release or target', async () => {
    const fx = releaseFixture(1);
    const ok = writeTarget(fx.dir, { name: 'F', protocol: 'filesystem', directory: 'dsp', ...parties });
    const run = (args: string[], target = ok) =>
      cli(['deliver', fx.releasePath, '--assets', fx.assetsDir, '--target', target, ...args]);

    rmSync(join(fx.assetsDir, `${UPC}.jpg`));
    let r = await run([]);
    expect([r.code, r.stderr]).toEqual([2, `error: assets.images.0.fileName: no file ${UPC}.jpg in ${fx.assetsDir}\n`]);
    writeFileSync(join(fx.assetsDir, `${UPC}.jpg`), fx.files.get(`${UPC}.jpg`)!);

    r = await run(['--profile', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("argument 'nope' is invalid");

    r = await run([], join(fx.dir, 'missing.json'));
    expect([r.code, r.stderr]).toEqual([2, `error: cannot read ${join(fx.dir, 'missing.json')}: no such file\n`]);

    const notJson = join(fx.dir, 'bad.json');
    writeFileSync(notJson, '{"password": "hunter2-secret",');
    r = await run([], notJson);
    expect([r.code, r.stderr]).toEqual([2, `error: ${notJson} is not valid JSON\n`]);

    const invalid = writeTarget(fx.dir, { name: 'X', protocol: 'sftp', port: 99999, password: 'hunter2' }, 'inv.json');
    r = await run([], invalid);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${invalid} is not a valid delivery target:`);
    expect(r.stderr).toMatch(/ {2}host: /);
    expect(r.stderr).toMatch(/ {2}username: /);
    expect(r.stderr).toMatch(/ {2}port: /);
    expect(r.stderr).not.toContain('hunter2');

    const unknown = writeTarget(fx.dir, { name: 'X', protocol: 'gopher' }, 'unk.json');
    r = await run([], unknown);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ {2}protocol: .*'sftp' \| 'ftp' \| 'ftps' \| 's3' \| 'http' \| 'filesystem'/);

    const noSender = writeTarget(fx.dir, { name: 'F', protocol: 'filesystem', directory: 'd', recipient: RECIPIENT });
    r = await run([], noSender);
    expect([r.code, r.stderr]).toEqual([
      1,
      `error: ${noSender}: sender: required ({ "dpid": "PADPIDA…", "name": "…" })\n`,
    ]);

    const envTarget = writeTarget(fx.dir, {
      name: 'S',
      protocol: 'sftp',
      host: '127.0.0.1',
      username: 'u',
      passwordEnv: 'DDEX_TEST_UNSET_VARIABLE',
      ...parties,
    });
    r = await run([], envTarget);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /(^|\n)error: passwordEnv: the environment variable DDEX_TEST_UNSET_VARIABLE is not set\n$/,
    );

    const badRelease = writeTarget(fx.dir, { ...fx.release, tracks: [] }, 'bad-release.json');
    r = await cli(['deliver', badRelease, '--assets', fx.assetsDir, '--target', ok]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^tracks: /m);
  });
});

const sftpEnv = liveEnv('sftp');
describe.skipIf(!sftpEnv && !CI)('ddex-distro deliver over SFTP (OpenSSH sshd)', () => {
  const env = sftpEnv!;
  const sftpTarget = (directory: string, extra: object = {}) => ({
    name: 'Local sshd',
    protocol: 'sftp',
    host: '127.0.0.1',
    port: Number(env.DDEX_TEST_SFTP_PORT),
    username: env.DDEX_TEST_SFTP_USER,
    privateKeyPath: env.DDEX_TEST_SFTP_KEY,
    hostFingerprint: process.env.DDEX_TEST_SFTP_HOST_FINGERPRINT,
    directory,
    ...parties,
    ...extra,
  });
  const made: string[] = [];
  beforeAll(() => {
    if (!sftpEnv) throw new Error('DDEX_TEST_SFTP_* missing: run .ci/servers/start.sh and source /tmp/ddex-ci/env');
  });
  afterAll(() => {
    for (const d of made) rmSync(d, { recursive: true, force: true });
  });

  it('delivers a batch with the host key pinned: the remote tree matches the profile, the ERN is XSD-valid', async () => {
    const fx = releaseFixture(3);
    const remote = join(env.DDEX_TEST_SFTP_DIR, unique('sftp'));
    made.push(remote);
    const target = writeTarget(fx.dir, sftpTarget(remote));
    const r = await cli(['deliver', fx.releasePath, '--assets', fx.assetsDir, '--target', target]);
    expect(r.code, r.stderr).toBe(0);
    const batch = /^delivered 5012345678900 to Local sshd: 6 files, [\d.]+ KiB, batch (\d{17})\n$/.exec(r.stdout)?.[1];
    expect(batch, r.stdout).toBeDefined();
    expect(tree(remote)).toEqual(batchTree(batch!, fx));
    for (const [name, data] of fx.files)
      expect(md5(readFileSync(join(remote, batch!, UPC, 'resources', name)))).toBe(md5(data));
    const xml = readFileSync(join(remote, batch!, UPC, `${UPC}.xml`), 'utf8');
    await expectValidErn(xml, '4.3', [`${UPC}_01_003.flac`]);
  });

  it('a host key that does not match the pinned fingerprint is AUTH: exit 1, nothing written', async () => {
    const fx = releaseFixture(1);
    const remote = join(env.DDEX_TEST_SFTP_DIR, unique('pin'));
    const fingerprint = 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    const target = writeTarget(fx.dir, sftpTarget(remote, { hostFingerprint: fingerprint }));
    const r = await cli(['deliver', fx.releasePath, '--assets', fx.assetsDir, '--target', target]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: AUTH: /m);
    expect(r.stderr).not.toMatch(/retry:/);
    expect(existsSync(remote)).toBe(false);
  });

  it('Ctrl-C stops a delivery without a marker; --resume completes the same batch', async () => {
    const fx = releaseFixture(3, 200_000);
    const remote = join(env.DDEX_TEST_SFTP_DIR, unique('resume'));
    made.push(remote);
    const proxy = await startStallingProxy(Number(env.DDEX_TEST_SFTP_PORT), 450_000);
    const before = new Set(process.listeners('SIGINT'));
    try {
      const stalling = writeTarget(fx.dir, sftpTarget(remote, { port: proxy.port }), 'stalling.json');
      const running = cli(['deliver', fx.releasePath, '--assets', fx.assetsDir, '--target', stalling]);
      for (let i = 0; i < 300 && !proxy.stalled; i++) await new Promise((r) => setTimeout(r, 50));
      expect(proxy.stalled).toBe(true);
      // the command's own Ctrl-C handler, called as the signal would (a real SIGINT would stop the test worker)
      const onSigint = process.listeners('SIGINT').find((l) => !before.has(l));
      expect(onSigint).toBeTypeOf('function');
      onSigint!('SIGINT');
      const r = await running;
      expect(r.code, r.stderr).toBe(1);
      const batch = /batch (\d{17}) in /.exec(r.stderr)?.[1];
      expect(r.stderr).toContain('stopping; press Ctrl-C again to quit at once');
      expect(r.stderr).toMatch(/error: CANCELLED: /);
      expect(r.stderr).toContain(`run again with --resume ${batch} to complete it`);
      expect(process.listeners('SIGINT').filter((l) => !before.has(l))).toEqual([]);
      const partial = tree(remote).filter((p) => !p.endsWith('.part'));
      expect(partial.some((p) => p.includes('BatchComplete'))).toBe(false);
      expect(partial.length).toBeGreaterThan(0);
      expect(partial.length).toBeLessThan(5);
    } finally {
      await proxy.close();
    }
    const batch = tree(remote)[0]!.split('/')[0]!;
    const target = writeTarget(fx.dir, sftpTarget(remote));
    const r = await cli(['deliver', fx.releasePath, '--assets', fx.assetsDir, '--target', target, '--resume', batch]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`batch ${batch} \\(\\d already there\\)\\n$`));
    expect(tree(remote)).toEqual(batchTree(batch, fx));
    const xml = readFileSync(join(remote, batch, UPC, `${UPC}.xml`), 'utf8');
    await expectValidErn(xml, '4.3', [`${UPC}_01_001.flac`]);
  });
});

const ftpEnv = liveEnv('ftp');
describe.skipIf(!ftpEnv && !CI)('ddex-distro deliver over FTPS (pure-ftpd)', () => {
  const env = ftpEnv!;
  const home = process.env.DDEX_TEST_FTP_DIR ?? '/nonexistent';
  const ftpTarget = (directory: string, extra: object = {}) => ({
    name: 'Local pure-ftpd',
    protocol: 'ftps',
    host: '127.0.0.1',
    port: Number(env.DDEX_TEST_FTP_PORT),
    username: env.DDEX_TEST_FTP_USER,
    passwordEnv: 'DDEX_TEST_FTP_PASSWORD',
    caPath: env.DDEX_TEST_FTP_CA,
    servername: 'localhost',
    directory,
    ...parties,
    ...extra,
  });
  beforeAll(() => {
    if (!ftpEnv) throw new Error('DDEX_TEST_FTP_* missing: run .ci/servers/start.sh and source /tmp/ddex-ci/env');
  });

  it('delivers release by release over explicit TLS as ERN 4.2: N_<UPC>_<timestamp>/, the ERN last', async () => {
    const fx = releaseFixture(2);
    const name = unique('ftps');
    const target = writeTarget(fx.dir, ftpTarget(`/${name}`));
    try {
      const r = await cli([
        'deliver',
        fx.releasePath,
        '--assets',
        fx.assetsDir,
        '--target',
        target,
        '--profile',
        'generic-release-by-release',
        '--ern',
        '4.2',
        '--json',
      ]);
      expect(r.code, r.stderr).toBe(0);
      const result = JSON.parse(r.stdout);
      const folder = `N_${UPC}_${result.batchId}`;
      const expected = [
        `${folder}/resources/${UPC}_01_001.flac`,
        `${folder}/resources/${UPC}_01_002.flac`,
        `${folder}/resources/${UPC}.jpg`,
        `${folder}/${UPC}.xml`,
      ];
      expect(result.files).toEqual(expected);
      expect(result.marker).toBeUndefined();
      expect(tree(join(home, name))).toEqual([...expected].sort());
      await expectValidErn(readFileSync(join(home, name, folder, `${UPC}.xml`), 'utf8'), '4.2', [`${UPC}.jpg`]);
    } finally {
      rmSync(join(home, name), { recursive: true, force: true });
    }
  });

  it('a wrong password is AUTH, not retried, and never printed', async () => {
    const fx = releaseFixture(1);
    const target = writeTarget(fx.dir, ftpTarget('/x', { passwordEnv: undefined, password: 'wrong-Pa55word' }));
    const r = await cli(['deliver', fx.releasePath, '--assets', fx.assetsDir, '--target', target]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: AUTH: /m);
    expect(r.stderr + r.stdout).not.toContain('wrong-Pa55word');
    expect(r.stderr).not.toMatch(/retry:/);
  });

  it('a read-only remote folder is PERMISSION: exit 1, nothing left, no marker', async () => {
    const fx = releaseFixture(1);
    const name = unique('ro');
    // the virtual user runs as nobody: a root-owned 0755 folder is read-only for it
    mkdirSync(join(home, name), { mode: 0o755 });
    try {
      const target = writeTarget(fx.dir, ftpTarget(`/${name}`));
      const r = await cli(['deliver', fx.releasePath, '--assets', fx.assetsDir, '--target', target]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^error: PERMISSION: /m);
      expect(tree(join(home, name))).toEqual([]);
    } finally {
      rmSync(join(home, name), { recursive: true, force: true });
    }
  });
});

const s3Env = liveEnv('s3');
describe.skipIf(!s3Env && !CI)('ddex-distro deliver to S3 (Ceph radosgw)', () => {
  const env = s3Env!;
  let runtime: DeliveryRuntime;
  const prefix = unique('s3');
  beforeAll(() => {
    if (!s3Env) throw new Error('DDEX_TEST_S3_* missing: run .ci/servers/start.sh and source /tmp/ddex-ci/env');
    runtime = createDeliveryRuntime(
      s3({
        bucket: env.DDEX_TEST_S3_BUCKET,
        endpoint: env.DDEX_TEST_S3_ENDPOINT,
        credentials: { accessKeyId: env.DDEX_TEST_S3_ACCESS, secretAccessKey: env.DDEX_TEST_S3_SECRET },
      }),
    );
  });
  afterAll(async () => {
    if (!runtime) return;
    const files = await walk(prefix);
    for (const f of files) await runtime.remove(`${prefix}/${f}`);
    await runtime.dispose();
  });
  const walk = async (dir: string): Promise<string[]> => {
    const out: string[] = [];
    for (const e of await runtime.list(dir)) {
      if (e.type === 'directory') out.push(...(await walk(`${dir}/${e.name}`)).map((p) => `${e.name}/${p}`));
      else out.push(e.name);
    }
    return out.sort();
  };

  it('delivers with the YouTube-like profile named in the target: an empty BatchComplete marker last', async () => {
    const fx = releaseFixture(2);
    const target = writeTarget(fx.dir, {
      name: 'Local radosgw',
      protocol: 's3',
      bucket: env.DDEX_TEST_S3_BUCKET,
      prefix,
      endpoint: env.DDEX_TEST_S3_ENDPOINT,
      accessKeyId: env.DDEX_TEST_S3_ACCESS,
      secretAccessKeyEnv: 'DDEX_TEST_S3_SECRET',
      profile: 'youtube-like',
      sender: SENDER,
    });
    const r = await cli(['deliver', fx.releasePath, '--assets', fx.assetsDir, '--target', target, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.profile).toBe('youtube-like');
    expect(await walk(prefix)).toEqual(batchTree(result.batchId, fx));
    const marker = await runtime.read(`${prefix}/${result.marker}`);
    expect(marker.length).toBe(0);
    const xml = Buffer.from(await runtime.read(`${prefix}/${result.batchId}/${UPC}/${UPC}.xml`)).toString();
    // the profile's first recipient (YouTube) is written when the target names none
    expect(xml).toContain('PADPIDA2013020802I');
    await expectValidErn(xml, '4.3', [`${UPC}_01_002.flac`]);
  });
});

describe('ddex-distro deliver to an HTTP receiver (ddex-dsp-test, the service target shape)', () => {
  it('posts each file, the ERN last, as a TestMessage; the token comes from the environment', async () => {
    const fx = releaseFixture(1);
    const received = join(fx.dir, 'received');
    mkdirSync(received);
    const receiver = await startReceiver(received, { type: 'bearer', token: 'dsp-token-123' });
    process.env.DDEX_TEST_DSP_TOKEN = 'dsp-token-123';
    try {
      // the object /api/delivery-targets stores: protocol API, settings under config
      const target = writeTarget(fx.dir, {
        id: 'dsp-test',
        name: 'DDEX DSP (test)',
        type: 'Test',
        protocol: 'API',
        config: {
          url: receiver.url,
          auth: { type: 'bearer', tokenEnv: 'DDEX_TEST_DSP_TOKEN' },
          deliveryProfile: 'ddex-dsp-test',
        },
        recipient: RECIPIENT,
        sender: SENDER,
        requirements: { ernVersion: '4.3' },
      });
      const r = await cli(['deliver', fx.releasePath, '--assets', fx.assetsDir, '--target', target, '--json']);
      expect(r.code, r.stderr).toBe(0);
      const result = JSON.parse(r.stdout);
      const folder = `${UPC}_${result.batchId}`;
      expect(result.files).toEqual([
        `${folder}/resources/${UPC}_01_001.flac`,
        `${folder}/resources/${UPC}.jpg`,
        `${folder}/${UPC}.xml`,
      ]);
      expect(receiver.log.filter((l) => l === 'POST /files')).toHaveLength(3);
      expect(tree(received)).toEqual([...result.files].sort());
      const xml = readFileSync(join(received, folder, `${UPC}.xml`), 'utf8');
      expect(xml).toContain('<MessageControlType>TestMessage</MessageControlType>');
      await expectValidErn(xml, '4.3', [`${UPC}.jpg`]);
    } finally {
      delete process.env.DDEX_TEST_DSP_TOKEN;
      await receiver.close();
    }
  });
});
