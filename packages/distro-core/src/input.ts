import { fromZodIssue } from '@ddex/ern-model';
import type { z } from 'zod';
import { type Issue, validationError } from './errors';

/** Parses input with a zod schema; throws a `VALIDATION` error with the model's issue shape. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  throw validationError(result.error.issues.map(fromZodIssue));
}

/** One issue as a `VALIDATION` error. */
export function invalid(code: string, path: string, message: string): never {
  throw validationError([{ code, path, message } satisfies Issue]);
}

/** Copies an object so `tenantId` is the caller's: absent is filled in, another tenant's is a 400 issue. */
export function ownedBy(input: unknown, tenantId: string): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const doc = input as Record<string, unknown>;
  if (doc.tenantId !== undefined && doc.tenantId !== tenantId) {
    invalid('tenant_mismatch', 'tenantId', 'tenantId must be omitted or be your own tenant.');
  }
  return { ...doc, tenantId };
}
