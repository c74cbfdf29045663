import { z } from 'zod';
import { ArtistRoleSchema, ContributorRoleSchema, WriterRoleSchema } from './enums';
import { DpidSchema, IsniSchema, ProprietaryIdSchema } from './identifier-schemas';

/** Identifiers a party (artist, writer, label) may carry. */
export const PartyIdsSchema = z.object({
  isni: IsniSchema.optional(),
  ipi: z
    .string()
    .regex(/^[0-9]{9,11}$/, 'must be an IPI name number (9 to 11 digits)')
    .optional(),
  dpid: DpidSchema.optional(),
  proprietary: z.array(ProprietaryIdSchema).optional(),
});

/** A P line (sound recording copyright) or C line (artwork/text copyright): year and text. */
export const CopyrightLineSchema = z.object({
  year: z.number().int().min(1000).max(9999),
  text: z.string().min(1),
});

/** A display artist of a release or track. */
export const ArtistSchema = z.object({
  name: z.string().min(1),
  role: ArtistRoleSchema.default('MainArtist'),
  ids: PartyIdsSchema.optional(),
  /** the name as sorted in an index, e.g. "Fields, Aurora" (DDEX FullNameIndexed) */
  sortName: z.string().min(1).optional(),
});

/** A contributor to a recording: performers, producers, engineers… */
export const ContributorSchema = z.object({
  name: z.string().min(1),
  role: ContributorRoleSchema,
  /** instrument played, for musician roles (DDEX InstrumentType) */
  instrument: z.string().min(1).optional(),
  ids: PartyIdsSchema.optional(),
  /** the name as sorted in an index (DDEX FullNameIndexed) */
  sortName: z.string().min(1).optional(),
});

/** A writer of the underlying musical work. */
export const WriterSchema = z.object({
  name: z.string().min(1),
  role: WriterRoleSchema,
  ids: PartyIdsSchema.optional(),
  /** the name as sorted in an index (DDEX FullNameIndexed) */
  sortName: z.string().min(1).optional(),
});

/** A music publisher. */
export const PublisherSchema = z.object({
  name: z.string().min(1),
  ids: PartyIdsSchema.optional(),
});
