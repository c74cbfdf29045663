import { resolve } from 'node:path';
import type { CatalogStore } from '@ddex/catalog-store';
import { parseRelease } from '@ddex/ern-model';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/http/index';
import { createDistroServices, type ErnValidator, localKeyProvider, scopesFor } from '../src/index';
import { album, STORE_NAMES, STORES, TEST_MASTER_KEY } from './support';

const SCHEMA_DIR = process.env.DDEX_SCHEMA_DIR
  ? resolve(process.env.DDEX_SCHEMA_DIR)
  : resolve(import.meta.dirname, '../../../../shared/ddex/schemas');
const recipient = { dpid: 'PADPIDA20270101024', name: 'Nordic Stream' };

async function setup(store: CatalogStore, extra: { validator?: ErnValidator; validatorEngine?: 'workbench' } = {}) {
  const key: Record<string, string> = {};
  for (const t of ['t', 'u']) {
    await store.tenants.create({ id: t, name: t, type: 'label' } as any);
    key[t] = (await store.apiKeys.create(t, { name: 'v', scopes: scopesFor('viewer') })).secret;
  }
  const services = createDistroServices({
    store,
    keys: localKeyProvider({ key: TEST_MASTER_KEY }),
    schemaDir: SCHEMA_DIR,
    sender: { dpid: 'PADPIDA20270101016', name: 'Polar Records' },
    ...extra,
  });
  const parsed = parseRelease(album());
  if (!parsed.success) throw new Error('the canonical album does not parse');
  await store.releases.create('t', parsed.data);
  const app = createApp(services);
  const call = (method: string, path: string, body?: unknown, tenant = 't') =>
    Promise.resolve(
      app.request(path, {
        method,
        headers: { authorization: `Bearer ${key[tenant]}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
  return { call };
}

describe.each(STORE_NAMES)('stored validation results (%s store)', (storeName) => {
  it('stores every result with an id; GET /api/validations/:id gives it back as JSON or CSV, in the tenant only', async () => {
    const { call } = await setup(await STORES[storeName]!());
    const res = await call('POST', '/api/releases/rel-polar-042/validate', { version: '4.2', recipient });
    expect(res.status).toBe(200);
    const result = (await res.json()) as any;
    expect(result).toMatchObject({ valid: true, version: '4.2' });
    expect(result.id).toMatch(/^[0-9a-f-]{36}$/);

    const stored = await call('GET', `/api/validations/${result.id}`);
    expect(stored.status).toBe(200);
    expect(stored.headers.get('content-disposition')).toBeNull();
    const report = (await stored.json()) as any;
    expect(report).toMatchObject({
      id: result.id,
      tenantId: 't',
      releaseId: 'rel-polar-042',
      releaseVersion: 1,
      ernVersion: '4.2',
      targetId: null,
      engine: 'offline',
      valid: true,
      errors: [],
    });
    expect(Date.parse(report.createdAt)).not.toBeNaN();

    const json = await call('GET', `/api/validations/${result.id}?format=json`);
    expect(json.headers.get('content-disposition')).toBe(
      `attachment; filename="validation-rel-polar-042-${result.id}.json"`,
    );
    expect(JSON.parse(await json.text())).toEqual(report);
    const csv = await call('GET', `/api/validations/${result.id}?format=csv`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/\.csv"$/);
    expect(await csv.text()).toBe('severity,rule,line,column,path,message\r\n');

    // another tenant, an unknown id, a path trick and a bad format
    expect((await call('GET', `/api/validations/${result.id}`, undefined, 'u')).status).toBe(404);
    expect((await call('GET', '/api/validations/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await call('GET', '/api/validations/..%2Fwebhooks')).status).toBe(404);
    expect((await call('GET', `/api/validations/${result.id}?format=xml`)).status).toBe(400);
  });
});

describe('stored validation results: problems', () => {
  it('keeps errors with line, column, severity and rule; the CSV quotes and defuses cells', async () => {
    const validator: ErnValidator = async () => ({
      valid: false,
      version: '4.3',
      errors: [
        { line: 12, column: 5, code: 'schema', message: 'Element \'Foo\': This element is not expected, "Bar".' },
        { line: 40, column: 1, code: 'schema', message: '=HYPERLINK("http://x")' },
      ],
    });
    const { call } = await setup(await STORES.memory!(), { validator, validatorEngine: 'workbench' });
    const res = await call('POST', '/api/releases/rel-polar-042/validate', { recipient });
    const result = (await res.json()) as any;
    expect(result.valid).toBe(false);
    const report = (await (await call('GET', `/api/validations/${result.id}`)).json()) as any;
    expect(report.engine).toBe('workbench');
    expect(report.errors.slice(0, 2)).toEqual([
      {
        severity: 'error',
        rule: 'schema',
        line: 12,
        column: 5,
        message: 'Element \'Foo\': This element is not expected, "Bar".',
      },
      { severity: 'error', rule: 'schema', line: 40, column: 1, message: '=HYPERLINK("http://x")' },
    ]);
    const csv = await (await call('GET', `/api/validations/${result.id}/report.csv`)).text();
    const lines = csv.split('\r\n');
    expect(lines[1]).toBe('error,schema,12,5,,"Element \'Foo\': This element is not expected, ""Bar""."');
    expect(lines[2]).toBe('error,schema,40,1,,"\'=HYPERLINK(""http://x"")"');
  });
});

describe('stored validation results: stages and suggestions', () => {
  it('records each stage with its time and issue count, in the response and the stored report', async () => {
    const { call } = await setup(await STORES.memory!());
    const result = (await (await call('POST', '/api/releases/rel-polar-042/validate', { recipient })).json()) as any;
    expect(result.valid).toBe(true);
    expect(result.stages.map((s: any) => s.stage)).toEqual(['build', 'rules', 'schema']);
    for (const s of result.stages) {
      expect(s.ms).toBeGreaterThanOrEqual(0);
      expect(s.issues).toBe(0);
    }
    // the XSD stage compiles and runs libxml2: it takes measurable time
    expect(result.stages[2].ms).toBeGreaterThan(0);
    const report = (await (await call('GET', `/api/validations/${result.id}`)).json()) as any;
    expect(report.stages).toEqual(result.stages);
  });

  it('times a slow validator as its engine, and suggests fixes the schema message allows', async () => {
    const validator: ErnValidator = async () => {
      await new Promise((r) => setTimeout(r, 60));
      return {
        valid: false,
        version: '4.3',
        errors: [
          {
            line: 7,
            column: 3,
            code: 'schema',
            message:
              "Element '{http://ddex.net/xml/ern/43}ReleaseList': Missing child element(s). Expected is ( {http://ddex.net/xml/ern/43}Release ).",
          },
          {
            line: 9,
            column: 5,
            code: 'schema',
            message:
              "Element '{http://ddex.net/xml/ern/43}ReleaseType': [facet 'enumeration'] The value 'Albun' is not an element of the set {'Album', 'Single'}.",
          },
          { line: 11, column: 1, code: 'schema', message: 'Something libxml2 says that allows no advice.' },
        ],
      };
    };
    const { call } = await setup(await STORES.memory!(), { validator, validatorEngine: 'workbench' });
    const result = (await (await call('POST', '/api/releases/rel-polar-042/validate', { recipient })).json()) as any;
    expect(result.stages.map((s: any) => [s.stage, s.issues])).toEqual([
      ['build', 0],
      ['rules', 0],
      ['workbench', 3],
    ]);
    expect(result.stages[2].ms).toBeGreaterThanOrEqual(50);
    expect(result.errors.map((e: any) => e.suggestion)).toEqual([
      'Add the missing element Release here.',
      "Replace 'Albun' with one of: Album, Single.",
      undefined,
    ]);
    const report = (await (await call('GET', `/api/validations/${result.id}`)).json()) as any;
    expect(report.errors.map((e: any) => e.suggestion)).toEqual(result.errors.map((e: any) => e.suggestion));
    expect(report.stages).toEqual(result.stages);
  });
});
