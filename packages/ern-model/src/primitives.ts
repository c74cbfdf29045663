import { z } from 'zod';
import { isIsoDate, isIsoDateTime, isLanguageTag, parseIsoDuration, TERRITORY_CODES } from './plain';

/**
 * @internal A string checked by `test`; a failure becomes one issue with our stable `code` and a sentence
 * built from the value.
 */
export function checkedString(test: (value: string) => boolean, code: string, message: (value: string) => string) {
  return z.string().superRefine((value, ctx) => {
    if (!test(value)) ctx.addIssue({ code: 'custom', message: message(value), params: { code } });
  });
}

/** @internal */
export const isoDate = checkedString(
  isIsoDate,
  'invalid_date',
  (v) => `"${v}" is not a date written YYYY-MM-DD (e.g. 2027-03-05).`,
);

const YEAR = /^\d{4}$/;
const YEAR_MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const LOWER_ALPHA_2 = /^[a-z]{2}$/;

/** @internal a date that may leave out the day or the month (YYYY, YYYY-MM or YYYY-MM-DD), as DDEX event dates do */
export const isoPartialDate = checkedString(
  (v) => YEAR.test(v) || YEAR_MONTH.test(v) || isIsoDate(v),
  'invalid_date',
  (v) => `"${v}" is not a date written YYYY-MM-DD, YYYY-MM or YYYY (e.g. 2027-03-05).`,
);

/** @internal */
export const isoDateOrDateTime = checkedString(
  (v) => isIsoDate(v) || isIsoDateTime(v),
  'invalid_date',
  (v) => `"${v}" is not a date (YYYY-MM-DD) or an ISO 8601 date-time (e.g. 2027-03-05T00:00:00Z).`,
);

/** @internal */
export const isoDateTime = checkedString(
  isIsoDateTime,
  'invalid_datetime',
  (v) => `"${v}" is not an ISO 8601 date-time (e.g. 2027-03-05T10:00:00Z).`,
);

/** @internal */
export const languageTag = checkedString(
  isLanguageTag,
  'invalid_language',
  (v) => `"${v}" is not a BCP 47 language tag (e.g. en, pt-BR).`,
);

/** @internal */
export const territoryCode = z
  .string()
  .transform((v) => (LOWER_ALPHA_2.test(v) ? v.toUpperCase() : v.toLowerCase() === 'worldwide' ? 'Worldwide' : v))
  .superRefine((v, ctx) => {
    if (!TERRITORY_CODES.has(v)) {
      ctx.addIssue({
        code: 'custom',
        message: `"${v}" is not a territory: use an ISO 3166-1 alpha-2 country code (e.g. NO, US) or Worldwide.`,
        params: { code: 'invalid_territory' },
      });
    }
  });

/** @internal a positive duration in seconds; an ISO 8601 duration string is accepted and converted. */
export const durationSeconds = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const seconds = typeof v === 'number' ? v : parseIsoDuration(v);
  if (seconds === undefined || !Number.isFinite(seconds) || seconds <= 0) {
    ctx.addIssue({
      code: 'custom',
      message: `${JSON.stringify(v)} is not a duration: give positive seconds (e.g. 191) or ISO 8601 (e.g. PT3M11S).`,
      params: { code: 'invalid_duration' },
    });
    return z.NEVER;
  }
  return seconds;
});

/** @internal a value from a (large) allowed-value set, with a readable message naming the set. */
export function oneOf(values: readonly string[], what: string) {
  const set = new Set(values);
  return checkedString(
    (v) => set.has(v),
    'invalid_value',
    (v) => `"${v}" is not a known ${what}.`,
  );
}
