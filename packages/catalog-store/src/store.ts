import type { AssetStore } from './assets';
import type { DeliveryRepository } from './deliveries';
import type { ApiKeyRepository, AuditLog, TenantRepository, UserRepository } from './identity';
import type { DeliveryQueue } from './queue';
import type { ReleaseRepository } from './releases';
import type { TargetRepository } from './targets';

/** What a catalog store can do, declared rather than guessed from its name. */
export interface CatalogStoreCapabilities {
  /** search uses a real full-text index (not a scan). Default is `false`. */
  fullTextSearch: boolean;
  /** several processes may open the same store at once. Default is `false`. */
  multiProcess: boolean;
}

/**
 * A catalog store: releases, files and delivery state of many tenants. Every method takes the tenant and can
 * never read or change another tenant's data.
 */
export interface CatalogStore {
  /** name of the implementation, e.g. `memory`, `sqlite` */
  readonly name: string;
  /** declared capabilities */
  readonly capabilities: CatalogStoreCapabilities;
  /** tenants */
  readonly tenants: TenantRepository;
  /** users of tenants */
  readonly users: UserRepository;
  /** API keys (stored hashed) */
  readonly apiKeys: ApiKeyRepository;
  /** releases with tracks and asset records */
  readonly releases: ReleaseRepository;
  /** files */
  readonly assets: AssetStore;
  /** delivery targets */
  readonly targets: TargetRepository;
  /** deliveries with attempts, logs and receipts */
  readonly deliveries: DeliveryRepository;
  /** the delivery job queue */
  readonly queue: DeliveryQueue;
  /** the append-only audit log */
  readonly audit: AuditLog;
  /** Releases connections and handles; idempotent. */
  close(): Promise<void>;
  /**
   * Tidies search indexes after a bulk write (an import): a store whose indexes degrade under many small batches
   * implements it; callers run it once at the end, never per batch. Safe to skip; safe to call any time.
   */
  optimize?(): Promise<void>;
}

/** A function creating a store; adapters export one (`memoryStore`, `sqliteStore`). */
export type CatalogStoreFactory<Options, Store extends CatalogStore = CatalogStore> = (options: Options) => Store;
