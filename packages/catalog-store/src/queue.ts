import type { Page, PageOptions, TenantId } from './common';

/** Passed to {@link DeliveryQueue.claim} by system workers that serve every tenant. */
export const ALL_TENANTS: unique symbol = Symbol.for('ddex:catalog-store:all-tenants');

/** The tenant scope of a claim: one tenant, or {@link ALL_TENANTS}. */
export type ClaimScope = TenantId | typeof ALL_TENANTS;

/** How urgently a job runs: of the due jobs, claims take `high` ones first, then `normal`, then `low`. */
export type JobPriority = 'high' | 'normal' | 'low';

/** Every priority, in the order claims take them. */
export const JOB_PRIORITIES: readonly JobPriority[] = ['high', 'normal', 'low'];

/** The number stored for each priority (higher is claimed first), for adapters that sort or filter on it. */
export const PRIORITY_RANK: Readonly<Record<JobPriority, number>> = { high: 1, normal: 0, low: -1 };

/** The priority of a stored rank; `normal` for anything else (rows written before priorities existed). */
export function priorityOfRank(rank: number | null | undefined): JobPriority {
  return JOB_PRIORITIES.find((p) => PRIORITY_RANK[p] === rank) ?? 'normal';
}

/** States of a queued job. */
export type JobStatus = 'queued' | 'running' | 'completed' | 'dead';

/** A job in the delivery queue. */
export interface JobRecord {
  /** job id */
  id: string;
  /** tenant owning the job */
  tenantId: TenantId;
  /** what to do, e.g. `deliver` */
  kind: string;
  /** JSON payload */
  payload: unknown;
  /** state */
  status: JobStatus;
  /** claims so far (each claim is an attempt) */
  attempts: number;
  /** dead-lettered after this many attempts */
  maxAttempts: number;
  /** ISO instant the job becomes claimable */
  runAt: string;
  /** claim order among due jobs; kept across retries */
  priority: JobPriority;
  /** ISO instant the current lease ends (running jobs) */
  leaseExpiresAt: string | null;
  /** worker holding the lease */
  lockedBy: string | null;
  /** last failure message */
  lastError: string | null;
  /** JSON result given at completion */
  result: unknown;
  /** caller's idempotency key: enqueueing it twice returns the first job */
  dedupeKey: string | null;
  /** ISO instant of creation */
  createdAt: string;
  /** ISO instant of the last change */
  updatedAt: string;
  /** ISO instant of completion or dead-lettering */
  finishedAt: string | null;
}

/** A job claimed by a worker: the token proves the lease in heartbeat/complete/fail. */
export interface ClaimedJob extends JobRecord {
  /** secret of this lease */
  leaseToken: string;
}

/** Input of {@link DeliveryQueue.enqueue}. */
export interface EnqueueInput {
  /** what to do */
  kind: string;
  /** JSON-serialisable payload */
  payload?: unknown;
  /** ISO instant or Date before which the job is not claimed; now when omitted */
  runAt?: string | Date;
  /**
   * Attempts before the job is dead-lettered.
   * @default 5
   */
  maxAttempts?: number;
  /** idempotency key unique within the tenant: a second enqueue with it returns the existing job */
  dedupeKey?: string;
  /**
   * Claim order among due jobs; never makes a job run before `runAt`.
   * @default 'normal'
   */
  priority?: JobPriority;
}

/** Options of {@link DeliveryQueue.claim}. */
export interface ClaimOptions {
  /** worker id recorded as `lockedBy` */
  workerId: string;
  /** lease length in ms; the job is invisible to other claimers until it ends */
  leaseMs: number;
  /**
   * Most jobs to claim.
   * @default 1
   */
  limit?: number;
  /** only jobs of these kinds */
  kinds?: string[];
}

/** Options of {@link DeliveryQueue.fail}. */
export interface FailOptions {
  /** error message recorded as `lastError` */
  error: string;
  /** retry after this many ms instead of the store's exponential backoff */
  retryInMs?: number;
  /** dead-letter now, whatever the attempt count */
  permanent?: boolean;
}

/** Filters of {@link DeliveryQueue.list}. */
export interface JobListQuery extends PageOptions {
  /** only jobs in one of these states */
  status?: JobStatus | JobStatus[];
  /** only jobs of this kind */
  kind?: string;
}

/** Backoff of failed jobs: `min(maxMs, baseMs * 2^(attempts-1))`. */
export interface BackoffOptions {
  /**
   * Delay after the first failure.
   * @default 1000
   */
  baseMs?: number;
  /**
   * Longest delay.
   * @default 3600000
   */
  maxMs?: number;
}

/**
 * A durable job queue with leases. A claimed job is invisible to other claimers until its lease ends; an expired
 * lease is reclaimed (a new attempt); completion is idempotent; a job whose attempts reach `maxAttempts` is
 * dead-lettered. Heartbeat, complete and fail need the lease token and fail with LEASE_LOST once it is stale.
 */
export interface DeliveryQueue {
  /** Adds a job (or returns the existing one with the same `dedupeKey`). */
  enqueue(tenantId: TenantId, input: EnqueueInput): Promise<JobRecord>;
  /** Leases up to `limit` due jobs, highest priority first, then oldest `runAt`, then first enqueued. */
  claim(scope: ClaimScope, options: ClaimOptions): Promise<ClaimedJob[]>;
  /** Extends a lease by `leaseMs` from now. */
  heartbeat(tenantId: TenantId, jobId: string, leaseToken: string, leaseMs: number): Promise<JobRecord>;
  /** Marks a job done; repeating it with the same token returns the completed job. */
  complete(tenantId: TenantId, jobId: string, leaseToken: string, result?: unknown): Promise<JobRecord>;
  /** Records a failure: back to `queued` after a backoff, or `dead` after `maxAttempts`. */
  fail(tenantId: TenantId, jobId: string, leaseToken: string, options: FailOptions): Promise<JobRecord>;
  /** Puts a dead job back in the queue with a fresh attempt budget. */
  requeue(tenantId: TenantId, jobId: string, options?: { runAt?: string | Date }): Promise<JobRecord>;
  /** Reads a job; NOT_FOUND when absent. */
  get(tenantId: TenantId, jobId: string): Promise<JobRecord>;
  /** Lists jobs, newest first. */
  list(tenantId: TenantId, query?: JobListQuery): Promise<Page<JobRecord>>;
}

/** The delay before retry number `attempts + 1`. */
export function backoffDelay(attempts: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 1000;
  const max = options.maxMs ?? 3_600_000;
  return Math.min(max, base * 2 ** Math.max(0, attempts - 1));
}
