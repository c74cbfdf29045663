/** Parts of a small ERN 4.3 message to vary in tests. */
export interface MiniParts {
  /** inside `<DealList>`; default one worldwide streaming deal for R0 */
  deals?: string;
  /** extra children at the end of the sound recording */
  recordingExtra?: string;
  /** extra children at the end of the release */
  releaseExtra?: string;
  /** the namespace of the root element */
  namespace?: string;
  /** MessageCreatedDateTime */
  createdAt?: string;
  /** text before the root element (XML declaration, DOCTYPE) */
  prolog?: string;
}

/** The default deal: worldwide, streaming, from 2027-03-05. */
export const STREAM_DEAL = `<ReleaseDeal><DealReleaseReference>R0</DealReleaseReference><Deal><DealTerms>
  <TerritoryCode>Worldwide</TerritoryCode><ValidityPeriod><StartDate>2027-03-05</StartDate></ValidityPeriod>
  <CommercialModelType>SubscriptionModel</CommercialModelType><UseType>Stream</UseType></DealTerms></Deal></ReleaseDeal>`;

/** A small, complete ERN 4.3 NewReleaseMessage: one single with one track and a cover. */
export function miniErn43(parts: MiniParts = {}): string {
  return `${parts.prolog ?? '<?xml version="1.0" encoding="UTF-8"?>'}
<ern:NewReleaseMessage xmlns:ern="${parts.namespace ?? 'http://ddex.net/xml/ern/43'}" LanguageAndScriptCode="en" AvsVersionId="9" ReleaseProfileVersionId="SimpleAudioSingle">
  <MessageHeader>
    <MessageThreadId>T1</MessageThreadId><MessageId>M1</MessageId>
    <MessageSender><PartyId>PADPIDA2014120301H</PartyId><PartyName><FullName>Polar Records</FullName></PartyName></MessageSender>
    <MessageRecipient><PartyId>PADPIDA2015120100H</PartyId><PartyName><FullName>DSP</FullName></PartyName></MessageRecipient>
    <MessageCreatedDateTime>${parts.createdAt ?? '2027-01-10T10:00:00Z'}</MessageCreatedDateTime>
  </MessageHeader>
  <PartyList>
    <Party><PartyReference>P1</PartyReference><PartyName><FullName>Aurora Fields</FullName></PartyName><PartyId><ISNI>0000000121032683</ISNI></PartyId></Party>
    <Party><PartyReference>P2</PartyReference><PartyName><FullName>Polar Records</FullName></PartyName></Party>
    <Party><PartyReference>P3</PartyReference><PartyName><FullName>Ingrid Solberg</FullName></PartyName></Party>
  </PartyList>
  <ResourceList>
    <SoundRecording>
      <ResourceReference>A1</ResourceReference>
      <Type>MusicalWorkSoundRecording</Type>
      <SoundRecordingEdition>
        <ResourceId><ISRC>QZES72700001</ISRC></ResourceId>
        <PLine><Year>2027</Year><PLineText>2027 Polar Records</PLineText></PLine>
        <TechnicalDetails>
          <TechnicalResourceDetailsReference>T1</TechnicalResourceDetailsReference>
          <DeliveryFile>
            <Type>AudioFile</Type>
            <AudioCodecType>FLAC</AudioCodecType>
            <NumberOfChannels>2</NumberOfChannels>
            <SamplingRate UnitOfMeasure="Hz">44100</SamplingRate>
            <BitsPerSample>16</BitsPerSample>
            <File><URI>single_01.flac</URI><HashSum><Algorithm>MD5</Algorithm><HashSumValue>00000000000000000000000000000001</HashSumValue></HashSum></File>
          </DeliveryFile>
        </TechnicalDetails>
      </SoundRecordingEdition>
      <DisplayTitleText>Aurora Over Tromsø</DisplayTitleText>
      <DisplayTitle><TitleText>Aurora Over Tromsø</TitleText></DisplayTitle>
      <DisplayArtistName>Aurora Fields</DisplayArtistName>
      <DisplayArtist SequenceNumber="1"><ArtistPartyReference>P1</ArtistPartyReference><DisplayArtistRole>MainArtist</DisplayArtistRole></DisplayArtist>
      <Contributor><ContributorPartyReference>P3</ContributorPartyReference><Role>Composer</Role><Role>StudioProducer</Role></Contributor>
      <Duration>PT3M11S</Duration>
      <ParentalWarningType>NotExplicit</ParentalWarningType>${parts.recordingExtra ?? ''}
    </SoundRecording>
    <Image>
      <ResourceReference>A2</ResourceReference>
      <Type>FrontCoverImage</Type>
      <ResourceId><ProprietaryId Namespace="PADPIDA2014120301H">cover-1</ProprietaryId></ResourceId>
      <TechnicalDetails>
        <TechnicalResourceDetailsReference>T2</TechnicalResourceDetailsReference>
        <ImageCodecType>JPEG</ImageCodecType><ImageHeight>3000</ImageHeight><ImageWidth>3000</ImageWidth>
        <File><URI>cover.jpg</URI></File>
      </TechnicalDetails>
    </Image>
  </ResourceList>
  <ReleaseList>
    <Release>
      <ReleaseReference>R0</ReleaseReference>
      <ReleaseType>Single</ReleaseType>
      <ReleaseId><ICPN>5012345678900</ICPN></ReleaseId>
      <DisplayTitleText>Aurora Over Tromsø</DisplayTitleText>
      <DisplayTitle><TitleText>Aurora Over Tromsø</TitleText></DisplayTitle>
      <DisplayArtistName>Aurora Fields</DisplayArtistName>
      <DisplayArtist SequenceNumber="1"><ArtistPartyReference>P1</ArtistPartyReference><DisplayArtistRole>MainArtist</DisplayArtistRole></DisplayArtist>
      <ReleaseLabelReference>P2</ReleaseLabelReference>
      <Genre><GenreText>Electronic</GenreText><SubGenre>Ambient</SubGenre></Genre>
      <ReleaseDate>2027-03-05</ReleaseDate>
      <ParentalWarningType>NotExplicit</ParentalWarningType>
      <ResourceGroup>
        <ResourceGroupContentItem><SequenceNumber>1</SequenceNumber><ReleaseResourceReference>A1</ReleaseResourceReference></ResourceGroupContentItem>
        <LinkedReleaseResourceReference>A2</LinkedReleaseResourceReference>
      </ResourceGroup>${parts.releaseExtra ?? ''}
    </Release>
  </ReleaseList>
  <DealList>${parts.deals ?? STREAM_DEAL}</DealList>
</ern:NewReleaseMessage>
`;
}
