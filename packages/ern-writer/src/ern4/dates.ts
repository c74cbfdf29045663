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

/** Writes seconds as an xs:duration, e.g. 191 → `PT3M11S`, 3725.5 → `PT1H2M5.5S`. */
export function toXsDuration(totalSeconds: number): string {
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = Math.round((totalSeconds % 60) * 1000) / 1000;
  return `PT${hours > 0 ? `${hours}H` : ''}${minutes}M${seconds}S`;
}
