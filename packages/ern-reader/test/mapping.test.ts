import { describe, expect, it } from 'vitest';
import { readErn } from '../src';
import { miniErn43, STREAM_DEAL } from './support/mini';
import { sample } from './support/samples';

describe('mapping an ERN 4.3 message', () => {
  const result = readErn(miniErn43());
  const release = result.releases[0];

  it('maps the release: identifiers, titles, artists, label, genre, dates', () => {
    expect(result.releases).toHaveLength(1);
    expect(release?.id).toBe('5012345678900');
    expect(release?.type).toBe('Single');
    expect(release?.metadata).toMatchObject({
      title: 'Aurora Over Tromsø',
      displayArtist: 'Aurora Fields',
      artists: [{ name: 'Aurora Fields', role: 'MainArtist', ids: { isni: '0000000121032683' } }],
      label: 'Polar Records',
      barcode: '5012345678900',
      genre: ['Electronic', 'Ambient'],
      releaseDate: '2027-03-05',
      parentalWarning: 'NotExplicit',
    });
    expect(release?.ddex).toMatchObject({ version: '4.3', profile: 'SimpleAudioSingle', messageId: 'M1' });
  });

  it('maps the track with its credits: a Composer is a writer, a StudioProducer a contributor', () => {
    expect(release?.tracks).toEqual([
      expect.objectContaining({
        id: 'A1',
        sequenceNumber: 1,
        discNumber: 1,
        isrc: 'QZES72700001',
        audio: { fileId: 'T1', format: 'FLAC', sampleRate: 44100, bitDepth: 16, channels: 2 },
      }),
    ]);
    expect(release?.tracks[0]?.metadata).toMatchObject({
      title: 'Aurora Over Tromsø',
      duration: 191,
      pLine: { year: 2027, text: '2027 Polar Records' },
      writers: [{ name: 'Ingrid Solberg', role: 'Composer' }],
      contributors: [{ name: 'Ingrid Solberg', role: 'StudioProducer' }],
    });
  });

  it('maps technical details into assets', () => {
    expect(release?.assets.audio).toEqual([
      {
        id: 'T1',
        fileName: 'single_01.flac',
        format: 'FLAC',
        md5: '00000000000000000000000000000001',
        sampleRate: 44100,
        bitDepth: 16,
        channels: 2,
        codec: 'FLAC',
      },
    ]);
    expect(release?.assets.images).toEqual([
      { id: 'cover-1', fileName: 'cover.jpg', type: 'FrontCoverImage', format: 'JPEG', width: 3000, height: 3000 },
    ]);
  });

  it('maps one deal into territories and rights', () => {
    expect(release?.territories).toEqual({ included: ['Worldwide'], excluded: [] });
    expect(release?.rights).toEqual({
      startDate: '2027-03-05',
      commercialModels: ['SubscriptionModel'],
      useTypes: ['Stream'],
    });
    expect(release?.deals).toBeUndefined();
    expect(result.message).toMatchObject({
      id: 'M1',
      threadId: 'T1',
      sender: { dpid: 'PADPIDA2014120301H', name: 'Polar Records' },
    });
  });

  it('reports what the model cannot hold, with the XPath of the element', () => {
    expect(result.issues).toEqual([]);
    const extra = readErn(
      miniErn43({
        recordingExtra: '<CreationDate IsApproximate="true">2026-01-01</CreationDate><IsCover>false</IsCover>',
        releaseExtra: '<Extension xmlns:x="urn:x"><x:Mood>calm</x:Mood></Extension>',
      }),
    );
    expect(extra.issues.filter((i) => i.code === 'unmapped_element').map((i) => i.xpath)).toEqual([
      '/ern:NewReleaseMessage/ResourceList/SoundRecording/CreationDate',
      '/ern:NewReleaseMessage/ResourceList/SoundRecording/IsCover',
      '/ern:NewReleaseMessage/ReleaseList/Release/Extension',
    ]);
    expect(extra.releases).toHaveLength(1);
  });

  it('merges deals split by commercial model and keeps deals that differ as release.deals', () => {
    const split = `<ReleaseDeal><DealReleaseReference>R0</DealReleaseReference>
      <Deal><DealTerms><TerritoryCode>Worldwide</TerritoryCode><ExcludedTerritoryCode>KP</ExcludedTerritoryCode><ValidityPeriod><StartDate>2027-03-05</StartDate></ValidityPeriod>
        <CommercialModelType>SubscriptionModel</CommercialModelType><UseType>Stream</UseType></DealTerms></Deal>
      <Deal><DealTerms><TerritoryCode>Worldwide</TerritoryCode><ExcludedTerritoryCode>KP</ExcludedTerritoryCode><ValidityPeriod><StartDate>2027-03-05</StartDate></ValidityPeriod>
        <CommercialModelType>PayAsYouGoModel</CommercialModelType><UseType>PermanentDownload</UseType><PriceInformation><PriceCode>FRONT</PriceCode></PriceInformation></DealTerms></Deal>
      <Deal><DealTerms><TerritoryCode>NO</TerritoryCode><TerritoryCode>SE</TerritoryCode><ValidityPeriod><StartDate>2027-01-01</StartDate><EndDate>2027-12-31</EndDate></ValidityPeriod>
        <CommercialModelType>AdvertisementSupportedModel</CommercialModelType><UseType>Stream</UseType></DealTerms></Deal>
    </ReleaseDeal>`;
    const r = readErn(miniErn43({ deals: split })).releases[0];
    expect(r?.deals).toEqual([
      {
        territories: { included: ['Worldwide'], excluded: ['KP'] },
        startDate: '2027-03-05',
        priceCode: 'FRONT',
        commercialModels: ['SubscriptionModel', 'PayAsYouGoModel'],
        useTypes: ['Stream', 'PermanentDownload'],
      },
      {
        territories: { included: ['NO', 'SE'], excluded: [] },
        startDate: '2027-01-01',
        endDate: '2027-12-31',
        commercialModels: ['AdvertisementSupportedModel'],
        useTypes: ['Stream'],
      },
    ]);
    expect(r?.territories).toEqual({ included: ['Worldwide'], excluded: [] });
    expect(r?.rights.startDate).toBe('2027-01-01');
  });

  it('leaves out values the model rejects, reporting each, and keeps the release', () => {
    const r = readErn(miniErn43({ recordingExtra: '<LanguageOfPerformance>not a language!</LanguageOfPerformance>' }));
    expect(r.releases).toHaveLength(1);
    expect(r.releases[0]?.tracks[0]?.metadata.language).toBeUndefined();
    expect(r.issues).toContainEqual(
      expect.objectContaining({
        code: 'value_rejected',
        path: 'tracks.0.metadata.language',
        xpath: '/ern:NewReleaseMessage/ResourceList/SoundRecording',
      }),
    );
  });

  it('rejects a release the model cannot hold and says why, with paths', () => {
    const bad = miniErn43().replace('<ISRC>QZES72700001</ISRC>', '<ISRC>QZES7270000</ISRC>');
    const r = readErn(bad);
    expect(r.releases).toEqual([]);
    expect(r.issues).toContainEqual(
      expect.objectContaining({ code: 'release_rejected', severity: 'error', path: 'tracks.0.isrc', release: 'R0' }),
    );
  });
});

