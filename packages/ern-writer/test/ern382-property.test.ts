import type { Release } from '@ddex/ern-model';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeErn382 } from '../src/ern382';
import type { WriteErnOptions } from '../src/types';
import { validateErn } from '../src/validate';
import { releaseArb } from './support/arbitraries';
import { options382, release382 } from './support/arbitraries-382';
import { OPTIONS_382 } from './support/ern382-fixtures';
import { SCHEMA_DIR, xmllintValidate } from './support/xmllint';

const ISSUE_CODES = new Set([
  'unsupported_field',
  'value_not_in_avs',
  'value_changed',
  'forbidden_xml_char',
  'deal_dropped',
  'takedown_method_unsupported',
  'unsupported_profile',
]);

/** The property: valid for validateErn (every run) and xmllint (every 8th), deterministic, known issue codes. */
function property(): (release: Release, options: WriteErnOptions) => Promise<void> {
  let run = 0;
  return async (release, options) => {
    const { xml, issues } = writeErn382(release, options);
    expect(writeErn382(release, options).xml).toBe(xml);
    const result = await validateErn(xml, { schemaDir: SCHEMA_DIR });
    expect(result.errors.map((e) => `${e.line}:${e.column}: ${e.message}\n${xml.split('\n')[e.line - 1]}`)).toEqual([]);
    expect(result.valid).toBe(true);
    if (run++ % 8 === 0) expect(xmllintValidate(xml, '3.8.2').valid).toBe(true);
    for (const issue of issues) {
      expect(ISSUE_CODES.has(issue.code), issue.code).toBe(true);
      expect(issue.path.length).toBeGreaterThan(0);
    }
  };
}

describe('ERN 3.8.2 property: every release the model accepts writes XSD-valid XML', () => {
  it('with the shared release arbitrary, for every message kind', async () => {
    await fc.assert(fc.asyncProperty(releaseArb, options382(OPTIONS_382), property()), { numRuns: 50, seed: 3821 });
  }, 120_000);

  it('with 3.8.2 extras: codecs, image types, profiles, hash-only files, fractional durations', async () => {
    await fc.assert(fc.asyncProperty(release382, options382(OPTIONS_382), property()), { numRuns: 40, seed: 3822 });
  }, 120_000);
});
