import type { CreditDraft, ResourceDraft } from './draft';

/** Roles that credit a writer of the musical work rather than a contributor to the recording. */
export const WORK_WRITER_ROLES: ReadonlySet<string> = new Set([
  'Composer',
  'ComposerLyricist',
  'Lyricist',
  'Librettist',
  'Author',
  'NonLyricAuthor',
  'SubLyricist',
  'Translator',
  'Adapter',
  'OriginalPublisher',
  'SubPublisher',
]);
/** Roles that credit a music publisher. */
export const PUBLISHER_ROLES: ReadonlySet<string> = new Set(['MusicPublisher']);

/**
 * Files a credit under the model's lists: publishers (role MusicPublisher…), writers of the musical work
 * (Composer, Lyricist…; with `asWriter`, every role of an ERN 3.8.2 IndirectResourceContributor), else
 * contributors to the recording.
 */
export function fileCredit(r: ResourceDraft, credit: CreditDraft, asWriter = false): void {
  if (PUBLISHER_ROLES.has(credit.role)) {
    if (!r.publishers.some((p) => p.name === credit.name)) r.publishers.push(credit);
  } else if (asWriter || WORK_WRITER_ROLES.has(credit.role)) {
    r.writers.push(credit);
  } else {
    r.contributors.push(credit);
  }
}
