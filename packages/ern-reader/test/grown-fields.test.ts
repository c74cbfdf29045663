import { readFileSync } from 'node:fs';
import { type ErnVersionId, parseRelease, type Release } from '@ddex/ern-model';
import { writeErn } from '@ddex/ern-writer';
import { describe, expect, it } from 'vitest';
import { compareReleases, readErn } from '../src';
import { miniErn43 } from './support/mini';
import { CANONICAL } from './support/paths';
import { xsdErrors } from './support/xmllint';

// The fields the model grew for real messages (issue 4): read from messages, written back, read again.

describe('reading the grown fields from an ERN 4.3 message', () => {
  const xml = miniErn43({
    recordingExtra: `<DisplayTitle LanguageAndScriptCode="ja-Jpan"><TitleText>オーロラ</TitleText></DisplayTitle>
      <DisplayArtistName LanguageAndScriptCode="ja-Kana">オーロラ・フィールズ</DisplayArtistName>
      <CreationDate>2026-05</CreationDate><IsInstrumental>true</IsInstrumental>`,
    releaseExtra: `<DisplayTitle ApplicableTerritoryCode="JP"><TitleText>Aurora (Japan Edition)</TitleText></DisplayTitle>
      <RelatedRelease><ReleaseRelationshipType>IsReleaseFromRelease</ReleaseRelationshipType>
        <ReleaseId><ICPN>5012345678917</ICPN></ReleaseId><DisplayTitleText>Northern Lights</DisplayTitleText>
        <ReleaseDate>2027-03-05</ReleaseDate></RelatedRelease>`,
    deals: `<ReleaseDeal><DealReleaseReference>R0</DealReleaseReference><Deal><DealTerms>
      <TerritoryCode>Worldwide</TerritoryCode><ValidityPeriod><StartDate>2027-03-05</StartDate></ValidityPeriod>
      <CommercialModelType>SubscriptionModel</CommercialModelType><UseType>Stream</UseType>
      <DistributionChannel><PartyName><FullName>Some DSP</FullName></PartyName></DistributionChannel>
      <IsPreOrderDeal>true</IsPreOrderDeal></DealTerms></Deal></ReleaseDeal>`,
  }).replace(
    '<FullName>Aurora Fields</FullName>',
    '<FullName>Aurora Fields</FullName><FullNameIndexed>Fields, Aurora</FullNameIndexed>',
  );
  const result = readErn(xml);
  const release = result.releases[0] as Release;

  it('maps them, and reports none of them as unmapped', () => {
    expect(result.issues.filter((i) => i.code === 'unmapped_element')).toEqual([]);
    expect(release.metadata.localizedTitles).toEqual([{ title: 'Aurora (Japan Edition)', territory: 'JP' }]);
    expect(release.metadata.relatedReleases).toEqual([
      {
        relation: 'IsReleaseFromRelease',
        barcode: '5012345678917',
        title: 'Northern Lights',
        releaseDate: '2027-03-05',
      },
    ]);
    expect(release.metadata.artists?.[0]?.sortName).toBe('Fields, Aurora');
    const track = release.tracks[0]?.metadata;
    expect(track).toMatchObject({
      localizedTitles: [{ title: 'オーロラ', language: 'ja-Jpan' }],
      localizedDisplayArtists: [{ name: 'オーロラ・フィールズ', language: 'ja-Kana' }],
      isInstrumental: true,
      recordingDate: '2026-05',
    });
    expect(release.rights).toMatchObject({ distributionChannels: ['Some DSP'], preOrder: true });
  });
});

const OPTIONS = {
  sender: { dpid: 'PADPIDA2014120301H', name: 'Polar Records' },
  recipient: { dpid: 'PADPIDA2015120100H', name: 'DSP' },
  messageId: 'grown-1',
  createdAt: '2026-11-26T12:00:00Z',
};

