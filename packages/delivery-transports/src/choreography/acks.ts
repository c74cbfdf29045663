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
    return { releaseId, status: mapAckStatus(statuses), statuses, errorText };
  });
  const first = (name: string) => text(elements(xml, name)[0] ?? '') || undefined;
  return { messageType: root, messageId: first('MessageId'), batchId: first('BatchId'), releases };
}

/** Lists the profile's acknowledgement folder and parses every ack file in it. */
export async function readAcknowledgements(
  runtime: DeliveryRuntime,
  profile: DeliveryProfile,
  options: AbortableOptions = {},
): Promise<{ path: string; ack: Acknowledgement }[]> {
  const acks = profile.acknowledgements;
  if (!acks) return [];
  const pattern = new RegExp(acks.pattern);
  const entries = await runtime.list(acks.folder, options);
  const out: { path: string; ack: Acknowledgement }[] = [];
  for (const e of entries
    .filter((x) => x.type === 'file' && pattern.test(x.name))
    .sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = acks.folder ? `${acks.folder}/${e.name}` : e.name;
    const bytes = await runtime.read(path, options);
    out.push({ path, ack: parseAcknowledgement(Buffer.from(bytes).toString('utf8')) });
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
