import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ServeHandle, startServe } from '../src/commands/serve';

// `serve --postgres`: an API-only process and a worker process share one PostgreSQL database (and one S3 bucket
// when the radosgw of .ci/servers/start.sh is up); a delivery queued through the first is carried out by the second.
const env = process.env;
const PG = env.DDEX_TEST_PG_URL;
const ALBUM = join(import.meta.dirname, '../../distro-core/test/fixtures/release-album.json');
const handles: ServeHandle[] = [];
afterAll(async () => {
  for (const h of handles) await h.server.close();
});

const quiet = {
  stdout: (s: string) => void out.push(s),
  stderr: (s: string) => void out.push(s),
  readStdin: async () => '',
};
const out: string[] = [];
const logs = { write: () => undefined };

describe.skipIf(!PG)('ddex-distro serve --postgres', () => {
  it('API and worker processes share the database and bucket', { timeout: 60_000 }, async () => {
    const data = mkdtempSync(join(tmpdir(), 'distro-serve-pg-'));
    const schema = `serve_${randomBytes(5).toString('hex')}`;
    const adminKey = `ddx_test_${randomBytes(16).toString('hex')}`;
    const serveEnv: NodeJS.ProcessEnv = {
      DDEX_DISTRO_SECRET_KEY: 'a shared passphrase for the master key',
      DDEX_DISTRO_ADMIN_KEY: adminKey,
      DDEX_DISTRO_PG_SCHEMA: schema,
      DDEX_DISTRO_PG_ALLOW_RLS_BYPASS: '1',
      DDEX_DISTRO_SENDER: 'PADPIDA20270101016:Polar Records',
      ...(env.DDEX_TEST_S3_BUCKET
        ? {
            DDEX_DISTRO_S3_BUCKET: env.DDEX_TEST_S3_BUCKET,
            DDEX_DISTRO_S3_ENDPOINT: env.DDEX_TEST_S3_ENDPOINT,
            DDEX_DISTRO_S3_PREFIX: `${schema}/`,
            AWS_ACCESS_KEY_ID: env.DDEX_TEST_S3_ACCESS,
            AWS_SECRET_ACCESS_KEY: env.DDEX_TEST_S3_SECRET,
          }
        : {}),
    };
    const base = { data, host: '127.0.0.1', tenant: 'polar', postgres: PG, web: false };
    const api = await startServe({ ...base, port: 0, workers: 0, seedDemo: ALBUM }, quiet, serveEnv, logs);
    handles.push(api);
    expect(api.store).toBe('postgres');
    const worker = await startServe({ ...base, port: 0, workers: 1 }, quiet, serveEnv, logs);
    handles.push(worker);

    const call = (h: ServeHandle, path: string, init: RequestInit = {}) =>
      fetch(`${h.server.url}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      });
    // the release seeded through the first process is visible in the second
    const listed = (await (await call(worker, '/api/releases')).json()) as { items: { id: string }[] };
    expect(listed.items.map((r) => r.id)).toEqual(['rel-polar-042']);
    const queued = await call(api, '/api/deliveries', {
      method: 'POST',
      body: JSON.stringify({ releaseId: 'rel-polar-042', targetId: 'demo-dsp', kind: 'Update' }),
    });
    expect(queued.status).toBe(201);
    const { id } = (await queued.json()) as { id: string };
    let status = 'queued';
    let error: unknown = null;
    for (let i = 0; i < 100 && status !== 'completed' && status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      ({ status, error } = (await (await call(api, `/api/deliveries/${id}`)).json()) as {
        status: string;
        error: unknown;
      });
    }
    expect(status, JSON.stringify(error)).toBe('completed');
    const delivered = readdirSync(join(data, 'dsp', 'demo-dsp'));
    expect(delivered).toHaveLength(1);
  });
});
