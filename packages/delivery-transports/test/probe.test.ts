import { readFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createDeliveryRuntime, memory, probeEndpoint, probeTarget, sftp, type Transport } from '../src';
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

  it('looks up the host and reaches its port first when given the endpoint', async () => {
    const server = createServer((s) => s.destroy());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      const ok = await probeTarget(createDeliveryRuntime(memory()), { endpoint: { host: 'localhost', port } });
      expect(ok.ok).toBe(true);
      expect(ok.steps.slice(0, 3).map((s) => [s.step, s.outcome])).toEqual([
        ['resolve', 'ok'],
        ['reach', 'ok'],
        ['connect', 'ok'],
      ]);
    } finally {
      await new Promise((r) => server.close(r));
    }
    // the port is closed now: reach fails with CONNECT, nothing else runs, not even remove
    const closed = await probeTarget(createDeliveryRuntime(memory()), { endpoint: { host: '127.0.0.1', port } });
    expect(closed.ok).toBe(false);
    expect(closed.steps[1]).toMatchObject({ step: 'reach', outcome: 'failed', code: 'CONNECT' });
    expect(closed.steps[1]?.message).toBe(`cannot reach 127.0.0.1:${port} (ECONNREFUSED)`);
    expect(closed.steps.slice(2).every((s) => s.outcome === 'skipped')).toBe(true);
    const unknown = await probeTarget(createDeliveryRuntime(memory()), {
      endpoint: { host: 'no-such-host.invalid', port: 22 },
    });
    expect(unknown.steps[0]).toMatchObject({ step: 'resolve', outcome: 'failed', code: 'CONNECT' });
    expect(unknown.steps.slice(1).every((s) => s.outcome === 'skipped')).toBe(true);
  });

  it('gives a failed check its code and message', async () => {
    const t = memory();
    const r = await probeTarget(createDeliveryRuntime({ ...t, read: async () => new Uint8Array([1]) }));
    expect(r.ok).toBe(false);
    expect(r.steps.find((s) => s.step === 'read')).toMatchObject({
      outcome: 'failed',
      code: 'INTEGRITY',
      message: 'read back different bytes',
    });
    expect(r.steps.at(-1)).toMatchObject({ step: 'remove', outcome: 'ok' });
  });

  it('knows the endpoint of network targets', () => {
    expect(probeEndpoint('SFTP', { host: 'sftp.dsp.example' })).toEqual({ host: 'sftp.dsp.example', port: 22 });
    expect(probeEndpoint('ftps', { host: 'f', secure: 'implicit' })).toEqual({ host: 'f', port: 990 });
    expect(probeEndpoint('FTP', { host: 'f', port: 2121 })).toEqual({ host: 'f', port: 2121 });
    expect(probeEndpoint('s3', { endpoint: 'http://127.0.0.1:7480' })).toEqual({ host: '127.0.0.1', port: 7480 });
    expect(probeEndpoint('http', { url: 'https://dsp.example/in' })).toEqual({ host: 'dsp.example', port: 443 });
    expect(probeEndpoint('FILESYSTEM', { directory: 'x' })).toBeUndefined();
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
