import { z } from 'zod';
import { checkDpid, checkGrid, checkGtin, checkIsni, checkIsrc, checkIswc, type IdentifierCheck } from '../identifiers';

function identifier(check: (input: string) => IdentifierCheck) {
  return z.string().transform((input, ctx) => {
    const result = check(input);
    if (result.valid) return result.value;
    ctx.addIssue({ code: 'custom', message: result.message, params: { code: result.code } });
    return z.NEVER;
  });
}

/** ISRC, normalised to the compact upper-case form. */
export const IsrcSchema = identifier(checkIsrc);
/** UPC-A / EAN-13 / GTIN-14 with a valid GS1 check digit. */
export const GtinSchema = identifier(checkGtin);
/** GRid with a valid MOD 37,36 check character. */
export const GridSchema = identifier(checkGrid);
/** DDEX Party ID with a valid MOD 37,36 check character. */
export const DpidSchema = identifier(checkDpid);
/** ISWC with a valid check digit. */
export const IswcSchema = identifier(checkIswc);
/** ISNI with a valid MOD 11-2 check character. */
export const IsniSchema = identifier(checkIsni);

/** A proprietary identifier: any value in a namespace (DDEX recommends the owner's DPID as namespace). */
export const ProprietaryIdSchema = z.object({
  namespace: z.string().min(1),
  value: z.string().min(1),
});
