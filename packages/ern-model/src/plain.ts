// The model's value checks that need no zod: dates, durations, language tags and territory codes. The writers and
// readers import these through `@ddex/ern-model/values`, so a process that only writes ERN never loads zod.
import { avsUnion } from './avs';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/;

/** True when `value` is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** True when `value` is an ISO 8601 date-time (YYYY-MM-DDThh:mm[:ss[.fff]][Z|±hh:mm]) with a real date and time. */
export function isIsoDateTime(value: string): boolean {
  const m = ISO_DATETIME.exec(value);
  if (!m) return false;
  if (!isIsoDate(`${m[1]}-${m[2]}-${m[3]}`)) return false;
  return Number(m[4]) < 24 && Number(m[5]) < 60 && (m[6] === undefined || Number(m[6]) < 60);
}

/** A sortable instant for a date or date-time (dates count as the start of their day, UTC). */
export function toInstant(value: string): number {
  return Date.parse(ISO_DATE.test(value) ? `${value}T00:00:00Z` : value);
}

/** Writes seconds as an ISO 8601 duration, e.g. 191 → `PT3M11S`, 3725.5 → `PT1H2M5.5S`. */
export function toIsoDuration(totalSeconds: number): string {
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = Math.round((totalSeconds % 60) * 1000) / 1000;
  return `PT${hours > 0 ? `${hours}H` : ''}${minutes}M${seconds}S`;
}

/** Reads an ISO 8601 duration (`PT3M11S`, `P0DT1H`, `PT191.5S`) as seconds; undefined when it is not one. */
export function parseIsoDuration(value: string): number | undefined {
  const m = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
    value.trim(),
  );
  if (!m || value.trim() === 'P' || value.trim().endsWith('T')) return undefined;
  const [d, h, mi, s] = [m[1], m[2], m[3], m[4]].map((x) => (x === undefined ? 0 : Number(x)));
  return (d as number) * 86400 + (h as number) * 3600 + (mi as number) * 60 + (s as number);
}

const LANGUAGE_TAGS = new Map<string, boolean>();

/** True when `tag` is a well-formed BCP 47 language tag (e.g. `en`, `pt-BR`, `zh-Hant-TW`). */
export function isLanguageTag(tag: string): boolean {
  const known = LANGUAGE_TAGS.get(tag);
  if (known !== undefined) return known;
  let valid = /^[a-zA-Z]{2,8}(-[a-zA-Z0-9]{1,8})*$/.test(tag);
  if (valid) {
    try {
      valid = Intl.getCanonicalLocales(tag).length === 1;
    } catch {
      valid = false;
    }
  }
  // Intl is slow and a catalog repeats a few dozen tags thousands of times: remember answers, within a bound
  if (LANGUAGE_TAGS.size < 10_000) LANGUAGE_TAGS.set(tag, valid);
  return valid;
}

/** Territory codes a deal may name: ISO 3166-1 alpha-2, `Worldwide`, and the other DDEX territory codes. */
export const TERRITORY_CODES: ReadonlySet<string> = new Set(avsUnion(['AllTerritoryCode', 'CurrentTerritoryCode']));
