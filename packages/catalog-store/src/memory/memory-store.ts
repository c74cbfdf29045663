import type { AssetStore } from '../assets';
import type { Clock } from '../common';
import type { BackoffOptions } from '../queue';
import type { CatalogStore } from '../store';
import { memoryAssets } from './memory-assets';
import { memoryDeliveries } from './memory-deliveries';
import { memoryApiKeys, memoryAudit, memoryTenants, memoryUsers } from './memory-identity';
import { memoryQueue } from './memory-queue';
import { memoryReleases } from './memory-releases';
import { memoryTargets } from './memory-targets';
import { MemoryState } from './state';

/** Options of {@link memoryStore}. */
export interface MemoryStoreOptions {
  /**
   * Time source (ms since the epoch); tests pass a fake clock to move leases and backoff.
   * @default Date.now
   */
  clock?: Clock;
  /**
   * Asset store to use.
   * @default memoryAssets({ clock })
   */
  assets?: AssetStore;
  /** backoff of failed queue jobs */
  backoff?: BackoffOptions;
}

/**
 * The in-memory catalog store: the reference implementation of the contract, a test double and the CLI's dry-run
 * target. Nothing survives the process.
 *
 * @example
 * const store = memoryStore();
 * await store.tenants.create(tenant);
 * await store.releases.create(tenant.id, release);
 */
export function memoryStore(options: MemoryStoreOptions = {}): CatalogStore {
  const state = new MemoryState(options.clock ?? Date.now, { ...options.backoff });
  const releases = memoryReleases(state);
  const targets = memoryTargets(state);
  const assets = options.assets ?? memoryAssets({ clock: state.clock });
  return {
    name: 'memory',
    capabilities: { fullTextSearch: false, multiProcess: false },
    tenants: memoryTenants(state),
    users: memoryUsers(state),
    apiKeys: memoryApiKeys(state),
    releases,
    assets,
    targets: targets.repo,
    deliveries: memoryDeliveries(state, {
      releaseExists: async (t, id) => (await releases.find(t, id)) !== null,
      targetExists: targets.exists,
    }),
    queue: memoryQueue(state),
    audit: memoryAudit(state),
    async close() {
      if (state.closed) return;
      state.closed = true;
      await assets.close?.();
    },
  };
}
