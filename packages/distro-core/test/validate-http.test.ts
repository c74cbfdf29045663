import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { memoryStore } from '@ddex/catalog-store';
import { parseRelease } from '@ddex/ern-model';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/http/index';
import { createDistroServices, localKeyProvider, scopesFor } from '../src/index';
import { album, TEST_MASTER_KEY } from './support';

/** DDEX's XSDs: $DDEX_SCHEMA_DIR, else the shared folder beside the repo. */
const SCHEMA_DIR = process.env.DDEX_SCHEMA_DIR
  ? resolve(process.env.DDEX_SCHEMA_DIR)
  : resolve(import.meta.dirname, '../../../../shared/ddex/schemas');

async function setup(schemaDir: string | undefined) {
  const store = memoryStore();
  await store.tenants.create({ id: 't', name: 't', type: 'label' } as any);
  const key = (await store.apiKeys.create('t', { name: 'v', scopes: scopesFor('viewer') })).secret;
  const services = createDistroServices({
    store,
    keys: localKeyProvider({ key: TEST_MASTER_KEY }),
    schemaDir,
    sender: { dpid: 'PADPIDA20270101016', name: 'Polar Records' },
  });
  const parsed = parseRelease(album());
  if (!parsed.success) throw new Error('the canonical album does not parse');
  await store.releases.create('t', parsed.data);
  const app = createApp(services);
  const post = (body: unknown) =>
    app.request('/api/releases/rel-polar-042/validate', {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  return { post };
}

const recipient = { dpid: 'PADPIDA20270101024', name: 'Nordic Stream' };

describe('POST /api/releases/:id/validate (offline XSD)', () => {
  it('needs the DDEX schema folder', () => {
    expect(existsSync(join(SCHEMA_DIR, 'ern-43')), `no DDEX schemas at ${SCHEMA_DIR}`).toBe(true);
  });

  it.each(['4.3', '4.2', '3.8.2'])('validates the canonical album as ERN %s against the XSD', async (version) => {
    const { post } = await setup(SCHEMA_DIR);
    const res = await post({ version, recipient });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.version).toBe(version);
    expect(body.errors.map((e: any) => e.message)).toEqual([]);
    expect(body.valid).toBe(true);
  });

  it('answers 503 when no schema folder is configured', async () => {
    const { post } = await setup(join(SCHEMA_DIR, 'missing'));
    const res = await post({ recipient });
    expect(res.status).toBe(503);
    expect(((await res.json()) as any).error.code).toBe('UNAVAILABLE');
  });
});
