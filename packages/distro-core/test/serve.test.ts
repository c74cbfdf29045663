import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ServeHandle, startServe } from '../../cli/src/commands/serve';
import { runCli } from '../../cli/src/program';

const ALBUM = join(import.meta.dirname, 'fixtures/release-album.json');
const PASSWORD = 'pl4intext-target-password-xyz';

function capture() {
  const out: string[] = [];
  const logs: string[] = [];
  const io = {
    stdout: (s: string) => void out.push(s),
    stderr: (s: string) => void out.push(s),
    readStdin: async () => '',
  };
  const destination = { write: (s: string) => void logs.push(s) };
  return { out, logs, io, destination };
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
}

describe('ddex-distro serve', () => {
  let handles: ServeHandle[] = [];
  afterEach(async () => {
    for (const h of handles) await h.server.close();
    handles = [];
  });

  it('starts on SQLite, bootstraps a tenant and admin key once, seeds the demo and delivers it', async () => {
    const data = mkdtempSync(join(tmpdir(), 'distro-serve-'));
    const c = capture();
    const env = { DDEX_DISTRO_SECRET_KEY: 'a test passphrase for the master key' };
    const opts = { data, port: 0, host: '127.0.0.1', workers: 1, tenant: 'polar', seedDemo: ALBUM };
    const h = await startServe(opts, c.io, env, c.destination);
    handles.push(h);
    expect(h.store).toBe('sqlite');
    const key = /ddx_[A-Za-z0-9_-]+/.exec(c.out.join(''))?.[0];
    expect(key).toBeDefined();
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${h.server.url}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...(init.headers as object) },
      });

    expect((await fetch(`${h.server.url}/api/health`)).status).toBe(200);
    const releases = (await (await api('/api/releases')).json()) as any;
    expect(releases.items.map((r: any) => r.id)).toEqual(['rel-polar-042']);

    const target = await api('/api/targets', {
      method: 'POST',
      body: JSON.stringify({
        id: 'sftp',
        name: 'S',
        type: 'DSP',
        protocol: 'SFTP',
        config: { host: 'h', username: 'u', password: PASSWORD },
      }),
    });
    expect(target.status).toBe(201);
    expect(await target.text()).not.toContain(PASSWORD);

    const queued = (await (
      await api('/api/deliveries', {
        method: 'POST',
        body: JSON.stringify({ releaseId: 'rel-polar-042', targetId: 'demo-dsp' }),
      })
    ).json()) as any;
    let status = '';
    for (let i = 0; i < 100 && status !== 'completed'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = ((await (await api(`/api/deliveries/${queued.id}`)).json()) as any).status;
    }
    expect(status).toBe('completed');
    const delivered = walk(join(data, 'dsp', 'demo-dsp'));
    expect(delivered.some((f) => f.endsWith('5012345678900.xml'))).toBe(true);
    expect(delivered.some((f) => /BatchComplete_\d{17}\.xml$/.test(f))).toBe(true);

    await h.server.close();
    // neither the database files nor the logs hold the plaintext secret or the admin key
    for (const file of walk(data).filter((f) => /catalog\.db/.test(f))) {
      const bytes = readFileSync(file);
      expect(bytes.includes(PASSWORD), file).toBe(false);
      expect(bytes.includes(key!), file).toBe(false);
    }
    const logText = c.logs.join('');
    expect(logText).toContain('DDEX Distro is running');
    expect(logText).not.toContain(PASSWORD);
    expect(logText).not.toContain(key!);

    // a second start keeps the data and prints no new key
    const c2 = capture();
    const h2 = await startServe({ ...opts, seedDemo: undefined }, c2.io, env, c2.destination);
    handles.push(h2);
    expect(c2.out.join('')).not.toMatch(/ddx_/);
    const again = await fetch(`${h2.server.url}/api/targets/sftp`, { headers: { authorization: `Bearer ${key}` } });
    expect(again.status).toBe(200);
  });

  it('accepts DDEX_DISTRO_ADMIN_KEY instead of generating a key, and writes a local secret key file when none is set', async () => {
    const data = mkdtempSync(join(tmpdir(), 'distro-serve-'));
    const c = capture();
    const adminKey = 'my-fixed-admin-key-0123456789abcdef';
    const h = await startServe(
      { data, port: 0, host: '127.0.0.1', workers: 0, tenant: 'default' },
      c.io,
      { DDEX_DISTRO_ADMIN_KEY: adminKey },
      c.destination,
    );
    handles.push(h);
    expect(c.out.join('')).not.toMatch(/ddx_/);
    expect(existsSync(join(data, 'secret.key'))).toBe(true);
    expect(c.logs.join('')).toContain('DDEX_DISTRO_SECRET_KEY is not set');
    const res = await fetch(`${h.server.url}/api/tenants`, { headers: { authorization: `Bearer ${adminKey}` } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).items[0].id).toBe('default');
    expect(
      (
        await fetch(`${h.server.url}/api/tenants`, {
          headers: { authorization: 'Bearer my-fixed-admin-key-0123456789abcdeX' },
        })
      ).status,
    ).toBe(401);
    expect(c.logs.join('')).not.toContain(adminKey);
  });

  it('offers sign-up only when asked (DDEX_DISTRO_ALLOW_SIGNUP=1) and writes password-reset mails to the outbox, never to the log', async () => {
    const signup = (url: string) =>
      fetch(`${url}/api/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ organization: 'Serve Test', email: 'owner@serve.test', password: 'serve-password-1' }),
      });
    const env = { DDEX_DISTRO_SECRET_KEY: 'a test passphrase for the master key' };
    const closed = await startServe(
      { data: mkdtempSync(join(tmpdir(), 'distro-serve-')), port: 0, host: '127.0.0.1', workers: 0, tenant: 'default' },
      capture().io,
      env,
      capture().destination,
    );
    handles.push(closed);
    expect((await signup(closed.server.url)).status).toBe(404);
    const c = capture();
    const data = mkdtempSync(join(tmpdir(), 'distro-serve-'));
    const open = await startServe(
      { data, port: 0, host: '127.0.0.1', workers: 0, tenant: 'default' },
      c.io,
      { ...env, DDEX_DISTRO_ALLOW_SIGNUP: '1', DDEX_DISTRO_PUBLIC_URL: 'https://distro.example.com' },
      c.destination,
    );
    handles.push(open);
    expect((await signup(open.server.url)).status).toBe(201);
    const reset = await fetch(`${open.server.url}/api/auth/password-reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@serve.test' }),
    });
    expect(reset.status).toBe(202);
    const outbox = join(data, 'outbox');
    const [mail, ...more] = readdirSync(outbox);
    expect(more).toEqual([]);
    expect(mail).toMatch(/password-reset-[0-9a-f]{8}\.eml$/);
    expect(statSync(join(outbox, mail!)).mode & 0o777).toBe(0o600);
    const eml = readFileSync(join(outbox, mail!), 'utf8');
    expect(eml).toMatch(/^To: owner@serve\.test\r\n/);
    const link = /https:\/\/distro\.example\.com\/reset-password\?token=(ddx_\S+)/.exec(eml);
    expect(link).not.toBeNull();
    // the log names the file and the recipient; the token is a credential and stays out of it
    const line = c.logs.find((l) => l.includes('"mail":"password-reset"'));
    expect(JSON.parse(line!)).toMatchObject({ to: 'owner@serve.test', file: join(outbox, mail!) });
    expect(c.logs.join('')).not.toContain(link![1]);
    expect(c.logs.join('') + eml).not.toContain('serve-password-1');
  });

  it('rejects bad options with exit code 2', async () => {
    const c = capture();
    expect(await runCli(['serve', '--port', 'http'], c.io)).toBe(2);
    expect(await runCli(['serve', '--workers', '-1'], c.io)).toBe(2);
    const short = capture();
    const data = mkdtempSync(join(tmpdir(), 'distro-serve-'));
    await expect(
      startServe(
        { data, port: 0, host: '127.0.0.1', workers: 0, tenant: 'default' },
        short.io,
        { DDEX_DISTRO_ADMIN_KEY: 'short' },
        short.destination,
      ),
    ).rejects.toThrow(/at least 24/);
  });
});
