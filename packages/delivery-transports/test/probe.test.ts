import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createDeliveryRuntime, memory, probeTarget, sftp, type Transport } from '../src';
import { liveEnv } from './helpers/live';

describe('probeTarget', () => {
  it('connects, writes, reads back, lists and removes a probe file', async () => {
    const t = memory();
    const r = await probeTarget(createDeliveryRuntime(t));
    expect(r.ok).toBe(true);
    expect(r.steps.map((s) => [s.step, s.outcome])).toEqual([
      ['connect', 'ok'],
      ['mkdir', 'ok'],
      ['write', 'ok'],
      ['stat', 'ok'],
      ['read', 'ok'],
      ['list', 'ok'],
      ['remove', 'ok'],
    ]);
    expect([...t.getInstance().keys()]).toEqual([]);
  });

  it('says what the transport cannot do', async () => {
    const t: Transport = { ...memory(), read: undefined, list: undefined };
    const r = await probeTarget(createDeliveryRuntime({ ...t, capabilities: { ...t.capabilities, list: false } }));
    expect(r.ok).toBe(true);
    expect(r.steps.filter((s) => s.outcome === 'skipped').map((s) => s.step)).toEqual(['read', 'list']);
  });

  const env = liveEnv('sftp');
  it.skipIf(!env)('reports a refused login as a failed connect, without throwing', async () => {
    const rt = createDeliveryRuntime(
      sftp({
        host: '127.0.0.1',
        port: Number(env!.DDEX_TEST_SFTP_PORT),
        username: 'nobody-here',
        privateKey: readFileSync(env!.DDEX_TEST_SFTP_KEY),
      }),
      { minTimeout: 5 },
    );
    const r = await probeTarget(rt);
    expect(r.ok).toBe(false);
    expect(r.steps[0]).toMatchObject({ step: 'connect', outcome: 'failed' });
    expect(r.steps[0]?.detail).toMatch(/^AUTH: /);
    expect(r.steps.slice(1).every((s) => s.outcome === 'skipped')).toBe(true);
    await rt.dispose();
  });
});
