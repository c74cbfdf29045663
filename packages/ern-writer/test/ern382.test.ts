import type { Release } from '@ddex/ern-model';
import { describe, expect, it } from 'vitest';
import { ERN382_VERSION, isErnWriterError, writeErn382 } from '../src/ern382';
import type { WriteErnOptions } from '../src/types';
import { validateErn } from '../src/validate';
import { canonicalInput, OPTIONS_382, parsed, scenarios382 } from './support/ern382-fixtures';
import { xpathValues } from './support/parse-xml';
import { SCHEMA_DIR, xmllintValidate } from './support/xmllint';

/** Valid for xmllint (the independent check) and for validateErn, as ERN 3.8.2. */
async function expectValid382(xml: string): Promise<void> {
  const lint = xmllintValidate(xml, '3.8.2');
  expect(lint.output).toMatch(/validates$/);
  expect(lint.valid).toBe(true);
  const ours = await validateErn(xml, { schemaDir: SCHEMA_DIR });
  expect(ours.errors).toEqual([]);
  expect(ours.valid).toBe(true);
  expect(ours.version).toBe('3.8.2');
}

const count = (xml: string, needle: string) => xml.split(needle).length - 1;
const write = (release: Release, options: Partial<WriteErnOptions> = {}) =>
  writeErn382(release, { ...OPTIONS_382, ...options });
const canonical = () => parsed(canonicalInput());

