import type { z } from 'zod';

/** One problem found in an input: a stable machine code, the JSON path (`tracks.3.isrc`) and a readable sentence. */
export interface ModelIssue {
  readonly code: string;
  readonly path: string;
  readonly message: string;
}

/** The outcome of parsing: the normalised data (and warnings about ignored input), or the issues. */
export type ParseResult<T> =
  | { readonly success: true; readonly data: T; readonly warnings: readonly ModelIssue[] }
  | { readonly success: false; readonly issues: readonly ModelIssue[] };

/** Joins a path the way issues print it: `tracks.3.isrc`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `text "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value === 'number' ? 'the number' : typeof value} ${String(value)}`;
}

/** Turns one zod issue into a {@link ModelIssue} with our codes and a sentence naming the field. */
export function fromZodIssue(issue: z.core.$ZodIssue): ModelIssue {
  const path = formatPath(issue.path);
  const field = String(issue.path.at(-1) ?? 'value');
  const input = (issue as { input?: unknown }).input;
  const custom = (issue as { params?: { code?: string } }).params?.code;
  if (custom) return { code: custom, path, message: issue.message };
  switch (issue.code) {
    case 'invalid_type': {
      const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
      if (input === undefined) return { code: 'required', path, message: `${field} is required.` };
      return { code: 'invalid_type', path, message: `${field} must be ${expected}, not ${describe(input)}.` };
    }
    case 'too_small': {
      if (issue.origin === 'string') return { code: 'required', path, message: `${field} must not be empty.` };
      if (issue.origin === 'array') {
        return { code: 'too_few', path, message: `${field} needs at least ${issue.minimum} item(s).` };
      }
      return {
        code: 'too_small',
        path,
        message: `${field} must be at least ${issue.minimum}${issue.inclusive ? '' : ' (exclusive)'}.`,
      };
    }
    case 'too_big':
      return { code: 'too_big', path, message: `${field} must be at most ${issue.maximum}.` };
    case 'invalid_value':
      return {
        code: 'invalid_value',
        path,
        message: `${describe(input)} is not allowed for ${field}; use one of: ${issue.values.map(String).join(', ')}.`,
      };
    case 'invalid_format':
      return { code: 'invalid_format', path, message: `${field} ${issue.message}.` };
    case 'invalid_union':
      return { code: 'invalid_type', path, message: `${field} has the wrong type (${describe(input)}).` };
    default:
      return { code: issue.code, path, message: `${field}: ${issue.message}` };
  }
}
