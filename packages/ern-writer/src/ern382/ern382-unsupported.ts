import type { Release } from '@ddex/ern-model';
import type { Ern382Context } from './ern382-context';

/** A field of the release model that ERN 3.8.2 messages from this writer do not carry. */
export interface Ern382UnsupportedField {
  /** path in the release model, `*` for any array index (e.g. `assets.videos.*`) */
  readonly path: string;
  /** what is lost, as the issue message says it */
  readonly what: string;
  /** true when the writer reports it while writing, because it is lost only in some cases */
  readonly conditional?: boolean;
}

/**
 * The parity list (STYLE.md §13): every model field is either written into the 3.8.2 message, listed here, or
 * listed in {@link ERN382_NOT_IN_MESSAGE}. When a listed field holds a value, the writer reports `unsupported_field`.
 */
export const ERN382_UNSUPPORTED: readonly Ern382UnsupportedField[] = [
  { path: 'metadata.labelIds', what: 'label identifiers (a 3.8.2 LabelName carries no party id)' },
  { path: 'tracks.*.video', what: 'a track video (the 3.8.2 writer writes audio releases)' },
  { path: 'assets.videos.*', what: 'video files (the 3.8.2 writer writes audio releases)' },
  { path: 'assets.documents.*', what: 'document files' },
  { path: 'assets.audio.*.size', what: 'the file size', conditional: true },
  { path: 'assets.images.*.size', what: 'the file size', conditional: true },
  { path: 'assets.audio.*.sha256', what: 'a second hash sum, when an MD5 is given', conditional: true },
  { path: 'assets.images.*.sha256', what: 'a second hash sum, when an MD5 is given', conditional: true },
];

/**
 * Model fields that are not message data: catalog bookkeeping, and links the writer resolves into references
 * and order rather than writing as values.
 */
export const ERN382_NOT_IN_MESSAGE: Readonly<Record<string, string>> = {
  id: 'catalog id (written only as a ProprietaryId when the release has no other identifier)',
  tenantId: 'catalog bookkeeping',
  status: 'catalog bookkeeping',
  created: 'catalog bookkeeping',
  updated: 'catalog bookkeeping',
  createdBy: 'catalog bookkeeping',
  ddex: 'generation settings and state (the profile is read from here when the options give none)',
  'tracks.*.id': 'catalog id',
  'tracks.*.sequenceNumber': 'written as the order of resources and the SequenceNumber within the disc',
  'tracks.*.discNumber': 'written as one sequenced ResourceGroup per disc',
  'tracks.*.audio.fileId': 'link to the audio file, resolved into its technical details',
  'assets.audio.*.id': 'link target of tracks.*.audio.fileId',
  'assets.audio.*.storageKey': 'asset-store location',
  'assets.images.*.storageKey': 'asset-store location',
};

const PATTERNS = ERN382_UNSUPPORTED.filter((f) => !f.conditional).map((f) => ({ segments: f.path.split('.'), what: f.what }));

function visit(ctx: Ern382Context, value: unknown, segments: readonly string[], i: number, path: string, what: string): void {
  if (value === undefined || value === null) return;
  if (i === segments.length) {
    if (!Array.isArray(value) || value.length > 0) ctx.unsupported(path, what);
    return;
  }
  const seg = segments[i] as string;
  if (seg === '*') {
    if (Array.isArray(value)) value.forEach((item, n) => visit(ctx, item, segments, i + 1, `${path}.${n}`, what));
    return;
  }
  visit(ctx, (value as Record<string, unknown>)[seg], segments, i + 1, path === '' ? seg : `${path}.${seg}`, what);
}

/** Reports every unconditionally unsupported field that holds a value. */
export function reportUnsupported(ctx: Ern382Context, release: Release): void {
  for (const p of PATTERNS) visit(ctx, release, p.segments, 0, '', p.what);
}
