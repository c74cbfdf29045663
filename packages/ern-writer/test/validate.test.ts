import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  clearErnSchemaCache,
  detectErnVersion,
  ERN_SCHEMA_VERSION_LIST,
  ERN_SCHEMA_VERSIONS,
  isErnValidationError,
  loadErnSchema,
  validateErn,
} from '../src/validate';
import { SCHEMA_DIR } from './support/ddex-paths';
import { readSamples } from './support/samples';

const samples = readSamples('valid');
const invalidSamples = readSamples('invalid');
const schemaDir = SCHEMA_DIR;
const temp = mkdtempSync(join(tmpdir(), 'ern-validate-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function utf16le(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    bytes[2 * i] = text.charCodeAt(i) & 0xff;
    bytes[2 * i + 1] = text.charCodeAt(i) >> 8;
  }
  return bytes;
}

describe('official samples', () => {
  it('finds samples of every version', () => {
    for (const version of ERN_SCHEMA_VERSION_LIST) {
      expect(samples.filter((s) => s.version === version).length).toBeGreaterThanOrEqual(5);
    }
    expect(invalidSamples.map((s) => s.name)).toContain('ern-382/invalid/005_not_valid_xsd.xml');
  });

  it.each(samples.map((s) => [s.name, s] as const))('%s is valid', async (_, sample) => {
    const result = await validateErn(sample.xml, { schemaDir });
    expect(result).toEqual({ valid: true, version: sample.version, errors: [] });
    expect(detectErnVersion(sample.xml)).toBe(sample.version);
  });

  it('accepts the document as bytes', async () => {
    const sample = samples.find((s) => s.version === '4.3') ?? samples[0]!;
    const result = await validateErn(readFileSync(sample.path), { schemaDir });
    expect(result.valid).toBe(true);
  });

  it('reads UTF-16 bytes by their byte-order mark, with line numbers', async () => {
    const sample = samples.find((s) => s.name === 'ern-43/1_Audio.xml')!;
    expect(sample.xml).toContain('encoding="UTF-8"');
    const bytes = utf16le(`\uFEFF${sample.xml.replace('encoding="UTF-8"', 'encoding="UTF-16"')}`);
    expect(await validateErn(bytes, { schemaDir })).toEqual({ valid: true, version: '4.3', errors: [] });
    const broken = utf16le(
      `\uFEFF${sample.xml.replace('encoding="UTF-8"', 'encoding="UTF-16"').replace('<ResourceList>', '<ResourceList><Bogus/>')}`,
    );
    const line = sample.xml.split('\n').findIndex((l) => l.includes('<ResourceList>')) + 1;
    const result = await validateErn(broken, { schemaDir });
    expect(result.errors).toEqual([expect.objectContaining({ code: 'schema', line })]);
  });

  it('takes a string as already decoded, whatever encoding its declaration names', async () => {
    const sample = samples.find((s) => s.name === 'ern-43/1_Audio.xml')!;
    const xml = sample.xml
      .replace('encoding="UTF-8"', 'encoding="UTF-16"')
      .replace(/<FullName>[^<]*</, '<FullName>Björk ñ 日本<');
    expect(xml).toContain('Björk');
    expect(await validateErn(xml, { schemaDir })).toEqual({ valid: true, version: '4.3', errors: [] });
  });

  it('reports the FakeTag of the negative sample at line 31 (as xmllint does)', async () => {
    const sample = invalidSamples.find((s) => s.name.endsWith('005_not_valid_xsd.xml'))!;
    const expected = readFileSync(join(schemaDir, '../validation-results.txt'), 'utf8')
      .split('\n')
      .find((line) => line.includes('005_not_valid_xsd.xml'));
    expect(expected).toMatch(/:31: element FakeTag/);
    const result = await validateErn(sample.xml, { schemaDir });
    expect(result.valid).toBe(false);
    expect(result.version).toBe('3.8.2');
    expect(result.errors).toHaveLength(1);
    const [error] = result.errors;
    expect(error?.code).toBe('schema');
    expect(error?.line).toBe(31);
    expect(error?.message).toMatch(/^Element 'FakeTag': This element is not expected/);
    const line = sample.xml.split('\n')[30]!;
    expect(error?.column).toBe(line.indexOf('<FakeTag>') + 1);
  });
});

describe('every invalid sample fails', () => {
  it.each(invalidSamples.map((s) => [s.name, s] as const))('%s', async (_, sample) => {
    const result = await validateErn(sample.xml, { schemaDir });
    expect(result.valid).toBe(false);
    expect(result.errors.length).toBeGreaterThan(0);
    for (const error of result.errors) expect(error.line).toBeGreaterThan(0);
  });
});

