import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { type Harness, harness, STORE_NAMES, STORES } from './support';

const SECRET = 'hunter2-super-secret-pw';
const KEY_SECRET = '-----BEGIN OPENSSH PRIVATE KEY-----\nAAAAsecretkeymaterial\n-----END OPENSSH PRIVATE KEY-----';

const sftpTarget = (overrides: Record<string, unknown> = {}) => ({
  id: 'dsp-sftp',
  name: 'Nordic Stream',
  type: 'DSP',
  protocol: 'SFTP',
  config: {
    host: '127.0.0.1',
    port: 1,
    username: 'label',
    password: SECRET,
    privateKey: KEY_SECRET,
    directory: '/incoming',
  },
  recipient: { dpid: 'PADPIDA20270101024', name: 'Nordic Stream' },
  ...overrides,
});

describe.each(STORE_NAMES)('HTTP /api/targets (%s store)', (storeName) => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness({ store: await STORES[storeName]!() });
  });

  it('creates a target with secrets encrypted at rest and redacted in every response', async () => {
    const created = await h.call('POST', '/api/targets', { key: h.a.manager, body: sftpTarget() });
    expect(created.status).toBe(201);
    const text = await created.text();
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('secretkeymaterial');
    const view = JSON.parse(text);
    expect(view.target.config).toMatchObject({
      host: '127.0.0.1',
      username: 'label',
      password: '[redacted]',
      privateKey: '[redacted]',
    });

    const stored = await h.store.targets.get('tenant-a', 'dsp-sftp');
    const raw = JSON.stringify(stored);
    expect(raw).not.toContain(SECRET);
    expect(raw).not.toContain('secretkeymaterial');
    expect((stored.target.config.password as any).$sealed).toBe('aes-256-gcm.v1');

    for (const path of ['/api/targets', '/api/targets/dsp-sftp', '/api/delivery-targets/dsp-sftp']) {
      const res = await h.call('GET', path, { key: h.a.viewer });
      expect(res.status).toBe(200);
      const body = await res.text();
      expect(body).not.toContain(SECRET);
      expect(body).not.toContain('$sealed');
    }
  });

  it('keeps a secret sent back as [redacted], replaces a new one, and refuses smuggled ciphertext', async () => {
    await h.call('POST', '/api/targets', { key: h.a.manager, body: sftpTarget() });
    const before = (await h.store.targets.get('tenant-a', 'dsp-sftp')).target.config.password as any;
    const view = await (await h.call('GET', '/api/targets/dsp-sftp', { key: h.a.manager })).json();
    const put = await h.call('PUT', '/api/targets/dsp-sftp', {
      key: h.a.manager,
      body: { ...view.target, name: 'Renamed' },
      headers: { 'if-match': `"${view.version}"` },
    });
    expect(put.status).toBe(200);
    const kept = (await h.store.targets.get('tenant-a', 'dsp-sftp')).target.config;
    expect((kept.password as any).ct).toBe(before.ct);
    const opened = await h.services.context.box.open(kept.password as any);
    expect(opened).toBe(SECRET);

    const other = await h.call('PUT', '/api/targets/dsp-sftp', {
      key: h.a.manager,
      body: sftpTarget({ config: { ...sftpTarget().config, password: 'new-password-9' } }),
    });
    expect(other.status).toBe(200);
    const changed = (await h.store.targets.get('tenant-a', 'dsp-sftp')).target.config.password as any;
    expect(await h.services.context.box.open(changed)).toBe('new-password-9');

    // tenant B creates a target carrying tenant A's ciphertext: it is dropped, never decrypted for B
    const smuggle = await h.call('POST', '/api/targets', {
      key: h.b.manager,
      body: sftpTarget({ config: { host: 'x', username: 'y', password: changed } }),
    });
    expect(smuggle.status).toBe(201);
    expect((await h.store.targets.get('tenant-b', 'dsp-sftp')).target.config.password).toBeUndefined();
  });

  it('answers 400 with field paths, 401, 403 for viewers, 404 across tenants and 409', async () => {
    const bad = await h.call('POST', '/api/targets', {
      key: h.a.manager,
      body: { name: '', protocol: 'CARRIER-PIGEON', type: 'DSP' },
    });
    expect(bad.status).toBe(400);
    const paths = (await bad.json()).error.issues.map((i: any) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'protocol']));
    expect((await h.call('GET', '/api/targets')).status).toBe(401);
    expect((await h.call('POST', '/api/targets', { key: h.a.viewer, body: sftpTarget() })).status).toBe(403);

    await h.call('POST', '/api/targets', { key: h.a.manager, body: sftpTarget() });
    expect((await h.call('PUT', '/api/targets/dsp-sftp', { key: h.a.viewer, body: sftpTarget() })).status).toBe(403);
    expect((await h.call('POST', '/api/targets/dsp-sftp/test', { key: h.a.viewer })).status).toBe(403);
    for (const [method, path] of [
      ['GET', '/api/targets/dsp-sftp'],
      ['PUT', '/api/targets/dsp-sftp'],
      ['DELETE', '/api/targets/dsp-sftp'],
      ['POST', '/api/targets/dsp-sftp/test'],
    ] as const) {
      const res = await h.call(method, path, { key: h.b.admin, body: method === 'PUT' ? sftpTarget() : undefined });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    expect((await (await h.call('GET', '/api/targets', { key: h.b.admin })).json()).items).toEqual([]);
    expect((await h.call('POST', '/api/targets', { key: h.a.manager, body: sftpTarget() })).status).toBe(409);
    await h.call('PUT', '/api/targets/dsp-sftp', {
      key: h.a.manager,
      body: sftpTarget(),
      headers: { 'if-match': '"1"' },
    });
    expect(
      (
        await h.call('PUT', '/api/targets/dsp-sftp', {
          key: h.a.manager,
          body: sftpTarget(),
          headers: { 'if-match': '"1"' },
        })
      ).status,
    ).toBe(409);
    expect((await h.call('DELETE', '/api/targets/dsp-sftp', { key: h.a.manager })).status).toBe(204);
  });

  it('keeps FILESYSTEM targets inside the server folder and tests their connection', async () => {
    const outside = await h.call('POST', '/api/targets', {
      key: h.a.manager,
      body: { id: 'fs', name: 'FS', type: 'Test', protocol: 'FILESYSTEM', config: { directory: '../../etc' } },
    });
    expect(outside.status).toBe(400);
    expect((await outside.json()).error.issues[0].path).toBe('config.directory');

    const ok = await h.call('POST', '/api/targets', {
      key: h.a.manager,
      body: { name: 'FS', type: 'Test', protocol: 'FILESYSTEM', config: { directory: 'tenant-a/dsp' } },
    });
    expect(ok.status).toBe(201);
    const { id } = await ok.json();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const test = await (await h.call('POST', `/api/targets/${id}/test`, { key: h.a.manager })).json();
    expect(test.ok).toBe(true);
    expect(existsSync(join(h.fsRoot, 'tenant-a/dsp'))).toBe(true);
    // a folder has no host to resolve or reach: every other step ran and worked, the probe file is gone
    expect(test.steps.map((s: any) => [s.step, s.outcome])).toEqual([
      ['prepare', 'ok'],
      ['connect', 'ok'],
      ['mkdir', 'ok'],
      ['write', 'ok'],
      ['stat', 'ok'],
      ['read', 'ok'],
      ['list', 'ok'],
      ['remove', 'ok'],
    ]);
    expect(test.steps.every((s: any) => Number.isInteger(s.ms) && s.code === undefined)).toBe(true);
    expect(readdirSync(join(h.fsRoot, 'tenant-a/dsp/.ddex-probe'))).toEqual([]);
  });

  it('accepts a known DSP delivery profile and refuses an unknown one', async () => {
    const ok = await h.call('POST', '/api/targets', {
      key: h.a.manager,
      body: sftpTarget({ id: 't1', config: { host: 'h', username: 'u', deliveryProfile: 'spotify-like' } }),
    });
    expect(ok.status).toBe(201);
    const bad = await h.call('POST', '/api/targets', {
      key: h.a.manager,
      body: sftpTarget({ id: 't2', config: { host: 'h', username: 'u', deliveryProfile: 'napster-1999' } }),
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues[0].path).toBe('config.deliveryProfile');
  });

  it('reports a failed connection test without credentials', async () => {
    await h.call('POST', '/api/targets', { key: h.a.manager, body: sftpTarget() });
    const res = await h.call('POST', '/api/targets/dsp-sftp/test', { key: h.a.manager });
    expect(res.status).toBe(200);
    const text = await res.text();
    const body = JSON.parse(text);
    expect(body.ok).toBe(false);
    // nothing listens on port 1: the host resolves, reaching it fails, the rest is skipped
    expect(body.steps.slice(0, 3)).toMatchObject([
      { step: 'prepare', outcome: 'ok' },
      { step: 'resolve', outcome: 'ok', detail: '127.0.0.1' },
      { step: 'reach', outcome: 'failed', code: 'CONNECT', message: 'cannot reach 127.0.0.1:1 (ECONNREFUSED)' },
    ]);
    expect(body.steps.slice(3).every((s: any) => s.outcome === 'skipped')).toBe(true);
    expect(body.error).toEqual({ code: 'CONNECT', message: 'cannot reach 127.0.0.1:1 (ECONNREFUSED)' });
    expect(text).not.toContain(SECRET);
  });
});
