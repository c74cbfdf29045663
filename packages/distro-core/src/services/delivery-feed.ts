import type { CatalogStore, DeliveryRecord, DeliveryRepository } from '@ddex/catalog-store';
import type { ServiceLogger } from '../options';
import { retryTimes, waitsToRetry } from './retry-times';

/** A delivery as it is now, sent on every change (the event stream's `delivery` event). */
export interface DeliveryChange {
  /** increasing within the process (the SSE event id) */
  seq: number;
  /** the delivery (no tenant), with `nextAttemptAt` while it waits to retry */
  delivery: Omit<DeliveryRecord, 'tenantId'> & { nextAttemptAt?: string };
}

/** What a subscriber is told. */
export interface DeliveryFeedListener {
  /** a delivery of the subscriber's tenant changed */
  change(event: DeliveryChange): void;
  /** the feed closed (the server stops): end the stream */
  close(): void;
}

/**
 * Changes of deliveries, per tenant, as the services and workers of this process write them. A subscriber hears
 * only its own tenant's, from the moment it subscribes (a client reloads what it shows when it connects).
 * @internal
 */
export interface DeliveryFeed {
  /** Listens to a tenant's changes; returns the unsubscribe function. */
  subscribe(tenantId: string, listener: DeliveryFeedListener): () => void;
  /** Tells every subscriber the feed closed and forgets them. */
  close(): void;
}

/** Statuses a watcher of a shared store reads every round: the deliveries still moving. */
const MOVING: DeliveryRecord['status'][] = ['queued', 'processing', 'delivering'];

/**
 * A store whose delivery writes (create, update, attempts) feed `feed`; everything else is the store itself. The
 * workers and use cases of the process write through it, so every change of this process is heard at once. A store
 * shared by several processes (`capabilities.multiProcess`) is also read every `pollMs` while a tenant has
 * listeners: its newest and still-moving deliveries, to hear what workers elsewhere change.
 * @internal
 */
export function createDeliveryFeed(
  store: CatalogStore,
  logger: ServiceLogger,
  pollMs = 2000,
): { feed: DeliveryFeed; store: CatalogStore } {
  const listeners = new Map<string, Set<DeliveryFeedListener>>();
  let seq = 0;
  // changes of one delivery are read and sent in order, so an older state never follows a newer one
  const pending = new Map<string, Promise<void>>();

  const emit = (tenantId: string, record: DeliveryRecord, nextAttemptAt?: string) => {
    const { tenantId: _t, ...view } = record;
    const event: DeliveryChange = { seq: ++seq, delivery: nextAttemptAt ? { ...view, nextAttemptAt } : view };
    for (const l of listeners.get(tenantId) ?? []) l.change(event);
  };
  const changed = (tenantId: string, id: string, record?: DeliveryRecord) => {
    // nobody listens to the tenant: nothing to read
    if (!listeners.has(tenantId)) return;
    const key = `${tenantId}\u0000${id}`;
    const next = (pending.get(key) ?? Promise.resolve()).then(async () => {
      try {
        const now = record ?? (await store.deliveries.get(tenantId, id));
        const at = waitsToRetry(now) ? (await retryTimes(store, tenantId, [now])).get(id) : undefined;
        emit(tenantId, now, at);
      } catch (error) {
        logger.warn?.({ deliveryId: id, err: (error as Error).name }, 'delivery change not sent');
      }
    });
    pending.set(key, next);
    void next.finally(() => {
      if (pending.get(key) === next) pending.delete(key);
    });
  };

  const watchers = new Map<string, () => void>();
  const watch = (tenantId: string) => {
    // the state (`version:attempts:status`) of each delivery followed: the newest and the moving ones
    const known = new Map<string, string>();
    let first = true;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const round = async () => {
      try {
        const [recent, moving] = await Promise.all([
          store.deliveries.list(tenantId, { limit: 50 }),
          store.deliveries.list(tenantId, { status: MOVING, limit: 200 }),
        ]);
        const seen = new Map([...recent.items, ...moving.items].map((d) => [d.id, d]));
        // one that stopped moving has left the moving list: read it once more
        for (const id of known.keys()) {
          const d = seen.has(id) ? undefined : await store.deliveries.get(tenantId, id).catch(() => undefined);
          if (d) seen.set(id, d);
        }
        const before = new Map(known);
        known.clear();
        for (const d of seen.values()) {
          const state = `${d.version}:${d.attemptCount}:${d.status}`;
          if (MOVING.includes(d.status) || recent.items.includes(d)) known.set(d.id, state);
          if (!first && before.get(d.id) !== state) changed(tenantId, d.id, d);
        }
        first = false;
      } catch (error) {
        logger.warn?.({ tenantId, err: (error as Error).name }, 'delivery watch round failed');
      }
      if (!stopped) timer = setTimeout(round, pollMs);
    };
    void round();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  };

  const deliveries = store.deliveries;
  const watched: DeliveryRepository = Object.assign(Object.create(null) as object, {
    get: deliveries.get.bind(deliveries),
    list: deliveries.list.bind(deliveries),
    listAttempts: deliveries.listAttempts.bind(deliveries),
    appendLog: deliveries.appendLog.bind(deliveries),
    listLogs: deliveries.listLogs.bind(deliveries),
    addReceipt: deliveries.addReceipt.bind(deliveries),
    listReceipts: deliveries.listReceipts.bind(deliveries),
    async create(tenantId, input) {
      const record = await deliveries.create(tenantId, input);
      changed(tenantId, record.id, record);
      return record;
    },
    async update(tenantId, id, patch, options) {
      const record = await deliveries.update(tenantId, id, patch, options);
      changed(tenantId, id, record);
      return record;
    },
    async startAttempt(tenantId, id, input) {
      const attempt = await deliveries.startAttempt(tenantId, id, input);
      changed(tenantId, id);
      return attempt;
    },
    async finishAttempt(tenantId, id, number, input) {
      const attempt = await deliveries.finishAttempt(tenantId, id, number, input);
      changed(tenantId, id);
      return attempt;
    },
  } satisfies DeliveryRepository);
  const wrapped = new Proxy(store, {
    get(target, key) {
      if (key === 'deliveries') return watched;
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });

  const feed: DeliveryFeed = {
    subscribe(tenantId, listener) {
      const set = listeners.get(tenantId) ?? new Set<DeliveryFeedListener>();
      listeners.set(tenantId, set);
      set.add(listener);
      if (store.capabilities.multiProcess && !watchers.has(tenantId)) watchers.set(tenantId, watch(tenantId));
      return () => {
        set.delete(listener);
        if (set.size === 0 && listeners.get(tenantId) === set) {
          listeners.delete(tenantId);
          watchers.get(tenantId)?.();
          watchers.delete(tenantId);
        }
      };
    },
    close() {
      for (const set of listeners.values()) for (const l of set) l.close();
      listeners.clear();
      for (const stop of watchers.values()) stop();
      watchers.clear();
    },
  };
  return { feed, store: wrapped };
}
