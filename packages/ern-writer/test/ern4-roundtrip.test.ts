import type { Release } from '@ddex/ern-model';
import { describe, expect, it } from 'vitest';
import { writeErn } from '../src/write-ern';
import { xpathValues } from './support/parse-xml';
import { BASE_OPTIONS, fixtureReleases } from './support/release-fixtures';

// An independent XML parser (libxml2) reads back exactly the texts the release held: escaping loses nothing.
const special = fixtureReleases()['special characters'] as Release;

describe.each(['4.3', '4.2'] as const)('ERN %s texts survive a parser round trip', (version) => {
  const { xml } = writeErn(special, { ...BASE_OPTIONS, version });
  const texts = (xpath: string) => xpathValues(xml, xpath);
  const attrs = texts;
  const m = special.metadata;
  const t = special.tracks[0];

  it('element texts', () => {
    expect(texts('//Release/DisplayTitle/TitleText')).toEqual([m.title]);
    expect(texts('//Release/DisplayTitle/SubTitle')).toEqual([m.subtitle]);
    expect(texts('//Release/MarketingComment')).toEqual([m.marketingComment]);
    expect(texts('//Release/Keywords')).toEqual(m.keywords);
    expect(texts('//Release/CatalogNumber | //ReleaseId/CatalogNumber')).toEqual([m.catalogNumber]);
    expect(texts('//Party/PartyName/FullName')).toEqual(
      expect.arrayContaining([m.label, m.displayArtist, t?.metadata.writers[0]?.name]),
    );
    expect(texts('//SoundRecording/DisplayTitle/TitleText')).toContain(t?.metadata.title);
    expect(texts('//PLine/PLineText')).toContain(t?.metadata.pLine?.text);
    expect(texts('//Genre/GenreText')).toContain(m.genre[0]);
    expect(texts('//Genre/SubGenre')).toContain(m.genre[1]);
  });

  it('attribute values', () => {
    const ns = t?.metadata.proprietaryIds?.[0]?.namespace;
    expect(attrs('//SoundRecording//ResourceId/ProprietaryId/@Namespace')).toEqual([ns]);
    expect(attrs('//Party/PartyId/ProprietaryId/@Namespace')).toContain(ns);
  });
});
