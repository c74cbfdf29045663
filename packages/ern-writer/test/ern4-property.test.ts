import { parseRelease } from '@ddex/ern-model';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateErn } from '../src/validate';
import { writeErn } from '../src/write-ern';
import { releaseArb, releaseInputArb } from './support/arbitraries';
import { SCHEMA_DIR } from './support/ddex-paths';
import { BASE_OPTIONS } from './support/release-fixtures';

describe('ERN 4 property: every release the model accepts writes XSD-valid XML', () => {
  it('the arbitrary mostly yields releases the model accepts', () => {
    const samples = fc.sample(releaseInputArb, { numRuns: 60, seed: 42 });
    const accepted = samples.filter((s) => parseRelease(s).success).length;
    expect(accepted).toBeGreaterThan(50);
  });

  it.each(['4.3', '4.2'] as const)('ERN %s', async (version) => {
    await fc.assert(
      fc.asyncProperty(
        releaseArb,
        fc.constantFrom('NewRelease', 'Takedown', 'Update') as fc.Arbitrary<'NewRelease' | 'Takedown' | 'Update'>,
        fc.constantFrom('EndDatedDeal', 'EmptyDealList', 'Purge') as fc.Arbitrary<
          'EndDatedDeal' | 'EmptyDealList' | 'Purge'
        >,
        async (release, kind, takedownMethod) => {
          const { xml } = writeErn(release, { ...BASE_OPTIONS, version, kind, takedownMethod });
          const result = await validateErn(xml, { schemaDir: SCHEMA_DIR });
          expect(
            result.errors.map((e) => `${e.line}:${e.column}: ${e.message}\n${xml.split('\n')[e.line - 1]}`),
          ).toEqual([]);
          expect(result.valid).toBe(true);
        },
      ),
      { numRuns: 40, seed: version === '4.3' ? 4311 : 4211 },
    );
  });
});