/** The canonical album with every grown field set. */
function grownAlbum(): Release {
  const input = JSON.parse(readFileSync(CANONICAL, 'utf8'));
  const m = input.metadata;
  m.localizedTitles = [
    { title: '北極光', language: 'zh-Hant' },
    { title: 'Nordlys', subtitle: 'Norsk utgave', territory: 'NO' },
  ];
  m.localizedDisplayArtists = [{ name: 'オーロラ・フィールズ', language: 'ja-Kana' }];
  m.artists = [{ name: 'Aurora Fields', role: 'MainArtist', sortName: 'Fields, Aurora' }];
  m.relatedReleases = [
    { relation: 'IsEquivalentToVideo', grid: 'A1QZ9PL2700000002A', title: 'Northern Lights (Video)' },
    { relation: 'IsReleaseFromRelease', barcode: '5012345678917', displayArtist: 'Aurora Fields' },
  ];
  const t = input.tracks[0].metadata;
  t.localizedTitles = [{ title: 'オーロラ', language: 'ja-Jpan' }];
  t.localizedDisplayArtists = [{ name: 'Aurora Felt', territory: 'NO' }];
  t.isInstrumental = true;
  t.recordingDate = '2026-05-14';
  t.writers[0].sortName = 'Solberg, Ingrid';
  input.tracks[1].metadata.isInstrumental = false;
  input.tracks[1].metadata.recordingDate = '2026';
  input.rights = { ...input.rights, distributionChannels: ['Some DSP', 'Other DSP'], preOrder: true };
  const parsed = parseRelease(input);
  if (!parsed.success) throw new Error(JSON.stringify(parsed.issues));
  return parsed.data;
}

function writeAndRead(release: Release, version: ErnVersionId) {
  const written = writeErn(release, { ...OPTIONS, version });
  expect(xsdErrors(written.xml, version)).toEqual([]);
  const read = readErn(written.xml);
  return { written, read, back: read.releases[0] as Release };
}

describe('the grown fields survive write → read', () => {
  const album = grownAlbum();

  it('the canonical album still parses unchanged without them', () => {
    const plain = parseRelease(JSON.parse(readFileSync(CANONICAL, 'utf8')));
    expect(plain.success).toBe(true);
  });

  for (const version of ['4.2', '4.3'] as const) {
    it(`ERN ${version}: every grown field, XSD-valid, read back equal`, () => {
      const { written, read, back } = writeAndRead(album, version);
      expect(written.issues.filter((i) => i.code === 'unsupported_field')).toEqual([]);
      expect(read.issues.filter((i) => i.code === 'unmapped_element')).toEqual([]);
      expect(compareReleases(album, back)).toEqual([]);
      expect(back.metadata.relatedReleases).toEqual(album.metadata.relatedReleases);
      const ingrid = back.tracks[0]?.metadata.writers.find((w) => w.name === 'Ingrid Solberg');
      expect(ingrid?.sortName).toBe('Solberg, Ingrid');
      expect(back.rights.distributionChannels).toEqual(['Some DSP', 'Other DSP']);
      // and the second write is the same message
      expect(writeErn(back, { ...OPTIONS, version }).xml).toBe(written.xml);
    });
  }

  it('ERN 3.8.2: the recording facts and deal extras survive; the rest is reported as not carried', () => {
    const withDisplay = parseRelease({ ...album, rights: { ...album.rights, displayStartDate: '2027-02-20' } });
    if (!withDisplay.success) throw new Error('invalid');
    const { written, back } = writeAndRead(withDisplay.data, '3.8.2');
    expect(back.tracks[0]?.metadata).toMatchObject({ isInstrumental: true, recordingDate: '2026-05-14' });
    expect(back.tracks[1]?.metadata).toMatchObject({ isInstrumental: false, recordingDate: '2026' });
    expect(back.rights).toMatchObject({
      distributionChannels: ['Some DSP', 'Other DSP'],
      preOrder: true,
      displayStartDate: '2027-02-20',
    });
    const lost = written.issues.filter((i) => i.code === 'unsupported_field').map((i) => i.path);
    expect(lost).toEqual(
      expect.arrayContaining([
        'metadata.localizedTitles.0',
        'metadata.localizedDisplayArtists.0',
        'metadata.relatedReleases.0',
        'metadata.artists.0.sortName',
        'tracks.0.metadata.localizedTitles.0',
        'tracks.0.metadata.writers.0.sortName',
      ]),
    );
  });
});
