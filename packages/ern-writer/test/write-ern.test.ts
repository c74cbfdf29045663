import { describe, expect, it } from 'vitest';
import { writeErn42 } from '../src/42';
import { writeErn43 } from '../src/43';
import { writeErn382 } from '../src/382';
import * as root from '../src/index';
import type { ErnVersion } from '../src/types';
import { ERN_VERSION_LIST, ERN_VERSIONS, type ErnVersionInfo } from '../src/versions';
import { ERN_WRITERS, writeErn } from '../src/write-ern';
import { BASE_OPTIONS, canonicalAlbum } from './support/release-fixtures';
import { expectSchemaValid } from './support/schema-assert';

describe('writeErn (root dispatcher)', () => {
  it.each(ERN_VERSION_LIST)('writes ERN %s in the namespace the version table names, schema-valid', async (version) => {
    const { xml } = writeErn(canonicalAlbum(), { ...BASE_OPTIONS, version });
    expect(xml).toContain(`xmlns:ern="${ERN_VERSIONS[version].namespace}"`);
    await expectSchemaValid(xml, version);
    const info: ErnVersionInfo = ERN_VERSIONS[version];
    expect(xml.includes('MessageSchemaVersionId=')).toBe(info.messageSchemaVersionId !== undefined);
    expect(xml.includes('AvsVersionId=')).toBe(info.avsVersionId !== undefined);
  });

  it('writes the canonical album with no issue in ERN 4.3 and 4.2, and only the unavoidable file sizes in 3.8.2', () => {
    // nothing changed or lost: the model's Producer is ERN 4's StudioProducer; only 3.8.2's File has no FileSize
    const issuesOf = (version: ErnVersion) => writeErn(canonicalAlbum(), { ...BASE_OPTIONS, version }).issues;
    expect(issuesOf('4.3')).toEqual([]);
    expect(issuesOf('4.2')).toEqual([]);
    const issues382 = issuesOf('3.8.2');
    expect(issues382.map((i) => `${i.code} ${i.path}`)).toEqual([
      ...Array.from({ length: 12 }, (_, i) => `unsupported_field assets.audio.${i}.size`),
      'unsupported_field assets.images.0.size',
    ]);
  });

  it.each(ERN_VERSION_LIST)('is deterministic for ERN %s', (version) => {
    const a = writeErn(canonicalAlbum(), { ...BASE_OPTIONS, version });
    const b = writeErn(canonicalAlbum(), { ...BASE_OPTIONS, version });
    expect(b.xml).toBe(a.xml);
    expect(b.issues).toEqual(a.issues);
  });

  it('gives the same bytes as the per-version subpaths', () => {
    const r = canonicalAlbum();
    const subpaths: Record<ErnVersion, typeof writeErn> = {
      '4.3': writeErn43,
      '4.2': writeErn42,
      '3.8.2': writeErn382,
    };
    for (const version of ERN_VERSION_LIST) {
      expect(subpaths[version](r, { ...BASE_OPTIONS, version }).xml).toBe(
        writeErn(r, { ...BASE_OPTIONS, version }).xml,
      );
      expect(ERN_WRITERS[version]).toBeTypeOf('function');
    }
  });

  it('defaults MessageId and thread from the release and createdAt, stable for the same inputs', () => {
    const { messageId: _m, ...options } = BASE_OPTIONS;
    const a = writeErn(canonicalAlbum(), { ...options, version: '4.3' });
    expect(a.xml).toContain('<MessageId>rel-polar-042-20270301100000</MessageId>');
    expect(a.xml).toContain('<MessageThreadId>rel-polar-042-20270301100000</MessageThreadId>');
    expect(writeErn(canonicalAlbum(), { ...options, version: '4.3', threadId: 'T-9' }).xml).toContain(
      '<MessageThreadId>T-9</MessageThreadId>',
    );
  });

  it('rejects an unknown version', () => {
    expect(() => writeErn(canonicalAlbum(), { ...BASE_OPTIONS, version: '5.0' as ErnVersion })).toThrow(
      /Unknown ERN version/,
    );
  });

  it('exports the writers and the version table from the root', () => {
    expect(root.writeErn).toBe(writeErn);
    expect(root.ERN_VERSIONS['4.3'].avsVersionId).toBe('9');
    expect(new root.Ern43Writer()).toBeInstanceOf(root.Ern42Writer);
  });
});

describe('a release that parseRelease did not shape', () => {
  // raw import JSON can lack what parseRelease fills in; the writers do not re-check their input
  const raw = () => {
    const release = structuredClone(canonicalAlbum()) as unknown as Record<string, unknown>;
    delete release.assets;
    return release as unknown as ReturnType<typeof canonicalAlbum>;
  };

  it.each(ERN_VERSION_LIST)('throws ErnWriterError UNPARSED_RELEASE in ERN %s, naming what to do', (version) => {
    const attempt = () => writeErn(raw(), { ...BASE_OPTIONS, version });
    expect(attempt).toThrow(root.ErnWriterError);
    expect(attempt).toThrow(/parseRelease\(json\)\.data/);
    try {
      attempt();
    } catch (error) {
      expect((error as InstanceType<typeof root.ErnWriterError>).code).toBe('UNPARSED_RELEASE');
      expect((error as Error).cause).toBeInstanceOf(TypeError);
    }
  });

  it('throws the same from the per-version entry points', () => {
    for (const write of [writeErn43, writeErn42, writeErn382])
      expect(() => write(raw(), BASE_OPTIONS as never)).toThrow(expect.objectContaining({ code: 'UNPARSED_RELEASE' }));
  });
});
