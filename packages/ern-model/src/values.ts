/**
 * @module
 * The model's zod-free part: identifier validators, DDEX allowed-value sets, and date, duration, language and
 * territory checks, plus the model's types. Import from `@ddex/ern-model/values` where a process must stay small
 * (the ERN writers do): this entry never loads zod. Everything here is also exported from `@ddex/ern-model`.
 */
export { AVS_DATA, type AvsSetName, type AvsVersion, avsUnion, avsValues, isAllowedValue } from './avs';
export {
  GENRE_PATH_SEPARATOR,
  GENRE_TAXONOMY,
  type GenreMap,
  type GenreMapping,
  type GenreMappingSource,
  type GenreNode,
  isKnownGenre,
  mapGenres,
  splitGenrePath,
} from './genres';
export * from './identifiers';
export {
  isIsoDate,
  isIsoDateTime,
  isLanguageTag,
  parseIsoDuration,
  TERRITORY_CODES,
  toInstant,
  toIsoDuration,
} from './plain';
export type * from './types';
