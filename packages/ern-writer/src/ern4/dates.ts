import { isIsoDate, isIsoDateTime } from '@ddex/ern-model/values';
import { ErnWriterError } from '../errors';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME_NO_SECONDS = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(Z|[+-]\d{2}:\d{2})?$/;

/** True when `value` is a calendar date (YYYY-MM-DD) rather than a date-time. */
export function isDateOnly(value: string): boolean {
  return DATE.test(value);
}

/** Writes a model date-time as `xs:dateTime`: seconds are added when the model's value leaves them out. */
export function toXsDateTime(value: string): string {
  if (DATE.test(value)) return `${value}T00:00:00`;
  const m = DATETIME_NO_SECONDS.exec(value);
  return m ? `${m[1]}:00${m[2] ?? ''}` : value;
}

// the last string option and its result: batch writes pass the same createdAt again and again
let lastCreatedAt = '';
let lastCreatedDateTime = '';

/** MessageCreatedDateTime from the option: a Date, a date-time, or a date (start of day, UTC); default now. */
export function createdDateTime(createdAt: string | Date | undefined): string {
  if (createdAt === undefined) return new Date().toISOString();
  if (createdAt instanceof Date) {
    if (Number.isNaN(createdAt.getTime())) throw new ErnWriterError('INVALID_OPTIONS', 'createdAt is an invalid Date.');
    return createdAt.toISOString();
  }
  if (createdAt !== lastCreatedAt) {
    lastCreatedDateTime = parseCreatedAt(createdAt);
    lastCreatedAt = createdAt;
  }
  return lastCreatedDateTime;
}

function parseCreatedAt(createdAt: string): string {
  if (isIsoDate(createdAt)) return `${createdAt}T00:00:00Z`;
  if (isIsoDateTime(createdAt)) return toXsDateTime(createdAt);
  throw new ErnWriterError(
    'INVALID_OPTIONS',
    `createdAt "${createdAt}" is not an ISO 8601 date-time (e.g. 2027-03-05T10:00:00Z).`,
  );
}
