/** Stable codes of every error a catalog store throws. */
export type CatalogStoreErrorCode =
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'CONFLICT'
  | 'INVALID_KEY'
  | 'INVALID_ARGUMENT'
  | 'LEASE_LOST'
  | 'INCOMPATIBLE_SCHEMA'
  | 'CLOSED'
  | 'ABORTED'
  | 'INTEGRITY';

const BRAND = Symbol.for('ddex:CatalogStoreError');

/** Options every catalog store error takes. */
export interface CatalogStoreErrorOptions {
  /** the error that caused this one */
  cause?: unknown;
  /** the store that threw, e.g. `memory`, `sqlite` */
  store?: string;
}

/** Base class of every error a catalog store throws; check with {@link isCatalogStoreError}, which survives duplicate copies. */
export class CatalogStoreError extends Error {
  /** brand read by {@link isCatalogStoreError} */
  readonly [BRAND] = true;
  /** stable machine-readable code */
  readonly code: CatalogStoreErrorCode;
  /** the store that threw */
  readonly store: string | undefined;

  constructor(code: CatalogStoreErrorCode, message: string, options: CatalogStoreErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CatalogStoreError';
    this.code = code;
    this.store = options.store;
  }
}

/** An entity does not exist in the calling tenant (or at all: the two are never told apart). */
export class NotFoundError extends CatalogStoreError {
  constructor(
    /** kind of entity, e.g. `release` */
    readonly entity: string,
    /** id or key looked up */
    readonly id: string,
    options?: CatalogStoreErrorOptions,
  ) {
    super('NOT_FOUND', `${entity} "${id}" not found`, options);
    this.name = 'NotFoundError';
  }
}

/** An entity with that id already exists in the tenant. */
export class AlreadyExistsError extends CatalogStoreError {
  constructor(
    /** kind of entity, e.g. `release` */
    readonly entity: string,
    /** the duplicated id */
    readonly id: string,
    options?: CatalogStoreErrorOptions,
  ) {
    super('ALREADY_EXISTS', `${entity} "${id}" already exists`, options);
    this.name = 'AlreadyExistsError';
  }
}

/** A write was based on a stale version (optimistic concurrency). */
export class ConflictError extends CatalogStoreError {
  constructor(
    /** kind of entity, e.g. `release` */
    readonly entity: string,
    /** the entity's id */
    readonly id: string,
    /** version the caller expected */
    readonly expectedVersion: number,
    /** version actually stored */
    readonly actualVersion: number,
    options?: CatalogStoreErrorOptions,
  ) {
    super(
      'CONFLICT',
      `${entity} "${id}" was changed concurrently: expected version ${expectedVersion}, found ${actualVersion}`,
      options,
    );
    this.name = 'ConflictError';
  }
}

/** An asset key is empty, absolute, contains `..` or NUL, or is otherwise unusable. */
export class InvalidKeyError extends CatalogStoreError {
  constructor(
    /** the rejected key */
    readonly key: string,
    reason: string,
    options?: CatalogStoreErrorOptions,
  ) {
    super('INVALID_KEY', `invalid key ${JSON.stringify(key)}: ${reason}`, options);
    this.name = 'InvalidKeyError';
  }
}

/** A queue lease is no longer held by the caller (expired and reclaimed, or a wrong token). */
export class LeaseLostError extends CatalogStoreError {
  constructor(
    /** the job whose lease was lost */
    readonly jobId: string,
    options?: CatalogStoreErrorOptions,
  ) {
    super('LEASE_LOST', `lease on job "${jobId}" is not held by the caller`, options);
    this.name = 'LeaseLostError';
  }
}

/** True when `value` is a catalog store error (optionally with the given code), across duplicate package copies. */
export function isCatalogStoreError(value: unknown, code?: CatalogStoreErrorCode): value is CatalogStoreError {
  if (typeof value !== 'object' || value === null || (value as Record<symbol, unknown>)[BRAND] !== true) return false;
  return code === undefined || (value as CatalogStoreError).code === code;
}

/** Shorthand for an `INVALID_ARGUMENT` error. */
export function invalidArgument(message: string, options?: CatalogStoreErrorOptions): CatalogStoreError {
  return new CatalogStoreError('INVALID_ARGUMENT', message, options);
}
