import type { AssetStore, BackoffOptions, CatalogStore, Clock } from '@ddex/catalog-store';
import { invalidArgument } from '@ddex/catalog-store';
import type { Firestore } from 'firebase-admin/firestore';
import { fsApiKeys } from './fs-api-keys';
import { fsAudit } from './fs-audit';
import { ERR, FsDb, STORE_NAME } from './fs-db';
import { fsDeliveries } from './fs-deliveries';
import { fsQueue } from './fs-queue';
import { fsReleases } from './fs-releases';
import { fsTargets } from './fs-targets';
import { fsTenants } from './fs-tenants';
import { fsUsers } from './fs-users';

/** Options of {@link firestoreStore}. */
export interface FirestoreStoreOptions {
  /** the database, e.g. `getFirestore(initializeApp())`; the store never terminates it */
  firestore: Firestore;
  /** the asset store for files, e.g. `gcsAssetStore(...)`; closed by `close()` */
  assets: AssetStore;
  /**
   * Time source (ms since the epoch) of timestamps, leases and backoff.
   * @default Date.now
   */
  clock?: Clock;
  /** backoff of failed queue jobs */
  backoff?: BackoffOptions;
  /**
   * Most releases a search reads (the candidates sharing the longest query word) before ranking them.
   * @default 1000
   */
  maxSearchCandidates?: number;
}

/** The Firestore catalog store: a `CatalogStore` plus an escape hatch to the database. */
export interface FirestoreStore extends CatalogStore {
  /** The database the store runs on. */
  getFirestore(): Firestore;
}

/**
 * A catalog store on Cloud Firestore, laid out as the blueprint's collections: `tenants/{tenantId}` with
 * `releases`, `targets`, `deliveries` (with `attempts`, `logs`, `receipts`), `jobs` (the delivery queue), `users`,
 * `apiKeys` and `audit` under it. Writes use optimistic concurrency on document update times, the queue claims with
 * update-time preconditions, and search uses a prefix-token array field (see `searchTokens`). Any number of
 * processes (Cloud Functions instances) can share one database.
 *
 * @example
 * import { initializeApp } from 'firebase-admin/app';
 * import { getFirestore } from 'firebase-admin/firestore';
 * const store = firestoreStore({ firestore: getFirestore(initializeApp()), assets: gcsAssetStore({ bucket }) });
 */
export function firestoreStore(options: FirestoreStoreOptions): FirestoreStore {
  if (!options?.firestore) throw invalidArgument('firestoreStore needs `firestore` (getFirestore(app))', ERR);
  if (!options.assets) throw invalidArgument('firestoreStore needs `assets` (e.g. gcsAssetStore(...))', ERR);
  const db = new FsDb(options.firestore, options.clock ?? Date.now, { ...options.backoff });
  const assets = options.assets;
  return {
    name: STORE_NAME,
    // search reads an index (the token array), never scans the catalog; several instances may share the database
    capabilities: { fullTextSearch: true, multiProcess: true },
    tenants: fsTenants(db),
    users: fsUsers(db),
    apiKeys: fsApiKeys(db),
    releases: fsReleases(db, { maxCandidates: options.maxSearchCandidates ?? 1000 }),
    assets,
    targets: fsTargets(db),
    deliveries: fsDeliveries(db),
    queue: fsQueue(db),
    audit: fsAudit(db),
    getFirestore: () => options.firestore,
    async close() {
      if (db.closed) return;
      db.closed = true;
      await assets.close?.();
    },
  };
}
