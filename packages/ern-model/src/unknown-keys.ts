import type { z } from 'zod';
import { formatPath, type ModelIssue } from './issues';

type Def = { type: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType; element?: z.ZodType; in?: z.ZodType };

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/**
 * Lists keys of `input` that the schema does not know. zod drops them silently; we report them as warnings so a
 * misspelt field ("parentalwarning") never vanishes unnoticed.
 */
export function findUnknownKeys(schema: z.ZodType, input: unknown, path: PropertyKey[] = []): ModelIssue[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'default':
    case 'prefault':
    case 'nullable':
      return def.innerType ? findUnknownKeys(def.innerType, input, path) : [];
    case 'pipe':
      return def.in ? findUnknownKeys(def.in, input, path) : [];
    case 'array':
      if (!Array.isArray(input) || !def.element) return [];
      return input.flatMap((item, i) => findUnknownKeys(def.element as z.ZodType, item, [...path, i]));
    case 'object': {
      if (input === null || typeof input !== 'object' || Array.isArray(input) || !def.shape) return [];
      const issues: ModelIssue[] = [];
      for (const [key, value] of Object.entries(input)) {
        const child = def.shape[key];
        if (child === undefined) {
          const where = formatPath([...path, key]);
          issues.push({ code: 'unknown_field', path: where, message: `${key} is not a field of the release model and was ignored.` });
        } else {
          issues.push(...findUnknownKeys(child, value, [...path, key]));
        }
      }
      return issues;
    }
    default:
      return [];
  }
}
