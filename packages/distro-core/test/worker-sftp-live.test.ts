import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startDeliveryWorker } from '../src/index';
import { album, harness } from './support';

// Delivery to a real OpenSSH sshd (.ci/servers/start.sh sftp writes the DDEX_TEST_SFTP_* variables). The CI guard
// also checks DDEX_TEST_PG_URL, which adds PostgreSQL to the stores every API suite runs on (support.ts STORES).
const env = process.env;
const live = Boolean(env.DDEX_TEST_SFTP_HOST && env.DDEX_TEST_SFTP_KEY && env.DDEX_TEST_SFTP_DIR);

describe('delivery worker over SFTP (live sshd)', () => {
  it.runIf(env.CI === 'true')('runs under CI (a live suite that silently skips cannot fail)', () => {
    expect(live, 'DDEX_TEST_SFTP_* are not set: start .ci/servers/start.sh').toBe(true);
    expect(env.DDEX_TEST_PG_URL, 'DDEX_TEST_PG_URL is not set: the API suites skip PostgreSQL').toBeTruthy();
  });

  it.skipIf(!live)('delivers the album with its stored files to sshd, credentials sealed at rest', async () => {
    const h = await harness();
    const privateKey = readFileSync(env.DDEX_TEST_SFTP_KEY!, 'utf8');
    const dir = join(env.DDEX_TEST_SFTP_DIR!, `distro-${process.pid}-${Date.now().toString(36)}`);
    const release = album();
    await h.store.assets.put('tenant-a', 'up/1.flac', 'flac bytes for track one');
    await h.store.assets.put('tenant-a', 'up/cover.jpg', 'jpeg bytes');
    release.assets.audio[0].storageKey = 'up/1.flac';
    release.assets.images[0].storageKey = 'up/cover.jpg';
    expect((await h.call('POST', '/api/releases', { key: h.a.manager, body: release })).status).toBe(201);
    const created = await h.call('POST', '/api/targets', {
      key: h.a.manager,
      body: {
        id: 'sftp-dsp',
        name: 'SFTP DSP',
        type: 'DSP',
        protocol: 'SFTP',
        config: {
          host: env.DDEX_TEST_SFTP_HOST,
          port: Number(env.DDEX_TEST_SFTP_PORT ?? 22),
          username: env.DDEX_TEST_SFTP_USER ?? 'root',
          privateKey,
          hostFingerprint: env.DDEX_TEST_SFTP_HOST_FINGERPRINT,
          directory: dir,
        },
        recipient: { dpid: 'PADPIDA20270101024', name: 'SFTP DSP' },
      },
    });
    expect(created.status).toBe(201);
    expect(await created.text()).not.toContain('PRIVATE KEY');
    expect(JSON.stringify(await h.store.targets.get('tenant-a', 'sftp-dsp'))).not.toContain('PRIVATE KEY');

    const test = await (await h.call('POST', '/api/targets/sftp-dsp/test', { key: h.a.manager })).json();
    expect(test).toMatchObject({ ok: true });

    const d = await (
      await h.call('POST', '/api/deliveries', {
        key: h.a.manager,
        body: { releaseId: 'rel-polar-042', targetId: 'sftp-dsp' },
      })
    ).json();
    await startDeliveryWorker(h.services, { autoStart: false }).drain();
    const detail = await (await h.call('GET', `/api/deliveries/${d.id}`, { key: h.a.viewer })).json();
    expect(detail.error).toBeNull();
    expect(detail.status).toBe('completed');

    // the connection test left its probe folder, empty, beside the batch
    expect(readdirSync(join(dir, '.ddex-probe'))).toEqual([]);
    const [batch] = readdirSync(dir).filter((name) => name !== '.ddex-probe');
    expect(batch).toMatch(/^\d{17}$/);
    const folder = join(dir, batch!, '5012345678900');
    expect(readFileSync(join(folder, 'resources', '5012345678900_01_001.flac'), 'utf8')).toBe(
      'flac bytes for track one',
    );
    expect(readFileSync(join(folder, '5012345678900.xml'), 'utf8')).toContain('5012345678900_01_001.flac');
    expect(existsSync(join(dir, batch!, `BatchComplete_${batch}.xml`))).toBe(true);
    const logs = JSON.stringify(
      await (await h.call('GET', `/api/deliveries/${d.id}/logs?limit=500`, { key: h.a.viewer })).json(),
    );
    expect(logs).not.toContain('PRIVATE KEY');
  });
});
