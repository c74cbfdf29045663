import { describe, expect, it } from 'vitest';
import {
  ackFileHints,
  createDeliveryRuntime,
  GENERIC_BATCH,
  mapAckStatus,
  memory,
  parseAcknowledgement,
  readAcknowledgements,
} from '../src';

// ERN-C 1.8 shape as one implementation emits it (delivery.md §1.6, AudiusProject/ddex-processor)
const ERNC18 = `<?xml version="1.0" encoding="UTF-8"?>
<ernc:AcknowledgementMessage xmlns:ernc="http://ddex.net/xml/ern-c-sftp/18" AvsVersionId="4">
  <MessageHeader><MessageId>ACK-1</MessageId></MessageHeader>
  <ReleaseStatus>
    <ReleaseId><ICPN>0094631432057</ICPN></ReleaseId>
    <Acknowledgement>
      <MessageType>NewReleaseMessage</MessageType><BatchId>20250114093015123</BatchId><MessageId>MSG-1</MessageId>
      <MessageStatus><Status>FileOK</Status></MessageStatus>
    </Acknowledgement>
  </ReleaseStatus>
  <ReleaseStatus>
    <ReleaseId><ICPN>5012345678900</ICPN></ReleaseId>
    <ErrorText>Cover art too small &amp; blurry</ErrorText>
    <Acknowledgement>
      <MessageStatus><Status>ResourceNotMeetingSpecifications</Status></MessageStatus>
    </Acknowledgement>
  </ReleaseStatus>
</ernc:AcknowledgementMessage>`;

// ECHO 1.7: ReleaseStatus is a composite holding a ReleaseStatus value
const ECHO17 = `<echo:ErnAcknowledgementStatusMessage xmlns:echo="http://ddex.net/xml/ern-c-ws/17">
  <ReleaseStatus>
    <ReleaseId><GRid>A1UCASE0000000401X</GRid></ReleaseId>
    <ReleaseStatus>SuccessfullyIngestedByReleaseDistributor</ReleaseStatus>
  </ReleaseStatus>
  <ReleaseStatus>
    <ReleaseId><ICPN>4006381333931</ICPN></ReleaseId>
    <ReleaseStatus>ReleaseReceivedByReleaseDistributor</ReleaseStatus>
  </ReleaseStatus>
</echo:ErnAcknowledgementStatusMessage>`;

const FTP_ACK = `<FtpAcknowledgementMessage><AcknowledgedFile>0094631432057_01_001.flac</AcknowledgedFile>
  <FileStatus>HashSumWrong</FileStatus><ErrorText>MD5 mismatch</ErrorText></FtpAcknowledgementMessage>`;

describe('acknowledgements', () => {
  it('reads an ERN-C 1.8 AcknowledgementMessage per release', () => {
    const ack = parseAcknowledgement(ERNC18);
    expect(ack.messageType).toBe('AcknowledgementMessage');
    expect(ack.batchId).toBe('20250114093015123');
    expect(ack.releases).toEqual([
      {
        releaseId: '0094631432057',
        status: 'accepted',
        statuses: ['FileOK'],
        errorText: undefined,
        messageId: 'MSG-1',
        batchId: '20250114093015123',
      },
      {
        releaseId: '5012345678900',
        status: 'rejected',
        statuses: ['ResourceNotMeetingSpecifications'],
        errorText: 'Cover art too small & blurry',
      },
    ]);
  });
  it('reads ECHO 1.7 nested ReleaseStatus values', () => {
    const ack = parseAcknowledgement(ECHO17);
    expect(ack.releases.map((r) => [r.releaseId, r.status])).toEqual([
      ['A1UCASE0000000401X', 'accepted'],
      ['4006381333931', 'received'],
    ]);
  });
  it('reads a file-level FtpAcknowledgementMessage', () => {
    const ack = parseAcknowledgement(FTP_ACK);
    expect(ack.releases).toEqual([
      { releaseId: undefined, status: 'rejected', statuses: ['HashSumWrong'], errorText: 'MD5 mismatch' },
    ]);
  });
  it('maps status vocabularies', () => {
    expect(mapAckStatus(['ReleaseMadeAvailableToConsumers'])).toBe('accepted');
    expect(mapAckStatus(['FileOK', 'ProcessingErrorAtReleaseDistributor'])).toBe('rejected');
    expect(mapAckStatus(['ResouceBinariesMissing'])).toBe('rejected');
    expect(mapAckStatus(['DeliveredToReleaseDistributor'])).toBe('received');
    expect(mapAckStatus([])).toBe('unknown');
  });
  it('reads the ACK files a DSP left in the profile folder', async () => {
    const t = memory();
    const rt = createDeliveryRuntime(t);
    await rt.put('acknowledgements/ACK_MSG-1_20250115000000000.xml', { data: ERNC18 });
    await rt.put('acknowledgements/ACK_MSG-2_20250115000000001.xml', { data: FTP_ACK });
    await rt.put('acknowledgements/readme.txt', { data: 'not an ack' });
    const acks = await readAcknowledgements(rt, GENERIC_BATCH);
    expect(acks.map((a) => [a.path, a.ack.releases.map((r) => r.status)])).toEqual([
      ['acknowledgements/ACK_MSG-1_20250115000000000.xml', ['accepted', 'rejected']],
      ['acknowledgements/ACK_MSG-2_20250115000000001.xml', ['rejected']],
    ]);
    expect(await readAcknowledgements(createDeliveryRuntime(memory()), GENERIC_BATCH)).toEqual([]);
    const rest = await readAcknowledgements(rt, GENERIC_BATCH, { skip: (p) => p.includes('MSG-1') });
    expect(rest.map((a) => a.path)).toEqual(['acknowledgements/ACK_MSG-2_20250115000000001.xml']);
    expect(rest[0]!.xml).toBe(FTP_ACK);
  });
  it('reads what an ack file name says about the acknowledged message, batch and release', () => {
    expect(ackFileHints('acknowledgements/ACK_4f1c-9a_20250115000000000.xml')).toEqual({ messageId: '4f1c-9a' });
    expect(ackFileHints('ACK_20250114093015123_0094631432057.xml')).toEqual({
      batchId: '20250114093015123',
      releaseId: '0094631432057',
    });
    expect(ackFileHints('readme.txt')).toEqual({});
  });
});
