import type { z } from 'zod';

/** Messages by field path (`metadata.title`, `tracks.0.isrc`). */
export type FieldErrors = Record<string, string>;

/**
 * Runs a zod schema of @ddex/ern-model (the same one the API parses with) and returns the first message per field
 * path, so the browser and the server agree on every rule.
 */
export function zodErrors(schema: z.ZodType, value: unknown): FieldErrors {
  const result = schema.safeParse(value);
  if (result.success) return {};
  const out: FieldErrors = {};
  for (const issue of result.error.issues) {
    const path = issue.path.join('.');
    out[path] ??= issue.message;
  }
  return out;
}

/** The errors under a path prefix (a wizard step's fields). */
export function errorsUnder(errors: FieldErrors, prefixes: string[]): FieldErrors {
  return Object.fromEntries(
    Object.entries(errors).filter(([path]) => prefixes.some((p) => path === p || path.startsWith(`${p}.`))),
  );
}
