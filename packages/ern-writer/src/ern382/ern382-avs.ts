import { avsValues } from '@ddex/ern-model/values';

/** ERN 3.8.2 `IsoLanguageCode` values (for LanguageOfPerformance), from `@ddex/ern-model`'s generated sets. */
export const ERN382_ISO_LANGUAGE_CODES: ReadonlySet<string> = avsValues('3.8.2', 'IsoLanguageCode');

/** ERN 3.8.2 `ImageCodecType` values, from `@ddex/ern-model`'s generated sets. */
export const ERN382_IMAGE_CODECS: ReadonlySet<string> = avsValues('3.8.2', 'ImageCodecType');
