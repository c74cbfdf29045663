import { describe, expect, it } from 'vitest';
import { Ern42Writer } from '../src/ern4/ern42-writer';
import { Ern43Writer } from '../src/ern4/ern43-writer';
import { type ErnWriterError, isErnWriterError } from '../src/ern382';
import type { WriteErnOptions } from '../src/types';
import { writeErn } from '../src/write-ern';
import {
  BASE_OPTIONS,
  canonicalAlbum,
  fixtureReleases,
  release,
  releaseInput,
  track,
} from './support/release-fixtures';
import { expectSchemaValid } from './support/schema-assert';

const VERSIONS = ['4.3', '4.2'] as const;
const fixtures = fixtureReleases();

const count = (xml: string, text: string): number => xml.split(text).length - 1;

describe.each(VERSIONS)('ERN %s writer', (version) => {
  const options: WriteErnOptions = { ...BASE_OPTIONS, version };
  const write = (r = fixtures.album, extra: Partial<WriteErnOptions> = {}) =>
    writeErn(r as NonNullable<typeof r>, { ...options, ...extra });

  it('writes the canonical album valid against the official XSD', async () => {
    const { xml, issues } = write(canonicalAlbum());
    await expectSchemaValid(xml, version);
    expect(xml).toContain(`xmlns:ern="http://ddex.net/xml/ern/${version.replace('.', '')}"`);
    expect(xml).not.toContain('MessageSchemaVersionId');
    expect(xml).toContain('LanguageAndScriptCode="en"');
    expect(xml.includes('AvsVersionId="9"')).toBe(version === '4.3');
    expect(xml).toContain('ReleaseProfileVersionId="Audio"');
    expect(count(xml, '<SoundRecording>')).toBe(12);
    expect(count(xml, '<TrackRelease>')).toBe(12);
    expect(count(xml, '<DealReleaseReference>')).toBe(13);
    expect(xml).toContain('<ICPN>5012345678900</ICPN>');
    expect(xml).toContain('<GRid>A1QZ9PL2700000001C</GRid>');
    expect(xml).toContain('<CatalogNumber Namespace="PADPIDA20270101016">POLAR-042</CatalogNumber>');
    expect(xml).toContain('<HashSumValue>00000000000000000000000000000001</HashSumValue>');
    expect(xml).toContain('<FileSize>30001000</FileSize>');
    expect(xml).toContain('<SamplingRate UnitOfMeasure="Hz">44100</SamplingRate>');
    expect(xml).toContain('<ImageHeight UnitOfMeasure="Pixel">3000</ImageHeight>');
    expect(xml).toContain('<ExcludedTerritoryCode>KP</ExcludedTerritoryCode>');
    expect(xml).toContain('<PriceCode Namespace="PADPIDA20270101016">FRONT</PriceCode>');
    expect(xml).toContain('<Duration>PT3M11S</Duration>');
    expect(xml).toContain('<MessageControlType>LiveMessage</MessageControlType>');
    // the model's Producer is ERN 4's StudioProducer (same meaning, nothing lost): no issue
    expect(count(xml, '<Role>StudioProducer</Role>')).toBe(12);
    expect(xml).not.toContain('<Role>Producer</Role>');
    expect(issues).toEqual([]);
  });

  it.each(Object.keys(fixtures))('writes the %s release valid against the official XSD', async (name) => {
    const { xml } = write(fixtures[name]);
    await expectSchemaValid(xml, version);
  });

  it('puts the ISRC, P line and technical details where the version wants them', () => {
    const { xml } = write();
    if (version === '4.3') {
      expect(xml).toMatch(/<SoundRecordingEdition>\s*<ResourceId>\s*<ISRC>QZES72700101<\/ISRC>/);
      expect(xml).toContain('<DeliveryFile>');
      expect(xml).toContain('<ClipType>Preview</ClipType>');
      expect(xml).not.toContain('<PreviewDetails>');
    } else {
      expect(xml).toMatch(/<Type>MusicalWorkSoundRecording<\/Type>\s*<ResourceId>\s*<ISRC>QZES72700101<\/ISRC>/);
      expect(xml).toContain('<PreviewDetails>');
      expect(xml).not.toContain('<SoundRecordingEdition>');
      expect(xml).not.toContain('<DeliveryFile>');
    }
  });

  it('writes a single as SimpleAudioSingle without track releases', async () => {
    const { xml } = write(fixtures.single);
    expect(xml).toContain('ReleaseProfileVersionId="SimpleAudioSingle"');
    expect(xml).toContain('<ReleaseType>Single</ReleaseType>');
    expect(xml).not.toContain('<TrackRelease>');
    expect(count(xml, '<DealReleaseReference>')).toBe(1);
  });

  it('writes an EP with the Audio profile', () => {
    const { xml } = write(fixtures.ep);
    expect(xml).toContain('<ReleaseType>EP</ReleaseType>');
    expect(xml).toContain('ReleaseProfileVersionId="Audio"');
    expect(count(xml, '<TrackRelease>')).toBe(4);
  });

  it('writes one resource group per disc', () => {
    const { xml } = write(fixtures['two discs']);
    expect(count(xml, '<ResourceGroup ResourceGroupType="Component">')).toBe(2);
    expect(xml).toMatch(/<ResourceGroup ResourceGroupType="Component">\s*<SequenceNumber>2<\/SequenceNumber>/);
  });

  it('writes a various-artists compilation with per-track artists', () => {
    const { xml } = write(fixtures['various artists']);
    expect(xml).toContain('<IsMultiArtistCompilation>true</IsMultiArtistCompilation>');
    for (const name of ['Various Artists', 'Aurora Fields', 'Kai Nordlys', 'Sami Stars', 'Ola'])
      expect(xml).toContain(`<FullName>${name}</FullName>`);
    expect(xml).toContain('<DisplayArtistRole>FeaturedArtist</DisplayArtistRole>');
    expect(xml).toContain('<IpiNameNumber>00123456789</IpiNameNumber>');
    expect(xml).toContain('<Role>MusicPublisher</Role>');
  });

  it('escapes every text and drops characters XML 1.0 cannot carry, with an issue', () => {
    const { xml, issues } = write(fixtures['special characters']);
    expect(xml).not.toContain('<Björk>');
    expect(xml).not.toContain('\u0001');
    expect(xml).toContain("Ærø &amp; &lt;Björk&gt; &quot;quoted&quot; 'single' 東京 🎵");
    expect(xml).toContain('Comment&#13;\nwith a second line\tand a tab');
    for (const what of [
      'Title',
      'Sub',
      'Artist',
      'Contributor',
      'Writer',
      'Publisher',
      'PLine',
      'TrackGenre',
      'Rec',
      'Release',
      'Deluxe',
      'Label',
      'Lab',
      'CAT',
      'Rel',
      'Genre',
      'SubGenre',
      'CLine',
      'Keyword',
      'Price',
      'ID',
      'NS',
    ]) {
      expect(xml, what).toContain(`${what} Ærø &amp; &lt;Björk&gt;`);
    }
    expect(issues).toContainEqual(
      expect.objectContaining({ code: 'forbidden_xml_char', path: 'tracks.1.metadata.title' }),
    );
  });

  it('writes excluded territories as ExcludedTerritoryCode only', () => {
    const { xml } = write(fixtures['excluded territories']);
    expect(count(xml, '<ExcludedTerritoryCode>')).toBe(8);
    expect(xml).not.toContain('<TerritoryCode>');
  });

  it('writes date-time validity periods with seconds', () => {
    const { xml } = write(fixtures['datetime validity']);
    expect(xml).toContain('<StartDateTime>2027-03-05T00:00:00Z</StartDateTime>');
    expect(xml).toContain('<EndDateTime>2028-03-05T12:30:00+01:00</EndDateTime>');
    expect(count(xml, '<TerritoryCode>')).toBe(3);
  });

  it('marks explicit tracks and the release explicit', () => {
    const { xml } = write(fixtures['explicit tracks']);
    expect(count(xml, '<ParentalWarningType>Explicit</ParentalWarningType>')).toBe(2);
  });

  it('writes each explicit deal, split by commercial model', () => {
    const { xml } = write(fixtures['multiple deals']);
    expect(count(xml, '<Deal>')).toBe(4);
    expect(xml).toContain('<EndDate>2029-04-01</EndDate>');
    expect(xml).toContain('<PriceCode Namespace="PADPIDA20270101016">MID</PriceCode>');
    expect(xml).toContain('<StartDateTime>2027-05-01T08:00:00Z</StartDateTime>');
  });

  it('writes a video release with Video resources and the Video profile', () => {
    const { xml } = write(fixtures.video);
    expect(xml).toContain('ReleaseProfileVersionId="Video"');
    expect(xml).toContain('<ReleaseType>VideoAlbum</ReleaseType>');
    expect(count(xml, '<Video>')).toBe(2);
    expect(xml).toContain('<VideoCodecType>AVC</VideoCodecType>');
    expect(xml).toContain('<ContainerFormat>MP4</ContainerFormat>');
    expect(xml).not.toContain('<SoundRecording>');
  });

  it('writes an update as a full NewReleaseMessage', async () => {
    const update = write(fixtures.album, { kind: 'Update' });
    await expectSchemaValid(update.xml, version);
    expect(update.xml).toBe(write(fixtures.album).xml);
  });

  it('writes a takedown as deals end-dated at the creation time', async () => {
    const { xml } = write(fixtures.album, { kind: 'Takedown', takedownMethod: 'EndDatedDeal' });
    await expectSchemaValid(xml, version);
    expect(count(xml, '<EndDate>2027-03-01</EndDate>')).toBe(2);
    // a deal that had not started yet starts and ends at the takedown
    expect(count(xml, '<StartDate>2027-03-01</StartDate>')).toBe(2);
    const datetime = write(fixtures['datetime validity'], { kind: 'Takedown' });
    await expectSchemaValid(datetime.xml, version);
    expect(datetime.xml).toContain('<EndDateTime>2027-03-01T10:00:00Z</EndDateTime>');
  });

  it('writes a takedown as a message without deals', async () => {
    const { xml } = write(fixtures.album, { kind: 'Takedown', takedownMethod: 'EmptyDealList' });
    await expectSchemaValid(xml, version);
    expect(xml).not.toContain('<DealList>');
    expect(xml).toContain('<ReleaseList>');
  });

  it('writes a purge as a PurgeReleaseMessage', async () => {
    const { xml } = write(fixtures.album, { kind: 'Takedown', takedownMethod: 'Purge' });
    await expectSchemaValid(xml, version);
    expect(xml).toContain('<ern:PurgeReleaseMessage');
    expect(xml).toContain('<ICPN>5012345678900</ICPN>');
    expect(xml).not.toContain('ReleaseProfileVersionId');
  });

  it('writes values outside the version AVS as UserDefined, with an issue', async () => {
    const r = release(
      releaseInput([track(1), track(2)], {
        type: 'VideoClipRelease',
        metadata: { ...releaseInput([]).metadata, artists: [{ name: 'Aurora Fields', role: 'Composer' }] },
      }),
    );
    const { xml, issues } = write(r);
    await expectSchemaValid(xml, version);
    expect(xml).toContain('<ReleaseType UserDefinedValue="VideoClipRelease">UserDefined</ReleaseType>');
    expect(issues).toContainEqual(expect.objectContaining({ code: 'value_not_in_avs', path: 'type' }));
    // 4.2's DisplayArtistRole has neither Composer nor UserDefined
    if (version === '4.2') expect(issues).toContainEqual(expect.objectContaining({ path: 'metadata.artists.0.role' }));
    else expect(xml).toContain('<DisplayArtistRole>Composer</DisplayArtistRole>');
  });

  it('replaces a language tag the ERN 4 pattern rejects, with an issue', async () => {
    const base = releaseInput([
      track(1, { metadata: { title: 'T', displayArtist: 'A', duration: 100, language: 'de-CH-1996' } }),
    ]);
    const { xml, issues } = write(release({ ...base, metadata: { ...base.metadata, language: 'de-CH-1996' } }));
    await expectSchemaValid(xml, version, { xmllint: false });
    expect(xml).toContain('LanguageAndScriptCode="en"');
    expect(xml).not.toContain('<LanguageOfPerformance>');
    expect(issues).toContainEqual(expect.objectContaining({ code: 'value_changed', path: 'metadata.language' }));
    expect(issues).toContainEqual(
      expect.objectContaining({ code: 'unsupported_field', path: 'tracks.0.metadata.language' }),
    );
  });

  it('reports fields the version cannot carry', () => {
    const input = releaseInput([
      track(1, { metadata: { title: 'W', displayArtist: 'A', duration: 100, workTitle: 'The Work' } }),
    ]);
    const r = release({ ...input, assets: { ...input.assets, documents: [{ id: 'doc-1', fileName: 'liner.pdf' }] } });
    const { issues } = write(r);
    expect(issues).toContainEqual(
      expect.objectContaining({ code: 'unsupported_field', path: 'tracks.0.metadata.workTitle' }),
    );
    expect(issues).toContainEqual(expect.objectContaining({ code: 'unsupported_field', path: 'assets.documents.0' }));
  });

  it('rejects options a message cannot be written with, with a typed error', () => {
    const attempt = (extra: Partial<WriteErnOptions>) => {
      try {
        write(fixtures.album, extra);
      } catch (error) {
        return error;
      }
      return undefined;
    };
    for (const bad of [
      { createdAt: 'yesterday' },
      { createdAt: new Date(Number.NaN) },
      { sender: { dpid: 'NOT-A-DPID', name: 'X' } },
    ]) {
      const error = attempt(bad);
      expect(isErnWriterError(error), JSON.stringify(bad)).toBe(true);
      expect((error as ErnWriterError).code).toBe('INVALID_OPTIONS');
    }
  });

  it('drops characters XML cannot carry from the options too, with an issue', async () => {
    const { xml, issues } = write(fixtures.album, {
      sender: { dpid: 'PADPIDA20270101016', name: 'Polar\u0007 Records' },
    });
    await expectSchemaValid(xml, version, { xmllint: false });
    expect(xml).toContain('<FullName>Polar Records</FullName>');
    expect(issues).toContainEqual(expect.objectContaining({ code: 'forbidden_xml_char', path: 'options.sender.name' }));
  });

  it('writes a test message when asked', () => {
    expect(write(fixtures.album, { messageControlType: 'Test' }).xml).toContain(
      '<MessageControlType>TestMessage</MessageControlType>',
    );
  });

  it('is deterministic: same input, messageId and createdAt give the same bytes', () => {
    const a = write(canonicalAlbum()).xml;
    const b = write(canonicalAlbum(), { createdAt: new Date('2027-03-01T10:00:00Z') }).xml;
    expect(b.replace('10:00:00.000Z', '10:00:00Z')).toBe(a);
    const again = write(structuredClone(canonicalAlbum())).xml;
    expect(again).toBe(a);
  });
});

describe('ERN 4 writer classes', () => {
  it('Ern43Writer extends Ern42Writer and declares its version', () => {
    expect(new Ern43Writer()).toBeInstanceOf(Ern42Writer);
    expect(new Ern43Writer().version).toBe('4.3');
    expect(new Ern42Writer().version).toBe('4.2');
  });
});