describe('ERN 3.8.2: the canonical example', () => {
  const { xml, issues } = write(canonical());

  it('is valid against the official 3.8.2 XSD', async () => {
    await expectValid382(xml);
  });

  it('matches the golden file', async () => {
    await expect(xml).toMatchFileSnapshot('./golden/ern382-canonical.xml');
  });

  it('writes the 3.8.2 root, header and update indicator', () => {
    expect(
      xml.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<ern:NewReleaseMessage xmlns:ern="http://ddex.net/xml/ern/382"',
      ),
    ).toBe(true);
    expect(xml).toContain(`MessageSchemaVersionId="${ERN382_VERSION.messageSchemaVersionId}"`);
    expect(xml).toContain('ReleaseProfileVersionId="CommonReleaseTypes/14/AudioAlbumMusicOnly"');
    expect(xml).toContain('LanguageAndScriptCode="en"');
    expect(xml).toContain('<MessageThreadId>THREAD-382-0001</MessageThreadId>');
    expect(xml).toContain('<MessageId>MSG-382-0001</MessageId>');
    expect(xml).toMatch(
      /<MessageSender>\s*<PartyId>PADPIDA20270101016<\/PartyId>\s*<PartyName>\s*<FullName>Polar Records<\/FullName>/,
    );
    expect(xml).toMatch(/<MessageRecipient>\s*<PartyId>PADPIDA20270101024<\/PartyId>/);
    expect(xml).toContain('<MessageCreatedDateTime>2027-03-01T10:00:00Z</MessageCreatedDateTime>');
    expect(xml).toContain('<MessageControlType>LiveMessage</MessageControlType>');
    expect(xml).toContain('<UpdateIndicator>OriginalMessage</UpdateIndicator>');
  });

  it('writes every track as a SoundRecording with writers, technical details and a preview', () => {
    expect(count(xml, '<SoundRecording>')).toBe(12);
    expect(count(xml, '<Image>')).toBe(1);
    expect(xml).toContain('<ISRC>QZES72700001</ISRC>');
    expect(xml).toContain('<Duration>PT3M11S</Duration>');
    expect(xml).toContain('<IndirectResourceContributorRole>Composer</IndirectResourceContributorRole>');
    expect(xml).toContain('<IndirectResourceContributorRole>Lyricist</IndirectResourceContributorRole>');
    expect(xml).toContain('<IndirectResourceContributorRole>MusicPublisher</IndirectResourceContributorRole>');
    expect(xml).toContain('<ResourceContributorRole>MixingEngineer</ResourceContributorRole>');
    expect(xml).toContain('<AudioCodecType>FLAC</AudioCodecType>');
    expect(xml).toContain('<SamplingRate UnitOfMeasure="Hz">44100</SamplingRate>');
    expect(xml).toContain('<BitsPerSample>16</BitsPerSample>');
    expect(xml).toContain('<NumberOfChannels>2</NumberOfChannels>');
    expect(xml).toMatch(
      /<FileName>5012345678900_01_001\.flac<\/FileName>\s*<HashSum>\s*<HashSum>00000000000000000000000000000001<\/HashSum>\s*<HashSumAlgorithmType>MD5</,
    );
    expect(count(xml, '<IsPreview>true</IsPreview>')).toBe(12);
    expect(xml).toMatch(
      /<StartPoint>30<\/StartPoint>\s*<EndPoint>60<\/EndPoint>\s*<Duration>PT0M30S<\/Duration>\s*<ExpressionType>Instructive/,
    );
    // track 7 has a featured artist among its contributors: both are display artists
    expect(xml).toMatch(/<FullName>Kai Nordlys<\/FullName>\s*<\/PartyName>\s*<ArtistRole>FeaturedArtist<\/ArtistRole>/);
    expect(xml).toMatch(
      /<ImageType>FrontCoverImage<\/ImageType>\s*<ImageId>\s*<ProprietaryId Namespace="DPID:PADPIDA20270101016">img-cover</,
    );
    expect(xml).toContain('<ImageHeight UnitOfMeasure="Pixel">3000</ImageHeight>');
    expect(xml).toContain('<ImageCodecType>JPEG</ImageCodecType>');
  });

  it('writes the main release with ids, disc group and lines, and one TrackRelease per track', () => {
    expect(count(xml, '<Release IsMainRelease="true">')).toBe(1);
    expect(count(xml, '<ReleaseType>TrackRelease</ReleaseType>')).toBe(12);
    expect(xml).toMatch(
      /<ReleaseId>\s*<GRid>A1QZ9PL2700000001C<\/GRid>\s*<ICPN>5012345678900<\/ICPN>\s*<CatalogNumber Namespace="DPID:PADPIDA20270101016">POLAR-042<\/CatalogNumber>/,
    );
    expect(xml).toContain('<ReleaseType>Album</ReleaseType>');
    expect(xml).toContain(
      '<ReleaseResourceReference ReleaseResourceType="SecondaryResource">A13</ReleaseResourceReference>',
    );
    expect(xml).toMatch(
      /<ResourceGroup>\s*<ResourceGroup>\s*<SequenceNumber>1<\/SequenceNumber>\s*<ResourceGroupContentItem>\s*<SequenceNumber>1<\/SequenceNumber>/,
    );
    expect(xml).toMatch(/<CLine>\s*<Year>2027<\/Year>\s*<CLineText>2027 Polar Records<\/CLineText>/);
    expect(xml).toContain('<GlobalReleaseDate>2027-03-05</GlobalReleaseDate>');
    expect(xml).toContain('<GlobalOriginalReleaseDate>2027-03-05</GlobalOriginalReleaseDate>');
    expect(xml).toContain('<ParentalWarningType>Explicit</ParentalWarningType>');
    // 12 tracks of 191 + 11·(i·11) seconds = 3018 s
    expect(xml).toContain('<Duration>PT50M18S</Duration>');
  });

  it('derives the deals from territories and rights, split into streaming and purchase', () => {
    expect(count(xml, '<ReleaseDeal>')).toBe(1);
    expect(count(xml, '<DealReleaseReference>')).toBe(13);
    expect(xml).toMatch(/<ReleaseDeal>\s*<DealReleaseReference>R0<\/DealReleaseReference>\s*<DealReleaseReference>R1</);
    expect(count(xml, '<Deal>')).toBe(2);
    expect(xml).toMatch(
      /<CommercialModelType>SubscriptionModel<\/CommercialModelType>\s*<CommercialModelType>AdvertisementSupportedModel<\/CommercialModelType>\s*<Usage>\s*<UseType>Stream<\/UseType>\s*<\/Usage>\s*<ExcludedTerritoryCode>KP<\/ExcludedTerritoryCode>\s*<ValidityPeriod>\s*<StartDate>2027-03-05<\/StartDate>/,
    );
    expect(xml).toMatch(
      /<CommercialModelType>PayAsYouGoModel<\/CommercialModelType>\s*<Usage>\s*<UseType>PermanentDownload<\/UseType>\s*<\/Usage>\s*<ExcludedTerritoryCode>KP<\/ExcludedTerritoryCode>\s*<PriceInformation>\s*<PriceType Namespace="DPID:PADPIDA20270101024">FRONT<\/PriceType>/,
    );
  });

  it('reports what 3.8.2 cannot carry: the file sizes', () => {
    expect(issues.map((i) => i.code)).toEqual(Array(13).fill('unsupported_field'));
    expect(issues.map((i) => i.path)).toEqual([
      ...Array.from({ length: 12 }, (_, i) => `assets.audio.${i}.size`),
      'assets.images.0.size',
    ]);
  });
});

