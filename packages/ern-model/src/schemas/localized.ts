import { z } from 'zod';
import { isoDate, languageTag, territoryCode } from '../primitives';
import { GridSchema, GtinSchema, IsrcSchema } from './identifier-schemas';

/**
 * A title in another language or script, or for one territory (DDEX DisplayTitle with LanguageAndScriptCode or
 * ApplicableTerritoryCode), besides the main `title`.
 */
export const LocalizedTitleSchema = z.object({
  title: z.string().min(1),
  subtitle: z.string().min(1).optional(),
  /** language and script (BCP 47, e.g. ja-Jpan) */
  language: languageTag.optional(),
  /** the territory it applies to (ISO 3166-1 alpha-2 or Worldwide) */
  territory: territoryCode.optional(),
});

/** A display artist name in another language or script, or for one territory, besides `displayArtist`. */
export const LocalizedNameSchema = z.object({
  name: z.string().min(1),
  /** language and script (BCP 47, e.g. ja-Jpan) */
  language: languageTag.optional(),
  /** the territory it applies to (ISO 3166-1 alpha-2 or Worldwide) */
  territory: territoryCode.optional(),
});

/**
 * Another release this one relates to (DDEX RelatedRelease): how (a ReleaseRelationshipType such as
 * `IsReleaseFromRelease`), how it is identified, and what it is called.
 */
export const RelatedReleaseSchema = z.object({
  /** DDEX ReleaseRelationshipType, e.g. IsEquivalentToAudio, HasReleaseFromRelease */
  relation: z.string().min(1),
  barcode: GtinSchema.optional(),
  grid: GridSchema.optional(),
  isrc: IsrcSchema.optional(),
  catalogNumber: z.string().min(1).optional(),
  title: z.string().min(1).optional(),
  displayArtist: z.string().min(1).optional(),
  releaseDate: isoDate.optional(),
});