describe('positions', () => {
  const audio43 = samples.find((s) => s.name === 'ern-43/1_Audio.xml')?.xml ?? samples.at(-1)!.xml;

  it('points at the start tag of an element whose start tag spans lines', async () => {
    const xml = audio43.replace('<ResourceList>', '<ResourceList\n\n   >\n<Bogus/>');
    const lineOfTag = xml.slice(0, xml.indexOf('<ResourceList')).split('\n').length;
    const result = await validateErn(xml, { schemaDir });
    expect(result.valid).toBe(false);
    const bogus = result.errors.find((e) => e.message.includes("'Bogus'"));
    expect(bogus).toMatchObject({ line: lineOfTag + 3, column: 1 });
  });

  it('points at the attribute of an attribute error', async () => {
    const xml = audio43.replace('<ern:NewReleaseMessage', '<ern:NewReleaseMessage\n   Bogus="x"');
    const result = await validateErn(xml, { schemaDir });
    const error = result.errors.find((e) => e.message.includes("attribute 'Bogus'"));
    const root = xml.split('\n').findIndex((line) => line.includes('<ern:NewReleaseMessage')) + 1;
    expect(error).toMatchObject({ line: root + 1, column: 4 });
  });

  it('keeps line numbers past 65535 exact', async () => {
    const filler = '<!-- filler -->\n'.repeat(70_000);
    const xml = audio43.replace('<ResourceList>', `${filler}<ResourceList>\n  <Bogus/>`);
    const expectedLine = xml.split('\n').findIndex((line) => line.includes('<Bogus/>')) + 1;
    expect(expectedLine).toBeGreaterThan(70_000);
    const result = await validateErn(xml, { schemaDir });
    expect(result.errors.find((e) => e.message.includes("'Bogus'"))).toMatchObject({ line: expectedLine, column: 3 });
  });

  it('gives column 0 when an element appears twice on the line', async () => {
    const xml = audio43.replace('<ResourceList>', '<ResourceList><Bogus/><Bogus/>');
    const result = await validateErn(xml, { schemaDir });
    const line = xml.split('\n').findIndex((l) => l.includes('<Bogus/><Bogus/>')) + 1;
    expect(result.errors[0]).toMatchObject({ line, column: 0 });
  });
});

describe('documents that are not ERN messages', () => {
  it('not XML: valid false with libxml2 position', async () => {
    const result = await validateErn('hello, world', { schemaDir });
    expect(result).toEqual({
      valid: false,
      version: null,
      errors: [{ line: 1, column: 1, message: "Start tag expected, '<' not found", code: 'not_well_formed' }],
    });
  });

  it('not well-formed: every parser error with its line', async () => {
    const result = await validateErn('<a>\n<b>\n</a>', { schemaDir });
    expect(result.valid).toBe(false);
    expect(result.errors[0]).toMatchObject({ line: 3, code: 'not_well_formed' });
    expect(result.errors[0]?.message).toMatch(/mismatch/);
  });

  it('empty input', async () => {
    const result = await validateErn('  \n', { schemaDir });
    expect(result.valid).toBe(false);
    expect(result.errors[0]?.code).toBe('not_well_formed');
  });

  it('unknown namespace', async () => {
    const xml = '<?xml version="1.0"?>\n<ern:NewReleaseMessage xmlns:ern="http://ddex.net/xml/ern/41"/>';
    const result = await validateErn(xml, { schemaDir });
    expect(result.valid).toBe(false);
    expect(result.version).toBeNull();
    expect(result.errors).toEqual([
      expect.objectContaining({ line: 2, column: 1, code: 'not_ern', message: expect.stringContaining('ern/41') }),
    ]);
    expect(detectErnVersion(xml)).toBeUndefined();
  });

  it('no namespace', async () => {
    const result = await validateErn('<NewReleaseMessage/>', { schemaDir });
    expect(result.errors[0]).toMatchObject({ code: 'not_ern', message: expect.stringContaining('in no namespace') });
  });

  it('a known namespace with a root that is not a message', async () => {
    const result = await validateErn('<ResourceList xmlns="http://ddex.net/xml/ern/43"/>', { schemaDir });
    expect(result).toMatchObject({ valid: false, version: '4.3', errors: [{ code: 'not_ern' }] });
    expect(result.errors[0]?.message).toContain('NewReleaseMessage, PurgeReleaseMessage');
  });

  it('CatalogListMessage is a message only in 3.8.2', () => {
    expect(detectErnVersion('<CatalogListMessage xmlns="http://ddex.net/xml/ern/382"/>')).toBe('3.8.2');
    expect(detectErnVersion('<CatalogListMessage xmlns="http://ddex.net/xml/ern/43"/>')).toBeUndefined();
  });
});

describe('detectErnVersion', () => {
  it('reads the namespace of the root prefix, after declaration, comments and PIs', () => {
    const xml =
      '\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<!-- <ern:NewReleaseMessage xmlns:ern="http://ddex.net/xml/ern/382"> -->\n' +
      '<?pi x?><x:PurgeReleaseMessage xmlns:ern="http://ddex.net/xml/ern/382"\n  xmlns:x = \'http://ddex.net/xml/ern/42\'>';
    expect(detectErnVersion(xml)).toBe('4.2');
    expect(detectErnVersion(new TextEncoder().encode(xml))).toBe('4.2');
  });

  it('gives undefined for text that is not XML or a prefix that is not declared', () => {
    expect(detectErnVersion('')).toBeUndefined();
    expect(detectErnVersion('{"json":true}')).toBeUndefined();
    expect(detectErnVersion('<ern:NewReleaseMessage xmlns="http://ddex.net/xml/ern/43">')).toBeUndefined();
  });
});

