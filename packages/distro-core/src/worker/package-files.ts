import { createHash } from 'node:crypto';
import type { DeliveryPackageFile } from '@ddex/catalog-store';
import type { DeliveryResource, DeliveryResult } from '@ddex/delivery-transports';

/** What one release of a batch sent: its resources, then its ERN. */
export interface SentRelease {
  /** the resources, in plan order */
  resources: readonly DeliveryResource[];
  /** the ERN message sent */
  ernXml: string;
  /** index of its first file in `result.files` */
  offset: number;
}

const md5 = (data: string) => createHash('md5').update(data).digest('hex');

/**
 * The files of one release's package as they went out: each resource with the size and MD5 of its asset record, the
 * ERN with its own, and the batch's completion manifest (shared by the releases of a batch) when one was written.
 */
export function packageFiles(result: DeliveryResult, sent: SentRelease): DeliveryPackageFile[] {
  const skipped = new Set(result.skipped);
  const file = (path: string, role: DeliveryPackageFile['role'], size: number, sum: string | null) => ({
    path,
    role,
    size,
    md5: sum,
    skipped: skipped.has(path),
  });
  const files = sent.resources.map((r, i) =>
    file(result.files[sent.offset + i]!, r.kind, r.size ?? 0, r.md5?.toLowerCase() ?? null),
  );
  const ernPath = result.files[sent.offset + sent.resources.length];
  if (ernPath !== undefined) files.push(file(ernPath, 'ern', Buffer.byteLength(sent.ernXml), md5(sent.ernXml)));
  if (result.marker !== undefined) {
    const content = result.markerContent;
    files.push(
      file(
        result.marker,
        'manifest',
        content === undefined ? 0 : Buffer.byteLength(content),
        content === undefined ? null : md5(content),
      ),
    );
  }
  return files;
}