describe('ERN 3.8.2: determinism', () => {
  it('writes byte-identical XML for the same release, messageId and createdAt', () => {
    const a = write(canonical());
    const b = write(parsed(canonicalInput()));
    expect(b.xml).toBe(a.xml);
    expect(b.issues).toEqual(a.issues);
    expect(write(canonical(), { createdAt: new Date('2027-03-01T10:00:00Z') }).xml).toBe(
      a.xml.replace('2027-03-01T10:00:00Z', '2027-03-01T10:00:00.000Z'),
    );
  });

  it('derives a stable MessageId from the release id and createdAt when none is given', () => {
    const options = { messageId: undefined, threadId: undefined };
    const a = write(canonical(), options).xml;
    expect(write(canonical(), options).xml).toBe(a);
    expect(a).toContain('<MessageId>rel-polar-042-20270301100000</MessageId>');
    expect(a).toContain('<MessageThreadId>rel-polar-042-20270301100000</MessageThreadId>');
  });

  it('rejects a createdAt that is not a date-time', () => {
    let thrown: unknown;
    try {
      write(canonical(), { createdAt: 'yesterday' });
    } catch (error) {
      thrown = error;
    }
    expect(isErnWriterError(thrown)).toBe(true);
    expect((thrown as { code: string }).code).toBe('INVALID_OPTIONS');
  });
});