describe('schema folder', () => {
  const sample43 = samples.find((s) => s.version === '4.3')!;

  it('no folder given: SCHEMAS_NOT_FOUND saying how to get them', async () => {
    vi.stubEnv('DDEX_SCHEMA_DIR', '');
    try {
      const error = await validateErn(sample43.xml).catch((e: unknown) => e);
      expect(isErnValidationError(error)).toBe(true);
      expect(error).toMatchObject({ name: 'ErnValidationError', code: 'SCHEMAS_NOT_FOUND' });
      const message = (error as Error).message;
      expect(message).toContain('DDEX_SCHEMA_DIR');
      expect(message).toContain('--schemas');
      expect(message).toContain('http://ddex.net/xml/ern/43/release-notification.xsd');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('reads DDEX_SCHEMA_DIR when no option is given', async () => {
    vi.stubEnv('DDEX_SCHEMA_DIR', schemaDir);
    try {
      expect((await validateErn(sample43.xml)).valid).toBe(true);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('a folder that does not exist', async () => {
    await expect(validateErn(sample43.xml, { schemaDir: join(temp, 'nope') })).rejects.toMatchObject({
      code: 'SCHEMAS_NOT_FOUND',
      path: join(temp, 'nope'),
    });
  });

  it('a folder without the version', async () => {
    const dir = join(temp, 'only-382');
    cpSync(join(schemaDir, 'ern-382'), join(dir, 'ern-382'), { recursive: true });
    const sample382 = samples.find((s) => s.version === '3.8.2')!;
    expect((await validateErn(sample382.xml, { schemaDir: dir })).valid).toBe(true);
    const error = await validateErn(sample43.xml, { schemaDir: dir }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SCHEMAS_NOT_FOUND' });
    expect((error as Error).message).toContain(join(dir, 'ern-43', 'release-notification.xsd'));
  });

  it('a version folder without its AVS file', async () => {
    const dir = join(temp, 'no-avs');
    cpSync(join(schemaDir, 'ern-43', 'release-notification.xsd'), join(dir, 'ern-43', 'release-notification.xsd'));
    const error = await validateErn(sample43.xml, { schemaDir: dir }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SCHEMAS_NOT_FOUND', path: join(dir, 'ern-43', 'allowed-value-sets.xsd') });
  });

  it('an official-form XSD importing its AVS by URL uses the local copy (nothing fetched)', async () => {
    const dir = join(temp, 'official-form');
    cpSync(join(schemaDir, 'ern-43'), join(dir, 'ern-43'), { recursive: true });
    const xsd = join(dir, 'ern-43', 'release-notification.xsd');
    const text = readFileSync(xsd, 'utf8');
    const official = text.replace(
      /schemaLocation="allowed-value-sets.xsd"/,
      `schemaLocation="${ERN_SCHEMA_VERSIONS['4.3'].avsUrl}"`,
    );
    expect(official).not.toBe(text);
    writeFileSync(xsd, official);
    expect(await validateErn(sample43.xml, { schemaDir: dir })).toMatchObject({ valid: true, version: '4.3' });
    rmSync(join(dir, 'ern-43', 'allowed-value-sets.xsd'));
    clearErnSchemaCache();
    await expect(validateErn(sample43.xml, { schemaDir: dir })).rejects.toMatchObject({ code: 'SCHEMAS_NOT_FOUND' });
  });

  it('an XSD that is not XML: SCHEMA_INVALID', async () => {
    const dir = join(temp, 'broken');
    cpSync(join(schemaDir, 'ern-42'), join(dir, 'ern-42'), { recursive: true });
    writeFileSync(join(dir, 'ern-42', 'release-notification.xsd'), '<xs:schema');
    const sample42 = samples.find((s) => s.version === '4.2')!;
    await expect(validateErn(sample42.xml, { schemaDir: dir })).rejects.toMatchObject({ code: 'SCHEMA_INVALID' });
  });
});

describe('schema cache', () => {
  // compile counts, per-folder keys and memory: validate-engine.test.ts
  it('returns the same compiled schema for the same path, and a fresh one after clearing', async () => {
    clearErnSchemaCache();
    const started = performance.now();
    const first = await loadErnSchema('4.3', { schemaDir });
    const cold = performance.now() - started;
    const again = performance.now();
    const second = await loadErnSchema('4.3', { schemaDir: `${schemaDir}/./` });
    const warm = performance.now() - again;
    expect(second).toBe(first);
    expect(first.files).toHaveLength(2);
    expect(warm * 5).toBeLessThan(cold);
    clearErnSchemaCache();
    expect(await loadErnSchema('4.3', { schemaDir })).not.toBe(first);
  });
});
