import type { DeliveryRuntime } from '../runtime';
import type { AbortableOptions } from '../types';
import type { DeliveryProfile } from './profile';

/** Where a release stands according to a DSP's acknowledgement. */
export type AckStatus = 'accepted' | 'received' | 'rejected' | 'unknown';

/** One release in an acknowledgement. */
export interface AckRelease {
  /** ICPN, GRid or proprietary id as the DSP wrote it. */
  releaseId?: string;
  /** Mapped status. */
  status: AckStatus;
  /** The DDEX status values found (ReleaseStatus, FileStatus, MessageStatus/Status). */
  statuses: string[];
  /** ErrorText, when given. */
  errorText?: string;
  /** MessageId of the acknowledged message (this release's `Acknowledgement`), when given. */
  messageId?: string;
  /** BatchId this release was delivered in (its `Acknowledgement`), when given. */
  batchId?: string;
}

/** A parsed acknowledgement file. */
export interface Acknowledgement {
  /** Root element name (`AcknowledgementMessage`, `ErnAcknowledgementStatusMessage`, `FtpAcknowledgementMessage`). */
  messageType: string;
  /** MessageId of the acknowledged message (or of the ack), when present. */
  messageId?: string;
  /** BatchId, when present. */
  batchId?: string;
  /** Per-release results; one entry without a release id for file-level acks. */
  releases: AckRelease[];
}

const ACCEPTED = new Set([
  'FileOK',
  'SuccessfullyIngestedByReleaseDistributor',
  'ReleaseMadeAvailableToConsumers',
  'SuccessfullyIngested',
]);
const RECEIVED = new Set([
  'ReleaseReceivedByReleaseDistributor',
  'DeliveredToReleaseDistributor',
  'InDeliveryToReleaseDistributor',
]);
const REJECTED_PATTERN =
  /Error|Invalid|Missing|Corrupt|Wrong|NotMeeting|NoDeal|Conflicting|Later|Unknown|Duplicated|Rejected|BinariesMissing/;

/** Maps DDEX status values (delivery.md §1.6) to an {@link AckStatus}: any rejection wins, then acceptance. */
export function mapAckStatus(statuses: string[]): AckStatus {
  if (statuses.some((s) => REJECTED_PATTERN.test(s) && !ACCEPTED.has(s))) return 'rejected';
  if (statuses.length && statuses.every((s) => ACCEPTED.has(s))) return 'accepted';
  if (statuses.some((s) => ACCEPTED.has(s) || RECEIVED.has(s))) return 'received';
  return 'unknown';
}

/**
 * Reads the ack flavours DSPs leave (ERN-C 1.8 AcknowledgementMessage, ECHO 1.7 ErnAcknowledgementStatusMessage,
 * FtpAcknowledgementMessage). A tolerant reader: it looks for the elements by local name, whatever the namespace.
 */
export function parseAcknowledgement(xml: string): Acknowledgement {
  const root = /<(?:[\w-]+:)?(\w+)[\s>]/.exec(xml.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, ''))?.[1] ?? 'unknown';
  // ReleaseStatus is both a composite and a value inside it (ECHO 1.7): split at each ReleaseId instead of nesting
  const starts = [...xml.matchAll(/<(?:[\w-]+:)?ReleaseId[\s>]/g)].map((m) => m.index ?? 0);
  const blocks = starts.length ? starts.map((s, i) => xml.slice(s, starts[i + 1])) : [xml];
  const releases = blocks.map((block): AckRelease => {
    const releaseId = starts.length ? text(elements(block, 'ReleaseId')[0] ?? '') || undefined : undefined;
    const statuses = ['ReleaseStatus', 'FileStatus', 'Status', 'MessageStatus'].flatMap((n) => leaves(block, n));
    const errorText = leaves(block, 'ErrorText')[0];
    const out: AckRelease = { releaseId, status: mapAckStatus(statuses), statuses, errorText };
    if (starts.length) {
      // inside a release's block, MessageId and BatchId name what is acknowledged (the header is before the first)
      const messageId = leaves(block, 'MessageId')[0];
      const batchId = leaves(block, 'BatchId')[0];
      if (messageId) out.messageId = messageId;
      if (batchId) out.batchId = batchId;
    }
    return out;
  });
  const first = (name: string) => text(elements(xml, name)[0] ?? '') || undefined;
  return { messageType: root, messageId: first('MessageId'), batchId: first('BatchId'), releases };
}