describe('takedowns', () => {
  it('a PurgeReleaseMessage is a takedown record', () => {
    const r = readErn(sample('ern-382/017_purged_release.xml'));
    expect(r.takedowns).toEqual([
      {
        method: 'Purge',
        releaseId: '7665431654967',
        identifiers: { icpn: '7665431654967', grid: 'AxxxxxxxxxxxZ', catalogNumber: '46567987654' },
        title: 'Whoa',
        effective: '2023-01-12T21:45:10.345+01:00',
        xpath: '/ernm:PurgeReleaseMessage/PurgedRelease',
      },
    ]);
    expect(r.message).toMatchObject({ type: 'PurgeReleaseMessage', controlType: 'TestMessage' });
  });

  it('deals that all ended when the message was created are a takedown (the release is still read)', () => {
    const ended = STREAM_DEAL.replace(
      '<StartDate>2027-03-05</StartDate>',
      '<StartDate>2027-03-05</StartDate><EndDate>2027-06-01</EndDate>',
    );
    const r = readErn(miniErn43({ deals: ended, createdAt: '2027-06-01T10:00:00Z' }));
    expect(r.takedowns).toMatchObject([{ method: 'EndedDeals', releaseId: '5012345678900', effective: '2027-06-01' }]);
    expect(r.releases[0]?.rights.endDate).toBe('2027-06-01');
  });

  it('a main release without deals in a message with a DealList is a takedown (ERN 4 empty deal list)', () => {
    const r = readErn(miniErn43({ deals: '' }));
    expect(r.takedowns).toMatchObject([{ method: 'NoDeals', releaseId: '5012345678900', title: 'Aurora Over Tromsø' }]);
    expect(r.releases).toEqual([]);
  });

  it('ERN 3.8.2 TakeDown deals are a takedown', () => {
    const xml = sample('ern-382/1199119911991.xml').replace(/<DealTerms>/g, '<DealTerms><TakeDown>true</TakeDown>');
    const r = readErn(xml);
    expect(r.takedowns.map((t) => t.method)).toContain('TakeDownFlag');
    expect(r.takedowns.find((t) => t.reference === 'R0')?.releaseId).toBe('1199119911991');
  });
});

