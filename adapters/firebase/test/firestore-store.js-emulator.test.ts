import { describeCatalogStore } from '@ddex/catalog-store/testing';
import * as vitest from 'vitest';
import { type RunningEmulator, startJsEmulator } from './helpers/emulators';
import { storeFactory } from './helpers/store-factory';

// The contract suite against the npm `@firestore-emulator/server`, a JavaScript reimplementation of the Firestore
// protocol that needs no Java. It is a protocol-level fake, so the cases its gaps break are skipped (reasons below).
// Google's emulator runs every case (firestore-store.google.test.ts); this run shows the store also works on a
// second implementation and needs nothing but npm.
const SKIP = [
  {
    reason:
      'it ignores query cursors (startAfter on seq + document id) and returns the first page again, so keyset ' +
      'pagination cannot advance',
    tests: [
      'releases > list pages newest first by default and oldest first with order asc',
      'releases > list paginates filtered results without gaps',
      'releases > pagination is stable under concurrent inserts',
      'releases > listReleaseSummaries: the summaries of list, same filters, order, paging and cursors',
      'releases > search honours limit and status; list combines text with filters and paging',
      'targets > create, get, update with versions, list with active filter, delete',
      'deliveries > list newest first with release, target and status filters',
      'deliveries > logs append in order and paginate',
      'queue > claim filters by kind and honours limit; list filters by status and kind and paginates',
      'tenants > create, get, update with versions, list',
      'users > create, get, find by e-mail, update, list, delete',
      'apiKeys > list, revoke (idempotent) and expiry',
      'audit > append-only log, newest first, filters and pagination',
    ],
  },
  {
    reason:
      'it ignores update-time preconditions (a write with a stale lastUpdateTime succeeds), which is what the ' +
      'store relies on for optimistic concurrency and for racing claimers',
    tests: [
      'releases > concurrent updates from the same version: exactly one wins',
      'queue > concurrent claimers: every job runs exactly once, nothing is lost',
      'queue > concurrent claimers with crashing workers: expired leases are reclaimed, each job completes once',
    ],
  },
  {
    reason:
      'collection-group queries return nothing, so ALL_TENANTS claims, apiKeys.authenticate and ' +
      'users.findCredentials (the three cross-tenant paths) find nothing',
    tests: [
      'queue > claim scope: one tenant or ALL_TENANTS',
      'queue > priority: an ALL_TENANTS claim takes a high job of any tenant before older normal ones',
      'users > password hashes: set, clear, found by e-mail across tenants, never in a record',
      'apiKeys > the secret is shown once, stored hashed, and authenticates',
      'apiKeys > requestCount counts every authentication, also between lastUsedAt writes',
      'isolation > queue: B cannot claim, read, heartbeat, complete, fail or requeue A’s jobs, even with the token',
      'isolation > users, API keys and audit: B cannot read or change A’s',
    ],
  },
];

vitest.describe('firestore store on @firestore-emulator/server', () => {
  let emulator: RunningEmulator;
  const stores = storeFactory(() => emulator.host);
  vitest.beforeAll(async () => {
    emulator = await startJsEmulator();
  });
  vitest.afterAll(async () => {
    await stores.dispose();
    await emulator?.stop();
  });
  describeCatalogStore({ name: 'firestore (@firestore-emulator/server)', vitest, create: stores.create, skip: SKIP });
});
