/**
 * @module
 * The catalog store contract suite. Every store (memory, SQLite, PostgreSQL, third-party) runs it:
 *
 * @example
 * import * as vitest from 'vitest';
 * import { describeCatalogStore } from '@ddex/catalog-store/testing';
 * describeCatalogStore({ name: 'memory', vitest, create: ({ clock }) => memoryStore({ clock }) });
 */
import type { CatalogStore } from '@ddex/catalog-store';
import { assetTests } from './assets-suite';
import { deliveryTests } from './deliveries-suite';
import { makeTenant } from './fixtures';
import { type CatalogStoreSuiteOptions, type FakeClock, START_TIME, type SuiteContext } from './harness';
import { identityTests } from './identity-suite';
import { isolationTests } from './isolation-suite';
import { queueTests } from './queue-suite';
import { releaseTests } from './releases-suite';

export * from './fixtures';
export type { CatalogStoreSuiteOptions, CreateStoreContext, FakeClock, SuiteContext, VitestApi } from './harness';

/** Registers the whole contract suite for one store implementation. */
export function describeCatalogStore(options: CatalogStoreSuiteOptions): void {
  const { vitest } = options;
  const skipped = new Set((options.skip ?? []).flatMap((s) => s.tests));
  let store: CatalogStore | undefined;
  const clock: FakeClock = {
    now: START_TIME,
    advance(ms) {
      this.now += ms;
    },
  };
  const ctx: SuiteContext = {
    get store() {
      if (!store) throw new Error('store is only available inside a test');
      return store;
    },
    clock,
    tenantA: 'tenant-a',
    tenantB: 'tenant-b',
    vitest,
    test(group, name, fn) {
      const full = `${group} > ${name}`;
      if (skipped.has(full)) vitest.it.skip(full, fn);
      else vitest.it(full, fn);
    },
  };

  vitest.describe(`catalog store contract: ${options.name}`, () => {
    vitest.beforeEach(async () => {
      clock.now = START_TIME;
      store = await options.create({ clock: () => clock.now });
      await store.tenants.create(makeTenant(ctx.tenantA));
      await store.tenants.create(makeTenant(ctx.tenantB));
    });
    vitest.afterEach(async () => {
      await store?.close();
      store = undefined;
    });
    releaseTests(ctx);
    assetTests(ctx);
    deliveryTests(ctx);
    queueTests(ctx);
    identityTests(ctx);
    isolationTests(ctx);
    options.extraTests?.(ctx);
  });
}
