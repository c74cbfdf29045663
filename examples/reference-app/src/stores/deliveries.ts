import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, unwrap } from '../api/client';
import type { DeliveryView, PageView } from '../api/types';
import { isFirebaseMode } from './session';

/** The tabs of the deliveries page. */
export type DeliveryTab = 'queue' | 'history' | 'reconcile';
/** Statuses of deliveries waiting or running. */
export const ACTIVE = ['queued', 'processing', 'delivering'] as const;
/** Statuses of finished deliveries. */
export const FINISHED = ['completed', 'acknowledged', 'rejected', 'failed', 'cancelled'] as const;
/** Sent but not confirmed: no acknowledgement yet (completed), or the DSP's disagrees (rejected). */
export const UNRECONCILED = ['completed', 'rejected'] as const;
/** The statuses each tab shows. */
export const TAB_STATUSES: Record<DeliveryTab, readonly string[]> = {
  queue: ACTIVE,
  history: FINISHED,
  reconcile: UNRECONCILED,
};

/** How the page hears of changes: the event stream, polling (the stream is down), or neither (offline). */
export type Connection = 'connecting' | 'live' | 'polling' | 'offline';

/** What the list shows: a tab, a status of it, a target. */
export interface DeliveryFilter {
  tab: DeliveryTab;
  status: string;
  targetId: string;
}

const POLL_MS = 2000;
const RECONNECT_MS = 10_000;

/**
 * Deliveries of the tenant as the deliveries page shows them: the filtered list, kept current by the API's event
 * stream (`/api/deliveries/events`, cookie session) and by polling every 2 s while the stream is down (or with
 * bearer tokens, which EventSource cannot send). `connection` says which; `now` ticks every second for countdowns.
 */
export const useDeliveries = defineStore('deliveries', () => {
  const items = ref<DeliveryView[]>([]);
  const filter = ref<DeliveryFilter>({ tab: 'queue', status: '', targetId: '' });
  const loading = ref(true);
  const connection = ref<Connection>('connecting');
  const lastUpdate = ref<string | null>(null);
  const loadError = ref<unknown>(null);
  /** the latest delivery the stream reported (the open detail follows it) */
  const lastChange = ref<DeliveryView | null>(null);
  const now = ref(Date.now());
  let source: EventSource | null = null;
  let poller: ReturnType<typeof setInterval> | undefined;
  let ticker: ReturnType<typeof setInterval> | undefined;
  let reconnect: ReturnType<typeof setTimeout> | undefined;
  let seq = 0;
  // stream events by arrival; a list read replays those that arrived while it was in flight (it may predate them)
  let heard: { n: number; d: DeliveryView }[] = [];
  let heardCount = 0;

  const statuses = computed(() => (filter.value.status ? [filter.value.status] : TAB_STATUSES[filter.value.tab]));
  const matches = (d: DeliveryView) =>
    statuses.value.includes(d.status) && (!filter.value.targetId || d.targetId === filter.value.targetId);

  /** Reads the list for the filter; a failure leaves the last list and marks the page offline. */
  async function load(): Promise<void> {
    const mine = ++seq;
    const since = heardCount;
    try {
      const query = {
        limit: 200,
        status: statuses.value.join(','),
        ...(filter.value.targetId ? { targetId: filter.value.targetId } : {}),
      };
      const page = await unwrap<PageView<DeliveryView>>(
        api.GET('/api/deliveries', { params: { query: query as never } }),
      );
      if (mine !== seq) return; // a newer filter's answer wins
      items.value = page.items;
      for (const h of heard) if (h.n > since) merge(h.d);
      heard = heard.filter((h) => h.n > since);
      lastUpdate.value = new Date().toISOString();
      loadError.value = null;
      if (connection.value === 'offline') connection.value = source?.readyState === 1 ? 'live' : 'polling';
    } catch (e) {
      loadError.value = e;
      connection.value = 'offline';
    } finally {
      if (mine === seq) loading.value = false;
    }
  }

  /** A delivery as the stream sent it: updated, added or dropped from the list as the filter says. */
  function apply(d: DeliveryView): void {
    lastChange.value = d;
    lastUpdate.value = new Date().toISOString();
    heard.push({ n: ++heardCount, d });
    if (heard.length > 500) heard.shift();
    merge(d);
  }
  function merge(d: DeliveryView): void {
    const i = items.value.findIndex((x) => x.id === d.id);
    if (i >= 0 && items.value[i]!.version > d.version) return; // the list already has a newer state
    if (!matches(d)) {
      if (i >= 0) items.value.splice(i, 1);
    } else if (i >= 0) items.value.splice(i, 1, d);
    else items.value.unshift(d);
  }

  function startPolling(): void {
    poller ??= setInterval(load, POLL_MS);
  }
  function stopPolling(): void {
    clearInterval(poller);
    poller = undefined;
  }

  function connect(): void {
    clearTimeout(reconnect);
    if (isFirebaseMode() || typeof EventSource === 'undefined') {
      connection.value = 'polling';
      startPolling();
      return;
    }
    source?.close();
    const es = new EventSource('/api/deliveries/events', { withCredentials: true });
    source = es;
    es.addEventListener('ready', () => {
      connection.value = 'live';
      stopPolling();
      void load(); // changes before the stream opened are not replayed
    });
    es.addEventListener('delivery', (e) => apply(JSON.parse((e as MessageEvent<string>).data) as DeliveryView));
    es.onerror = () => {
      if (source !== es) return;
      // the stream dropped: poll until it is back (EventSource retries by itself unless it gave up)
      if (connection.value !== 'offline') connection.value = 'polling';
      startPolling();
      if (es.readyState === 2) reconnect = setTimeout(connect, RECONNECT_MS);
    };
  }

  /** Starts following the deliveries with a filter (the page opened). */
  function start(next: DeliveryFilter): void {
    filter.value = { ...next };
    loading.value = true;
    void load();
    connection.value = 'connecting';
    connect();
    ticker ??= setInterval(() => {
      now.value = Date.now();
    }, 1000);
  }
  /** Shows another tab, status or target. */
  function setFilter(next: DeliveryFilter): void {
    filter.value = { ...next };
    loading.value = true;
    void load();
  }
  /** Stops the stream, polling and the clock (the page closed). */
  function stop(): void {
    source?.close();
    source = null;
    stopPolling();
    clearTimeout(reconnect);
    clearInterval(ticker);
    ticker = undefined;
  }
  /** Seconds until a delivery waiting to retry is tried again, or null when it is not waiting. */
  function retryIn(d: DeliveryView): number | null {
    if (d.status !== 'queued' || !d.nextAttemptAt) return null;
    return Math.max(0, Math.ceil((Date.parse(d.nextAttemptAt) - now.value) / 1000));
  }

  return {
    items,
    filter,
    loading,
    connection,
    lastUpdate,
    loadError,
    lastChange,
    now,
    load,
    start,
    setFilter,
    stop,
    retryIn,
  };
});
