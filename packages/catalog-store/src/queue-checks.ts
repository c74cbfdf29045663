import { invalidArgument } from './errors';
import { type ClaimOptions, type EnqueueInput, JOB_PRIORITIES } from './queue';

/** Validates enqueue input (shared by every adapter). */
export function validateEnqueue(input: EnqueueInput): void {
  if (typeof input?.kind !== 'string' || input.kind === '') throw invalidArgument('job kind is required');
  if (input.maxAttempts !== undefined && (!Number.isInteger(input.maxAttempts) || input.maxAttempts < 1)) {
    throw invalidArgument('maxAttempts must be a positive integer');
  }
  if (input.dedupeKey !== undefined && (typeof input.dedupeKey !== 'string' || input.dedupeKey === '')) {
    throw invalidArgument('dedupeKey must be a non-empty string');
  }
  if (input.priority !== undefined && !JOB_PRIORITIES.includes(input.priority)) {
    throw invalidArgument(`priority must be one of ${JOB_PRIORITIES.join(', ')}`);
  }
}

/** Validates claim options and returns the effective limit (shared by every adapter). */
export function validateClaim(options: ClaimOptions): number {
  if (typeof options?.workerId !== 'string' || options.workerId === '') throw invalidArgument('workerId is required');
  if (!Number.isFinite(options.leaseMs) || options.leaseMs <= 0) throw invalidArgument('leaseMs must be positive');
  const limit = options.limit ?? 1;
  if (!Number.isInteger(limit) || limit < 1) throw invalidArgument('limit must be a positive integer');
  return Math.min(limit, 100);
}