describe('mapping ERN 3.8.2', () => {
  const r = readErn(sample('ern-382/1199119911991.xml'));
  const album = r.releases[0];

  it('maps the album with its nine tracks, writers, ISWCs and file details', () => {
    expect(album?.metadata).toMatchObject({
      title: 'Album Title',
      label: 'Label 1',
      displayArtist: 'Artist 1',
      genre: ['Classical'],
    });
    expect(album?.tracks).toHaveLength(9);
    const first = album?.tracks[0];
    expect(first?.metadata).toMatchObject({
      title: 'Track Title 1',
      duration: 487,
      contributors: [{ name: 'Artist 2', role: 'Conductor' }],
      writers: [{ name: 'Composer 1', role: 'Composer' }],
    });
    expect(album?.assets.audio[0]).toMatchObject({
      fileName: '1199119911991_001.flac',
      format: 'FLAC',
      sampleRate: 44100,
      md5: 'AABBCCDDEEFF11223344556677889900',
    });
    expect(album?.assets.images).toHaveLength(1);
  });

  it('reports the anonymised barcode as rejected and the territory overrides as unmapped', () => {
    expect(r.issues).toContainEqual(
      expect.objectContaining({ code: 'value_rejected', path: 'metadata.barcode', release: 'R0' }),
    );
    const override = readErn(sample('ern-382/Profile_AudioSingle_WithCompoundArtistsAndTerritorialOverride.xml'));
    expect(override.issues.filter((i) => i.code === 'unmapped_element').map((i) => i.xpath)).toContain(
      '/ern:NewReleaseMessage/ReleaseList/Release[1]/ReleaseDetailsByTerritory[2]',
    );
  });

  it('imports a message without deals when defaultRights are given, and says so', () => {
    const xml = sample('ern-382/Profile_AudioSingle_WithCompoundArtistsAndTerritorialOverride.xml');
    const r2 = readErn(xml, { defaultRights: { included: ['Worldwide'] } });
    expect(r2.releases).toHaveLength(1);
    expect(r2.releases[0]?.territories).toEqual({ included: ['Worldwide'], excluded: [] });
    expect(r2.releases[0]?.rights.startDate).toBe(r2.releases[0]?.metadata.releaseDate);
    expect(r2.issues).toContainEqual(expect.objectContaining({ code: 'derived_value', path: 'rights' }));
  });
});
