import type { Release } from '@ddex/ern-model/values';
import { ErnWriterError } from './errors';
import type { WriteErnOptions, WriteErnResult } from './types';

/**
 * Runs a writer, turning a TypeError from inside it into {@link ErnWriterError} `UNPARSED_RELEASE`. The writers read
 * a parsed release without checking it again (that is what keeps them fast), so a TypeError means the input missed
 * the model's shape, e.g. raw import JSON passed without parseRelease's defaults.
 */
export function writeParsed(
  write: (release: Release, options: WriteErnOptions) => WriteErnResult,
  release: Release,
  options: WriteErnOptions,
): WriteErnResult {
  try {
    return write(release, options);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    throw new ErnWriterError(
      'UNPARSED_RELEASE',
      'writeErn needs a release as parseRelease() from @ddex/ern-model returns it (defaults filled, fields checked); ' +
        `this one could not be read (${error.message}). Pass parseRelease(json).data.`,
      { cause: error },
    );
  }
}
