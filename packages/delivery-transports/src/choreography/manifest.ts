/** Sender or recipient of a message. */
export interface MessageParty {
  /** DDEX Party Id (DPID). */
  dpid: string;
  /** Party name. */
  name: string;
}

/** One message of a batch, as the manifest lists it. */
export interface ManifestEntry {
  messageType: string;
  messageId: string;
  /** Path of the ERN relative to the batch folder. */
  url: string;
  /** ICPN of the release. */
  upc: string;
  deliveryType: string;
  /** Hex MD5 of the ERN file. */
  md5: string;
}

/** Input of {@link writeManifest}. */
export interface ManifestInput {
  batchId: string;
  sender: MessageParty;
  recipients: MessageParty[];
  createdAt: Date;
  isTest: boolean;
  /** Batch folder as the recipient sees it, e.g. `/20250114093015123`. */
  rootDirectory: string;
  entries: ManifestEntry[];
}

/**
 * ECHO 1.x `ManifestMessage` (delivery.md §1.5) for a `BatchComplete_<batchId>.xml` marker. The element set follows the
 * ECHO 1.7 data dictionary; the namespace URI is the ECHO 1.5 one receivers in the wild still pin (UNCONFIRMED for
 * 1.7), so profiles that need another marker content can use the `empty` form or their own writer.
 */
export function writeManifest(m: ManifestInput): string {
  const party = (tag: string, p: MessageParty) =>
    `    <${tag}>\n      <PartyId>${esc(p.dpid)}</PartyId>\n      <PartyName><FullName>${esc(p.name)}</FullName></PartyName>\n    </${tag}>\n`;
  const entries = m.entries
    .map(
      (e) =>
        '  <MessageInBatch>\n' +
        `    <MessageType>${esc(e.messageType)}</MessageType>\n` +
        `    <MessageId>${esc(e.messageId)}</MessageId>\n` +
        `    <URL>${esc(e.url)}</URL>\n` +
        `    <IncludedReleaseId><ICPN>${esc(e.upc)}</ICPN></IncludedReleaseId>\n` +
        `    <DeliveryType>${esc(e.deliveryType)}</DeliveryType>\n` +
        '    <ProductType>AudioProduct</ProductType>\n' +
        `    <HashSum><HashSum>${esc(e.md5)}</HashSum><HashSumAlgorithmType>MD5</HashSumAlgorithmType></HashSum>\n` +
        '  </MessageInBatch>\n',
    )
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<echo:ManifestMessage xmlns:echo="http://ddex.net/xml/ern-c/15" MessageVersionId="1.5">\n' +
    '  <MessageHeader>\n' +
    `    <MessageThreadId>${esc(m.batchId)}</MessageThreadId>\n` +
    `    <MessageId>${esc(m.batchId)}</MessageId>\n` +
    party('MessageSender', m.sender) +
    m.recipients.map((r) => party('MessageRecipient', r)).join('') +
    `    <MessageCreatedDateTime>${m.createdAt.toISOString()}</MessageCreatedDateTime>\n` +
    '  </MessageHeader>\n' +
    `  <IsTestFlag>${m.isTest}</IsTestFlag>\n` +
    `  <RootDirectory>${esc(m.rootDirectory)}</RootDirectory>\n` +
    `  <NumberOfMessages>${m.entries.length}</NumberOfMessages>\n` +
    entries +
    '</echo:ManifestMessage>\n'
  );
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
