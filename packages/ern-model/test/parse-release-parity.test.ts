import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDelivery, parseDeliveryTarget, parseRelease, parseTenant } from '../src';
import { releaseParserCompiled } from '../src/parse';
import { canonicalAlbum } from './fixtures';
import * as reference from './support/reference/parse';
import { arbitraryJson, minimalRelease, mutatedRelease, richRelease } from './support/release-arbitraries';

// parseRelease runs zod with reportInput only on failure, moves to zod's compiled parser after some work, and walks
// for unknown keys and applies the cross-field rules without per-node allocation. test/support/reference holds the implementation
// before that work (its schemas, rules, unknown-key walk and parse); both must give the same result for any input:
// same success, the same data (key order and keys holding undefined included), the same issues and warnings in the
// same order.

function expectSameResult(actual: unknown, expected: unknown): void {
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
  expect(actual).toStrictEqual(expected);
}

function expectParity(input: unknown): boolean {
  const before = JSON.stringify(input);
  const actual = parseRelease(input);
  const expected = reference.parseRelease(input);
  expectSameResult(actual, expected);
  expect(JSON.stringify(input)).toBe(before); // neither parse changes its input
  return actual.success;
}

describe('parseRelease parity with the reference implementation', () => {
  it('holds on the runtime parser, before the compiled one is generated', () => {
    expect(releaseParserCompiled()).toBe(false);
    for (const release of [canonicalAlbum(), richRelease(), minimalRelease()]) expect(expectParity(release)).toBe(true);
    fc.assert(
      fc.property(mutatedRelease(0, 3), (release) => {
        expectParity(release);
      }),
      { numRuns: 100 },
    );
    expect(releaseParserCompiled()).toBe(false);
  });

  it('holds on the compiled parser, generated after about 3,000 tracks', () => {
    const album = canonicalAlbum();
    for (let i = 0; i < 300 && !releaseParserCompiled(); i++) parseRelease(album);
    expect(releaseParserCompiled()).toBe(true);
    for (const release of [canonicalAlbum(), richRelease(), minimalRelease()]) expect(expectParity(release)).toBe(true);
  });

  it('holds for releases with a few random changes (valid and invalid)', () => {
    let valid = 0;
    let invalid = 0;
    fc.assert(
      fc.property(mutatedRelease(0, 3), (release) => {
        if (expectParity(release)) valid++;
        else invalid++;
      }),
      { numRuns: 600 },
    );
    // both kinds must be well represented, or the property proves little
    expect(valid).toBeGreaterThan(100);
    expect(invalid).toBeGreaterThan(100);
  });

  it('holds for releases with many random changes', () => {
    fc.assert(
      fc.property(mutatedRelease(4, 12), (release) => {
        expectParity(release);
      }),
      { numRuns: 300 },
    );
  });

  it('holds for arbitrary JSON', () => {
    fc.assert(
      fc.property(arbitraryJson, (value) => {
        expectParity(value);
      }),
      { numRuns: 300 },
    );
  });

  it('holds for the other parsers, which only run zod with reportInput on failure', () => {
    const pairs = [
      [parseTenant, reference.parseTenant],
      [parseDeliveryTarget, reference.parseDeliveryTarget],
      [parseDelivery, reference.parseDelivery],
    ] as const;
    const input = fc.oneof(
      arbitraryJson,
      fc.record(
        {
          id: fc.constantFrom('t1', '', 7),
          name: fc.constantFrom('Tenant', ''),
          type: fc.constantFrom('label', 'DSP', 'x'),
          protocol: fc.constantFrom('SFTP', 'ftp'),
          releaseId: fc.constantFrom('r1', ''),
          targetId: fc.constantFrom('d1', null),
          settings: fc.constantFrom({ defaultTerritories: ['no', 'xx'] }, {}, 'none'),
          attempts: fc.constantFrom([{ number: 1, startedAt: '2027-01-01', status: 'failed' }], [{}]),
          extra: fc.jsonValue({ maxDepth: 1 }),
        },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(input, (value) => {
        for (const [parse, parseReference] of pairs) expectSameResult(parse(value), parseReference(value));
      }),
      { numRuns: 300 },
    );
  });
});
