import type { CatalogStore } from '@ddex/catalog-store';
import type * as Vitest from 'vitest';

/** The parts of vitest the suite uses; pass `import * as vitest from 'vitest'`. */
export type VitestApi = Pick<typeof Vitest, 'describe' | 'it' | 'expect' | 'beforeEach' | 'afterEach'>;

/** A clock the suite moves by hand. */
export interface FakeClock {
  /** current time, ms since the epoch */
  now: number;
  /** moves time forward */
  advance(ms: number): void;
}

/** What {@link CatalogStoreSuiteOptions.create} receives. */
export interface CreateStoreContext {
  /** pass as the store's `clock` option so leases, backoff and timestamps follow the suite's time */
  clock: () => number;
}

/** Options of `describeCatalogStore`. */
export interface CatalogStoreSuiteOptions {
  /** name of the store under test, shown in the report */
  name: string;
  /** creates a fresh, empty store; called before every test */
  create: (ctx: CreateStoreContext) => CatalogStore | Promise<CatalogStore>;
  /** tests this store does not run, each group with its reason; names are `group > test` */
  skip?: { reason: string; tests: string[] }[];
  /** vitest, passed in so the suite never imports it */
  vitest: VitestApi;
  /** more tests to run inside the suite's describe block */
  extraTests?: (ctx: SuiteContext) => void;
}

/** Live state of the current test. */
export interface SuiteContext {
  /** the store under test (fresh per test) */
  readonly store: CatalogStore;
  /** the suite's clock */
  readonly clock: FakeClock;
  /** a tenant created before each test */
  readonly tenantA: string;
  /** a second tenant created before each test */
  readonly tenantB: string;
  /** vitest */
  readonly vitest: VitestApi;
  /** registers a test unless skipped */
  test(group: string, name: string, fn: () => Promise<void>): void;
}

/** @internal */
export const START_TIME = Date.parse('2027-01-01T00:00:00.000Z');
