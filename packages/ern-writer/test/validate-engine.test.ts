import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as real from 'libxml2-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import {
  clearErnSchemaCache,
  ERN_SCHEMA_VERSION_LIST,
  ERN_SCHEMA_VERSIONS,
  isErnValidationError,
  type Libxml2WasmLike,
  loadErnSchema,
  validateErn,
} from '../src/validate';
import { loadLibxml2Wasm } from '../src/validate/engine';
import { SCHEMA_DIR } from './support/ddex-paths';
import { readSamples } from './support/samples';

const schemaDir = SCHEMA_DIR;
const samples = readSamples('valid');
const invalidSamples = readSamples('invalid');
const temp = mkdtempSync(join(tmpdir(), 'ern-validate-engine-'));
afterAll(() => {
  clearErnSchemaCache();
  rmSync(temp, { recursive: true, force: true });
});

// the real module satisfies the structural type the options take (checked by tsc)
const typed: Libxml2WasmLike = real;

function notFound(code: string): Error {
  return Object.assign(new Error("Cannot find package 'libxml2-wasm' imported from /app/x.js"), { code });
}

/** The real module, counting schema compilations (by the XSD's url) and parsed documents. */
function counting(): { lib: Libxml2WasmLike; compiled: string[]; parsed: number } {
  const stats = { compiled: [] as string[], parsed: 0 };
  const urls = new WeakMap<object, string>();
  const lib: Libxml2WasmLike = {
    XmlDocument: {
      fromString(source, options) {
        const doc = typed.XmlDocument.fromString(source, options);
        if (options?.url) urls.set(doc, options.url);
        else stats.parsed++;
        return doc;
      },
      fromBuffer(source, options) {
        stats.parsed++;
        return typed.XmlDocument.fromBuffer(source, options);
      },
    },
    XsdValidator: {
      fromDoc(xsd) {
        stats.compiled.push(urls.get(xsd) ?? '?');
        return typed.XsdValidator.fromDoc(xsd);
      },
    },
    xmlRegisterInputProvider: (provider) => typed.xmlRegisterInputProvider(provider),
  };
  return Object.assign(stats, { lib });
}

describe('loading libxml2-wasm', () => {
  it('imports the installed module once, lazily', async () => {
    const lib = await loadLibxml2Wasm();
    expect(typeof lib.XsdValidator.fromDoc).toBe('function');
    expect(await loadLibxml2Wasm()).toBe(lib);
    expect(lib.XmlDocument).toBe(real.XmlDocument);
  });

  it.each(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND'])('not installed (%s): says to install it', async (code) => {
    const error = await loadLibxml2Wasm(() => Promise.reject(notFound(code))).catch((e: unknown) => e);
    expect(isErnValidationError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'ENGINE_UNAVAILABLE', cause: expect.any(Error) });
    expect((error as Error).message).toContain('npm install libxml2-wasm@0.7.2');
  });

  it('installed but the WebAssembly module does not instantiate: says what it needs', async () => {
    const cause = Object.assign(new Error('WebAssembly.instantiate(): expected magic word'), { name: 'CompileError' });
    const error = await loadLibxml2Wasm(() => Promise.reject(cause)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ENGINE_UNAVAILABLE', cause });
    expect((error as Error).message).toContain('failed to load (WebAssembly.instantiate(): expected magic word)');
  });

  it('a module without XsdValidator', async () => {
    const partial = { XmlDocument: real.XmlDocument, xmlRegisterInputProvider: real.xmlRegisterInputProvider };
    await expect(loadLibxml2Wasm(() => Promise.resolve(partial))).rejects.toMatchObject({
      code: 'ENGINE_UNAVAILABLE',
    });
  });

  it('an injected module is used instead of the import', async () => {
    const spy = counting();
    const result = await validateErn('<NewReleaseMessage/>', { schemaDir, lib: spy.lib });
    expect(result.errors[0]?.code).toBe('not_ern');
    expect(spy.parsed).toBe(1);
    expect(spy.compiled).toEqual([]);
  });
});

