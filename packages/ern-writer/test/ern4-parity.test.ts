import { ReleaseSchema } from '@ddex/ern-model';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { Ern42Writer } from '../src/ern4/ern42-writer';
import { Ern43Writer } from '../src/ern4/ern43-writer';
import { BASE_OPTIONS, release, releaseInput, track } from './support/release-fixtures';

type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  in?: z.ZodType;
};
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Leaf paths of a zod schema: objects recurse, arrays of objects add `*`, anything else is a leaf. */
function leafPaths(schema: z.ZodType, path: string): string[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'default':
    case 'prefault':
    case 'nullable':
      return leafPaths(def.innerType as z.ZodType, path);
    case 'object':
      return Object.entries(def.shape ?? {}).flatMap(([key, child]) =>
        leafPaths(child, path === '' ? key : `${path}.${key}`),
      );
    case 'array': {
      const inner = leafPaths(def.element as z.ZodType, `${path}.*`);
      return inner.length === 1 && inner[0] === `${path}.*` ? [path] : inner;
    }
    default:
      return [path];
  }
}

const LEAVES = leafPaths(ReleaseSchema, '');

describe.each([new Ern43Writer(), new Ern42Writer()])('ERN $version field parity with ReleaseSchema', (writer) => {
  const { emitted, unsupported } = writer.fields;
  const covers = (entry: string, leaf: string) => leaf === entry || leaf.startsWith(`${entry}.`);

  it('every leaf field of the schema is emitted or listed as unsupported, exactly once', () => {
    expect(LEAVES.length).toBeGreaterThan(100);
    const unaccounted = LEAVES.filter(
      (leaf) => !emitted.includes(leaf) && !unsupported.some((u) => covers(u.path, leaf)),
    );
    expect(unaccounted).toEqual([]);
    const both = LEAVES.filter((leaf) => emitted.includes(leaf) && unsupported.some((u) => covers(u.path, leaf)));
    expect(both).toEqual([]);
  });

  it('lists no field the schema does not have', () => {
    expect(emitted.filter((p) => !LEAVES.includes(p))).toEqual([]);
    expect(unsupported.filter((u) => !LEAVES.some((leaf) => covers(u.path, leaf))).map((u) => u.path)).toEqual([]);
  });

  it('reports every lossy unsupported field that a release holds', () => {
    const input = releaseInput([
      track(1, { metadata: { title: 'W', displayArtist: 'A', duration: 100, workTitle: 'The Work' } }),
    ]);
    const r = release({
      ...input,
      assets: { ...input.assets, documents: [{ id: 'doc-1', fileName: 'liner.pdf' }] },
      rights: { ...input.rights, displayStartDate: '2027-02-20' },
      deals: [
        {
          territories: { included: ['Worldwide'] },
          startDate: '2027-03-05',
          commercialModels: ['SubscriptionModel'],
          useTypes: ['Stream'],
          displayStartDate: '2027-02-20',
        },
      ],
    });
    const { issues } = writer.write(r, { ...BASE_OPTIONS, version: writer.version });
    for (const u of unsupported.filter((f) => f.lossy)) {
      const concrete = u.path.replace(/\*/g, '0');
      expect(
        issues.some((i) => i.code === 'unsupported_field' && covers(concrete, i.path)),
        u.path,
      ).toBe(true);
    }
  });
});
