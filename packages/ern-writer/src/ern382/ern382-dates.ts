import { isIsoDate, isIsoDateTime, toInstant } from '@ddex/ern-model/values';
import { ErnWriterError } from '../errors';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const NO_SECONDS = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(Z|[+-]\d{2}:\d{2})?$/;

/** True for `YYYY-MM-DD` (the model's date form), false for a date-time. */
export function isDateOnly(value: string): boolean {
  return DATE_ONLY.test(value);
}

/**
 * An `xs:dateTime` for a model date or date-time: a date becomes the start of its day in UTC (the model's own
 * reading, see `toInstant`), and a time without seconds gets `:00`.
 */
export function toXsDateTime(value: string): string {
  if (DATE_ONLY.test(value)) return `${value}T00:00:00Z`;
  const m = NO_SECONDS.exec(value);
  return m ? `${m[1]}:00${m[2] ?? ''}` : value;
}

/** The earlier of two dates or date-times (the first when they are the same instant). */
export function earliest(a: string, b: string): string {
  return toInstant(b) < toInstant(a) ? b : a;
}

/** MessageCreatedDateTime from the option: a Date, a date-time, or a date (start of day, UTC); default now. */
export function createdDateTime(createdAt: string | Date | undefined): string {
  if (createdAt === undefined) return new Date().toISOString();
  if (createdAt instanceof Date) {
    if (Number.isNaN(createdAt.getTime())) throw new ErnWriterError('INVALID_OPTIONS', 'createdAt is an invalid Date.');
    return createdAt.toISOString();
  }
  if (isIsoDate(createdAt) || isIsoDateTime(createdAt)) return toXsDateTime(createdAt);
  throw new ErnWriterError(
    'INVALID_OPTIONS',
    `createdAt "${createdAt}" is not an ISO 8601 date-time (e.g. 2027-03-05T10:00:00Z).`,
  );
}