describe('compiled schemas, cached per schema folder and version', () => {
  it('compiles each version once across every sample, valid and invalid', async () => {
    const spy = counting();
    for (const round of [1, 2]) {
      for (const sample of samples) {
        expect((await validateErn(sample.xml, { schemaDir, lib: spy.lib })).valid, `${round} ${sample.name}`).toBe(
          true,
        );
      }
      for (const sample of invalidSamples) {
        expect((await validateErn(sample.xml, { schemaDir, lib: spy.lib })).valid).toBe(false);
      }
    }
    expect(spy.parsed).toBe(2 * (samples.length + invalidSamples.length));
    expect(spy.compiled.sort()).toEqual(
      ERN_SCHEMA_VERSION_LIST.map((v) => join(schemaDir, ERN_SCHEMA_VERSIONS[v].folder, 'release-notification.xsd')),
    );
    clearErnSchemaCache(spy.lib);
  });

  it('another folder with the same files is compiled on its own; the same folder spelled differently is not', async () => {
    const spy = counting();
    const copy = join(temp, 'copy');
    cpSync(join(schemaDir, 'ern-382'), join(copy, 'ern-382'), { recursive: true });
    const sample = samples.find((s) => s.version === '3.8.2')!;
    for (const dir of [schemaDir, `${schemaDir}/./`, copy, join(copy, '..', 'copy')]) {
      expect((await validateErn(sample.xml, { schemaDir: dir, lib: spy.lib })).valid).toBe(true);
    }
    expect(spy.compiled).toEqual([
      join(schemaDir, 'ern-382', 'release-notification.xsd'),
      join(copy, 'ern-382', 'release-notification.xsd'),
    ]);
    clearErnSchemaCache(spy.lib);
  });

  it('reports the compile time, and validates warm much faster than it compiled', async () => {
    clearErnSchemaCache();
    const schema = await loadErnSchema('4.3', { schemaDir });
    expect(schema.compileMs).toBeGreaterThan(0);
    expect(schema.files).toEqual([schema.path, join(schemaDir, 'ern-43', 'allowed-value-sets.xsd')]);
    const sample = samples.find((s) => s.name === 'ern-43/1_Audio.xml')!;
    await validateErn(sample.xml, { schemaDir });
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      expect((await validateErn(sample.xml, { schemaDir })).valid).toBe(true);
      times.push(performance.now() - started);
    }
    const best = Math.min(...times);
    // libxmljs2 recompiled the schema per call, so a call cost about as much as compiling
    expect(best * 3).toBeLessThan(schema.compileMs);
    expect(await loadErnSchema('4.3', { schemaDir })).toBe(schema);
  });

  it('frees the WebAssembly memory of every parsed document, and of the schemas when the cache is cleared', async () => {
    clearErnSchemaCache();
    real.diag.configure({ enabled: true });
    try {
      const inputs = [
        ...samples.map((s) => s.xml),
        ...invalidSamples.map((s) => s.xml),
        new TextEncoder().encode(samples[0]!.xml),
        'hello, world',
        '<a>\n<b>\n</a>',
        '<NewReleaseMessage/>',
        '<ResourceList xmlns="http://ddex.net/xml/ern/43"/>',
      ];
      for (const xml of inputs) await validateErn(xml, { schemaDir });
      const report = real.diag.report() as Record<string, { totalInstances: number }>;
      // what is left: each version's XSD document and its compiled validator, held by the cache
      expect(report.XmlDocument?.totalInstances).toBe(ERN_SCHEMA_VERSION_LIST.length);
      expect(report.XsdValidator?.totalInstances).toBe(ERN_SCHEMA_VERSION_LIST.length);
      clearErnSchemaCache();
      expect(real.diag.report()).toEqual({});
    } finally {
      real.diag.configure({ enabled: false });
    }
  });

  it('a schema that does not compile is not cached, and its document is freed', async () => {
    const dir = join(temp, 'bad-avs');
    cpSync(join(schemaDir, 'ern-42'), join(dir, 'ern-42'), { recursive: true });
    const avs = join(dir, 'ern-42', ERN_SCHEMA_VERSIONS['4.2'].avsUrl.split('/').pop()!);
    writeFileSync(avs, '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:bogus/></xs:schema>');
    const sample = samples.find((s) => s.version === '4.2')!;
    real.diag.configure({ enabled: true });
    try {
      for (let i = 0; i < 2; i++) {
        const error = await validateErn(sample.xml, { schemaDir: dir }).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'SCHEMA_INVALID', path: join(dir, 'ern-42', 'release-notification.xsd') });
        expect((error as Error).message).toContain(`${avs}:1: Element '{http://www.w3.org/2001/XMLSchema}schema'`);
      }
      expect(real.diag.report()).toEqual({});
    } finally {
      real.diag.configure({ enabled: false });
    }
  });
});