describe('ERN 3.8.2: releases built in the tests', () => {
  const scenarios = scenarios382();
  const out = Object.fromEntries(Object.entries(scenarios).map(([name, input]) => [name, write(parsed(input))]));

  it.each(Object.keys(scenarios))('%s is valid against the official 3.8.2 XSD', async (name) => {
    await expectValid382(out[name]!.xml);
  });

  it('single: AudioSingle profile, ReleaseType Single, one TrackRelease', () => {
    const { xml } = out.single!;
    expect(xml).toContain('ReleaseProfileVersionId="CommonReleaseTypes/14/AudioSingle"');
    expect(xml).toContain('<ReleaseType>Single</ReleaseType>');
    expect(count(xml, '<SoundRecording>')).toBe(1);
    expect(count(xml, '<ReleaseType>TrackRelease</ReleaseType>')).toBe(1);
  });

  it('EP: ReleaseType EP with four recordings', () => {
    expect(out.ep!.xml).toContain('<ReleaseType>EP</ReleaseType>');
    expect(count(out.ep!.xml, '<SoundRecording>')).toBe(4);
  });

  it('two discs: one sequenced ResourceGroup per disc, sequence restarting on each', () => {
    const group = /<ResourceGroup>\s*<SequenceNumber>(\d+)<\/SequenceNumber>([\s\S]*?)\n {10}<\/ResourceGroup>/g;
    const discs = [...out.twoDiscs!.xml.matchAll(group)];
    expect(discs.map((d) => d[1])).toEqual(['1', '2']);
    for (const disc of discs) {
      const seqs = [...disc[2]!.matchAll(/<ResourceGroupContentItem>\s*<SequenceNumber>(\d+)</g)].map((m) => m[1]);
      expect(seqs).toEqual(['1', '2', '3', '4', '5', '6']);
    }
    expect(discs[1]![2]).toContain('>A7</ReleaseResourceReference>');
  });

  it('various artists: per-track artists with ids and instruments', () => {
    const { xml } = out.various!;
    expect(xml).toContain('<DisplayArtistName>Various Artists</DisplayArtistName>');
    expect(xml).toContain('<DisplayArtistName>Artist 1 feat. Guest 0</DisplayArtistName>');
    expect(xml).toMatch(
      /<FullName>Artist 2<\/FullName>\s*<\/PartyName>\s*<PartyId IsISNI="true">0000000121032683<\/PartyId>\s*<ArtistRole>MainArtist/,
    );
    expect(xml).toMatch(
      /<ResourceContributorRole>StudioMusician<\/ResourceContributorRole>\s*<InstrumentType>Cello<\/InstrumentType>/,
    );
  });

  it('special characters: escaped in every text and attribute, and read back unchanged', () => {
    const { xml, issues } = out.special!;
    expect(xml).toContain("<TitleText>Title &amp; &lt; &gt; &quot; ' — Ærøskøbing «ñ» 日本語 🎵</TitleText>");
    expect(xml).toContain('Namespace="NS &amp; &lt; &gt; &quot; \' — Ærøskøbing «ñ» 日本語 🎵"');
    expect(xml).not.toMatch(/&(?!amp;|lt;|gt;|quot;|#)/);
    // read back by libxml2: every text field holds the original characters
    const text = xpathValues(xml, '/*')[0] as string;
    const special = `& < > " ' — Ærøskøbing «ñ» 日本語 🎵`;
    for (const field of [
      'Title',
      'Subtitle',
      'Artist',
      'Label',
      'CAT',
      'Genre',
      'Sub2',
      'kw',
      'Comment',
      'Work',
      'Pub',
      'Instr',
      'Price',
      'cover',
    ]) {
      expect(text).toContain(`${field} ${special}`);
    }
    const namespaces = xpathValues(xml, '//@Namespace');
    expect(namespaces).toContain(`NS ${special}`);
    expect(issues.every((i) => i.code === 'unsupported_field')).toBe(true);
  });

  it('excluded territories: ExcludedTerritoryCode in every deal', () => {
    const { xml } = out.excluded!;
    expect(count(xml, '<ExcludedTerritoryCode>SY</ExcludedTerritoryCode>')).toBe(2);
    expect(xml).not.toMatch(/<DealTerms>[\s\S]*?<TerritoryCode>/);
  });

  it('date-time validity periods: StartDateTime and EndDateTime', () => {
    expect(out.dateTimes!.xml).toMatch(
      /<ValidityPeriod>\s*<StartDateTime>2027-03-05T00:00:00Z<\/StartDateTime>\s*<EndDateTime>2029-03-05T23:59:59\+01:00<\/EndDateTime>/,
    );
  });

  it('explicit tracks: parental warnings per track and release', () => {
    const { xml } = out.explicit!;
    expect(count(xml, '<ParentalWarningType>ExplicitContentEdited</ParentalWarningType>')).toBe(12); // recording + TrackRelease
    expect(count(xml, '<ParentalWarningType>Explicit</ParentalWarningType>')).toBe(13);
  });

  it('multiple deals: each written, split, with its territories, price and period', () => {
    const { xml } = out.multipleDeals!;
    const first = xml.slice(xml.indexOf('<ReleaseDeal>'), xml.indexOf('</ReleaseDeal>'));
    const deals = first.split('<Deal>').slice(1);
    expect(deals).toHaveLength(4);
    expect(deals[0]).toMatch(
      /<UseType>OnDemandStream<\/UseType>\s*<UseType>NonInteractiveStream<\/UseType>\s*<\/Usage>\s*<TerritoryCode>US<\/TerritoryCode>\s*<TerritoryCode>CA/,
    );
    expect(deals[1]).toMatch(
      /<CommercialModelType>SubscriptionModel<\/CommercialModelType>\s*<Usage>\s*<UseType>Stream<\/UseType>\s*<\/Usage>\s*<TerritoryCode>NO<\/TerritoryCode>\s*<TerritoryCode>DK<\/TerritoryCode>\s*<ValidityPeriod>/,
    );
    expect(deals[2]).toMatch(
      /<CommercialModelType>PayAsYouGoModel[\s\S]*<PriceType Namespace="DPID:PADPIDA20270101024">MID<\/PriceType>/,
    );
    expect(deals[2]).toMatch(
      /<StartDateTime>2027-03-05T09:00:00\+01:00<\/StartDateTime>\s*<EndDateTime>2030-01-01T00:00:00Z<\/EndDateTime>/,
    );
    expect(deals[3]).toMatch(
      /<ExcludedTerritoryCode>US<\/ExcludedTerritoryCode>[\s\S]*<StartDate>2027-04-01<\/StartDate>\s*<EndDate>2028-04-01<\/EndDate>/,
    );
  });

  it('minimal release: fallback ids, no cover, defaults written', () => {
    const { xml, issues } = out.minimal!;
    expect(xml).toMatch(/<ReleaseId>\s*<ProprietaryId Namespace="DPID:PADPIDA20270101016">rel-min<\/ProprietaryId>/);
    expect(xml).toContain('<Duration>PT2M5.5S</Duration>');
    expect(xml).toMatch(/<AudioCodecType>PCM<\/AudioCodecType>\s*<File>\s*<FileName>one\.wav<\/FileName>\s*<\/File>/);
    expect(xml).not.toContain('<Image>');
    expect(xml).toContain('<ParentalWarningType>NoAdviceAvailable</ParentalWarningType>');
    expect(xml).toContain('<TerritoryCode>NO</TerritoryCode>');
    expect(issues).toEqual([]);
  });
});

describe('ERN 3.8.2: updates, takedowns and purges', () => {
  it('an update is an UpdateMessage with the full release', async () => {
    const { xml } = write(canonical(), { kind: 'Update' });
    await expectValid382(xml);
    expect(xml).toContain('<UpdateIndicator>UpdateMessage</UpdateIndicator>');
    expect(count(xml, '<SoundRecording>')).toBe(12);
    expect(count(xml, '<Deal>')).toBe(2);
  });

  it('a takedown ends every deal at MessageCreatedDateTime', async () => {
    const { xml, issues } = write(canonical(), { kind: 'Takedown' });
    await expectValid382(xml);
    expect(xml).toContain('<UpdateIndicator>UpdateMessage</UpdateIndicator>');
    // the deals had not started yet (2027-03-05): they start and end at the takedown
    expect(count(xml, '<StartDateTime>2027-03-01T10:00:00Z</StartDateTime>')).toBe(2);
    expect(count(xml, '<EndDateTime>2027-03-01T10:00:00Z</EndDateTime>')).toBe(2);
    expect(xml).not.toContain('<StartDate>');
    expect(issues.some((i) => i.code === 'takedown_method_unsupported')).toBe(false);
  });

  it('a takedown keeps a deal that already started, and an end that is already past', async () => {
    const input = canonicalInput();
    input.deals = [
      {
        territories: { included: ['NO'] },
        startDate: '2026-01-01',
        commercialModels: ['SubscriptionModel'],
        useTypes: ['Stream'],
      },
      {
        territories: { included: ['SE'] },
        startDate: '2025-01-01',
        endDate: '2026-06-01',
        commercialModels: ['SubscriptionModel'],
        useTypes: ['Stream'],
      },
    ];
    const { xml } = write(parsed(input), { kind: 'Takedown' });
    await expectValid382(xml);
    expect(xml).toMatch(/<StartDateTime>2026-01-01T00:00:00Z<\/StartDateTime>\s*<EndDateTime>2027-03-01T10:00:00Z</);
    expect(xml).toMatch(/<StartDate>2025-01-01<\/StartDate>\s*<EndDate>2026-06-01</);
  });

  it('EmptyDealList cannot be said in 3.8.2: falls back to end-dated deals and reports it', () => {
    const ended = write(canonical(), { kind: 'Takedown', takedownMethod: 'EndDatedDeal' });
    const empty = write(canonical(), { kind: 'Takedown', takedownMethod: 'EmptyDealList' });
    expect(empty.xml).toBe(ended.xml);
    expect(empty.issues[0]).toMatchObject({ code: 'takedown_method_unsupported', path: 'options.takedownMethod' });
  });

  it('a purge is a PurgeReleaseMessage naming the release', async () => {
    const { xml, issues } = write(canonical(), { kind: 'Takedown', takedownMethod: 'Purge' });
    await expectValid382(xml);
    expect(xml).toContain('<ern:PurgeReleaseMessage xmlns:ern="http://ddex.net/xml/ern/382"');
    expect(xml).toMatch(
      /<PurgedRelease>\s*<ReleaseId>\s*<GRid>A1QZ9PL2700000001C<\/GRid>\s*<ICPN>5012345678900<\/ICPN>/,
    );
    expect(xml).toMatch(/<Title TitleType="FormalTitle">\s*<TitleText>Northern Lights</);
    expect(xml).toMatch(/<FullName>Aurora Fields<\/FullName>\s*<\/PartyName>\s*<ResourceContributorRole>MainArtist/);
    expect(xml).not.toContain('<ResourceList>');
    expect(issues).toEqual([]);
  });

  it('a test message says TestMessage, and party names are escaped', async () => {
    const { xml } = write(canonical(), {
      messageControlType: 'Test',
      sender: { dpid: 'PADPIDA20270101016', name: 'Polar & "Friends" <Records>' },
      recipient: { dpid: 'PADPIDA20270101024', name: "Nordic Streams' Ærø" },
    });
    await expectValid382(xml);
    expect(xml).toContain('<MessageControlType>TestMessage</MessageControlType>');
    expect(xml).toContain('<FullName>Polar &amp; &quot;Friends&quot; &lt;Records&gt;</FullName>');
    expect(xml).toContain("<FullName>Nordic Streams' Ærø</FullName>");
  });
});

describe('ERN 3.8.2: values and characters 3.8.2 cannot take', () => {
  it('writes values outside the 3.8.2 allowed-value sets as UserDefined, and reports them', async () => {
    const input = canonicalInput();
    input.metadata.artists = [{ name: 'Aurora Fields', role: 'Brand' }];
    input.tracks[0].metadata.contributors.push({ name: 'Marcel', role: 'Mime' });
    input.assets.images[0].type = 'ProfilePicture';
    input.rights.useTypes = ['Stream', 'UseForDataMining'];
    input.territories = { included: ['NO', 'YUCS'] };
    input.tracks[1].metadata.language = 'pt-BR';
    input.type = 'Mixed';
    const { xml, issues } = write(parsed(input));
    await expectValid382(xml);
    expect(xml).toContain('<ArtistRole UserDefinedValue="Brand">UserDefined</ArtistRole>');
    expect(xml).toContain('<ResourceContributorRole UserDefinedValue="Mime">UserDefined</ResourceContributorRole>');
    expect(xml).toContain('<ImageType UserDefinedValue="ProfilePicture">UserDefined</ImageType>');
    expect(xml).toContain('<UseType UserDefinedValue="UseForDataMining">UserDefined</UseType>');
    expect(xml).toContain('<ReleaseType>MultimediaAlbum</ReleaseType>');
    expect(xml).toContain('<LanguageOfPerformance>pt</LanguageOfPerformance>');
    expect(xml).not.toContain('YUCS');
    const byPath = Object.fromEntries(issues.map((i) => [i.path, i.code]));
    expect(byPath).toMatchObject({
      'metadata.artists.0.role': 'value_not_in_avs',
      'tracks.0.metadata.contributors.3.role': 'value_not_in_avs',
      'assets.images.0.type': 'value_not_in_avs',
      'rights.useTypes': 'value_not_in_avs',
      'territories.included.1': 'value_not_in_avs',
      'tracks.1.metadata.language': 'value_changed',
      type: 'value_changed',
    });
  });

  it('drops characters XML 1.0 cannot carry, and reports where', async () => {
    const input = canonicalInput();
    input.tracks[2].metadata.title = 'Bad\u0001Title\uD800';
    input.metadata.label = 'Label\u001F';
    const { xml, issues } = write(parsed(input));
    await expectValid382(xml);
    expect(xml).toContain('<TitleText>BadTitle</TitleText>');
    expect(xml).toContain('<LabelName>Label</LabelName>');
    const forbidden = issues.filter((i) => i.code === 'forbidden_xml_char');
    expect(forbidden.map((i) => i.path)).toEqual(expect.arrayContaining(['tracks.2', 'metadata']));
  });

  it('reports fields 3.8.2 cannot carry', () => {
    const input = canonicalInput();
    input.metadata.labelIds = { dpid: 'PADPIDA20270101016' };
    input.assets.images[0].sha256 = 'a'.repeat(64);
    const { xml, issues } = write(parsed(input));
    expect(xml).not.toContain('a'.repeat(64));
    const paths = issues.filter((i) => i.code === 'unsupported_field').map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['metadata.labelIds', 'assets.images.0.sha256']));
  });

  it('writes a SHA-256 hash when it is the only one', () => {
    const input = canonicalInput();
    delete input.assets.images[0].md5;
    input.assets.images[0].sha256 = 'b'.repeat(64);
    const { xml } = write(parsed(input));
    expect(xml).toMatch(/<HashSum>b{64}<\/HashSum>\s*<HashSumAlgorithmType>SHA-256</);
  });

  it('writes the audio format as ContainerFormat and the codec as AudioCodecType, losing neither', async () => {
    const input = canonicalInput();
    delete input.tracks[0].audio.format; // the asset's format applies
    Object.assign(input.assets.audio[0], { format: 'WAV', codec: 'PCM' });
    delete input.tracks[1].audio.format;
    Object.assign(input.assets.audio[1], { format: 'OGG' }); // no codec: Vorbis, from the format
    Object.assign(input.assets.audio[2], { codec: 'FLAC' }); // the format FLAC names the same codec
    delete input.tracks[3].audio.format;
    Object.assign(input.assets.audio[3], { format: 'MP3', codec: 'AAC' }); // contradictory: the format is lost
    const { xml, issues } = write(parsed(input));
    const details = (i: number) =>
      (xml.match(/<TechnicalSoundRecordingDetails>[\s\S]*?<\/TechnicalSoundRecordingDetails>/g) ?? [])
        .filter((d) => !d.includes('<IsPreview>'))
        [i]?.replace(/\s+/g, '');
    expect(details(0)).toContain('<ContainerFormat>WAV</ContainerFormat><AudioCodecType>PCM</AudioCodecType>');
    expect(details(1)).toContain('<ContainerFormat>Ogg</ContainerFormat><AudioCodecType>Vorbis</AudioCodecType>');
    expect(details(2)).toContain('<AudioCodecType>FLAC</AudioCodecType>');
    expect(details(2)).not.toContain('<ContainerFormat>');
    expect(details(3)).toContain('<AudioCodecType>AAC</AudioCodecType>');
    expect(issues).toContainEqual(
      expect.objectContaining({ code: 'unsupported_field', path: 'assets.audio.3.format' }),
    );
    expect(issues.filter((i) => i.path.endsWith('.format') || i.path.endsWith('.codec'))).toHaveLength(1);
    await expectValid382(xml);
  });
});
