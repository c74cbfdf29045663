import { readFileSync } from 'node:fs';
import { type ErnVersionId, parseRelease, type Release } from '@ddex/ern-model';
import { writeErn } from '@ddex/ern-writer';
import { describe, expect, it } from 'vitest';
import { compareReleases, readErn } from '../src';
import { CANONICAL } from './support/paths';
import { readSamples } from './support/samples';
import { xsdErrors } from './support/xmllint';

const VERSIONS: ErnVersionId[] = ['3.8.2', '4.2', '4.3'];

function write(release: Release, version: ErnVersionId): string {
  return writeErn(release, {
    version,
    sender: { dpid: 'PADPIDA2014120301H', name: 'Polar Records' },
    recipient: { dpid: 'PADPIDA2015120100H', name: 'DSP' },
    messageId: 'round-trip-1',
    createdAt: '2026-11-26T12:00:00Z',
  }).xml;
}

/** Writes a release, checks the XML against the XSD, reads it back and returns the main release read. */
function writeAndRead(release: Release, version: ErnVersionId): { xml: string; back: Release | undefined } {
  const xml = write(release, version);
  expect(xsdErrors(xml, version)).toEqual([]);
  const result = readErn(xml);
  expect(result.version).toBe(version);
  return { xml, back: result.releases.find((r) => r.id === release.id) ?? result.releases[0] };
}

describe('official samples: read, write in the same version, read back', () => {
  for (const s of readSamples()) {
    const read = readErn(s.xml);
    const releases = [...read.releases, ...read.trackReleases.slice(0, 2)];
    if (releases.length === 0) continue;
    it(`${s.name}: ${releases.length} release(s) survive a write and a read`, () => {
      for (const release of releases) {
        const { back } = writeAndRead(release, s.version);
        expect(back, `release ${release.id} was not read back`).toBeDefined();
        expect(compareReleases(release, back as Release)).toEqual([]);
      }
    });
  }
});

describe('writer → reader → writer is a fixed point', () => {
  const parsed = parseRelease(JSON.parse(readFileSync(CANONICAL, 'utf8')));
  if (!parsed.success) throw new Error('the canonical album does not parse');
  const canonical = parsed.data;
  for (const version of VERSIONS) {
    it(`canonical album in ERN ${version}`, () => {
      const first = writeAndRead(canonical, version);
      expect(first.back).toBeDefined();
      expect(compareReleases(canonical, first.back as Release)).toEqual([]);
      const second = writeAndRead(first.back as Release, version);
      expect(compareReleases(first.back as Release, second.back as Release)).toEqual([]);
      expect(second.xml).toBe(first.xml);
    });
  }
});
