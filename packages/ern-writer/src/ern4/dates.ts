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

/** MessageCreatedDateTime from the option: a Date, an ISO string, or now. */
export function createdDateTime(createdAt: string | Date | undefined): string {
  if (createdAt === undefined) return new Date().toISOString();
  if (createdAt instanceof Date) return createdAt.toISOString();
  return DATE.test(createdAt) ? `${createdAt}T00:00:00Z` : toXsDateTime(createdAt);
}