/** What the name of an ack file tells, by the DDEX naming conventions (delivery.md §1.2, §1.3). */
export interface AckFileHints {
  /** ERN-C 1.8 `ACK_<MessageId>_<YYYYMMDDhhmmssnnn>.<ext>`: the acknowledged message. */
  messageId?: string;
  /** ECHO 1.7 batch `ACK_<YYYYMMDDhhmmssnnn batch>_<ReleaseId>.xml`: the batch. */
  batchId?: string;
  /** ECHO 1.7 batch: the release. */
  releaseId?: string;
}

/** Reads the message or batch and release an ack file is named after (`{}` for other names). */
export function ackFileHints(fileName: string): AckFileHints {
  const name = fileName.slice(fileName.lastIndexOf('/') + 1);
  const batch = /^ACK_(\d{17})_(.+)\.[A-Za-z0-9]+$/.exec(name);
  if (batch) return { batchId: batch[1], releaseId: batch[2] };
  const message = /^ACK_(.+)_\d{17}\.[A-Za-z0-9]+$/.exec(name);
  if (message) return { messageId: message[1] };
  return {};
}

/** One ack file read by {@link readAcknowledgements}. */
export interface AckFile {
  /** Remote path, relative to the target root. */
  path: string;
  /** The parsed acknowledgement. */
  ack: Acknowledgement;
  /** The file's text. */
  xml: string;
  /** Modification time, when the server reports it. */
  modifiedAt?: Date;
}

/** Options of {@link readAcknowledgements}. */
export interface ReadAcknowledgementsOptions extends AbortableOptions {
  /** Skips files already handled (by path), without reading them. */
  skip?: (path: string) => boolean;
}

/** Lists the profile's acknowledgement folder and parses every ack file in it, oldest name first. */
export async function readAcknowledgements(
  runtime: DeliveryRuntime,
  profile: DeliveryProfile,
  options: ReadAcknowledgementsOptions = {},
): Promise<AckFile[]> {
  const acks = profile.acknowledgements;
  if (!acks) return [];
  const pattern = new RegExp(acks.pattern);
  const entries = await runtime.list(acks.folder, options);
  const out: AckFile[] = [];
  for (const e of entries
    .filter((x) => x.type === 'file' && pattern.test(x.name))
    .sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = acks.folder ? `${acks.folder}/${e.name}` : e.name;
    if (options.skip?.(path)) continue;
    const xml = Buffer.from(await runtime.read(path, options)).toString('utf8');
    out.push({ path, ack: parseAcknowledgement(xml), xml, modifiedAt: e.modifiedAt });
  }
  return out;
}

// --- Internal helpers ---

/** Inner XML of every element with this local name (outermost first, non-nested same-name only). */
function elements(xml: string, name: string): string[] {
  const re = new RegExp(`<((?:[\\w-]+:)?${name})(?:\\s[^>]*)?>([\\s\\S]*?)</\\1>`, 'g');
  return [...xml.matchAll(re)].map((m) => m[2] ?? '');
}

/** Text of every leaf element (no child elements) with this local name. */
function leaves(xml: string, name: string): string[] {
  const re = new RegExp(`<((?:[\\w-]+:)?${name})(?:\\s[^>]*)?>([^<]*)</\\1>`, 'g');
  return [...xml.matchAll(re)].map((m) => text(m[2] ?? '')).filter(Boolean);
}

/** Text content with tags removed and entities decoded. */
function text(inner: string): string {
  return inner
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
