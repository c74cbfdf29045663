import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { LocationQuery } from 'vue-router';
import { ApiError, api, unwrap } from '../api/client';
import type { PageView, ReleaseSummaryView, ReleaseView } from '../api/types';
import { type MessageKey, t } from '../i18n';
import { useNotify } from './notify';

/** The query of `GET /api/releases` the catalog list shows. */
export interface CatalogFilters {
  q?: string;
  status?: string;
  type?: string;
  label?: string;
  releaseDateFrom?: string;
  releaseDateTo?: string;
  order: 'asc' | 'desc';
  limit: number;
  cursor?: string;
}

/** The outcome of a bulk action for one release. */
export interface BulkResult {
  id: string;
  ok: boolean;
  message: string;
}

const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
const isDate = (v: unknown) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);

/** The catalog filters a URL query names (`q`, `status`, `type`, `label`, `from`, `to`, `order`, `limit`, `cursor`). */
export function filtersFromQuery(query: LocationQuery): CatalogFilters {
  return {
    q: text(query.q),
    status: text(query.status),
    type: text(query.type),
    label: text(query.label),
    releaseDateFrom: isDate(query.from) ? String(query.from) : undefined,
    releaseDateTo: isDate(query.to) ? String(query.to) : undefined,
    order: query.order === 'asc' ? 'asc' : 'desc',
    limit: Number(query.limit) > 0 ? Number(query.limit) : 20,
    cursor: typeof query.cursor === 'string' ? query.cursor : undefined,
  };
}

/** The stored release of a listed one: lists carry summaries, the document comes from GET /api/releases/{id}. */
const fetchRelease = (id: string) => unwrap<ReleaseView>(api.GET('/api/releases/{id}', { params: { path: { id } } }));

const csvCell = (v: unknown) => `"${String(v ?? '').replace(/"/g, '""')}"`;

/**
 * The catalog list: its query (the view keeps it in the URL), the page the server returned, the selection (which
 * outlives a page turn: "select all matching" walks every page of the query) and the report of the last bulk action.
 */
export const useCatalog = defineStore('catalog', () => {
  const notify = useNotify();
  const filters = ref<CatalogFilters>(filtersFromQuery({}));
  const page = ref<PageView<ReleaseSummaryView> | null>(null);
  const loading = ref(false);
  const picked = ref<Map<string, ReleaseSummaryView>>(new Map());
  const selectingAll = ref(false);
  const busy = ref(false);
  const results = ref<BulkResult[]>([]);

  const selected = computed(() => new Set(picked.value.keys()));
  const chosen = computed(() => [...picked.value.values()]);
  const filtered = computed(() => {
    const f = filters.value;
    return Boolean(f.q || f.status || f.type || f.label || f.releaseDateFrom || f.releaseDateTo);
  });
  const pageAllPicked = computed(
    () => (page.value?.items.length ?? 0) > 0 && (page.value?.items ?? []).every((r) => picked.value.has(r.id)),
  );

  /** Forgets everything: a catalog view that opens starts from its URL alone. */
  function reset(): void {
    filters.value = filtersFromQuery({});
    page.value = null;
    picked.value = new Map();
    results.value = [];
  }
  async function load(): Promise<void> {
    loading.value = true;
    try {
      page.value = await unwrap<PageView<ReleaseSummaryView>>(
        api.GET('/api/releases', { params: { query: filters.value } }),
      );
    } catch (e) {
      notify.error(e, t('catalog.loadFailed'));
    } finally {
      loading.value = false;
    }
  }
  /** Shows another query: a new query starts a new selection, a page turn keeps it. */
  function setFilters(next: CatalogFilters): Promise<void> {
    const sameQuery = (f: CatalogFilters) => JSON.stringify({ ...f, cursor: undefined });
    if (sameQuery(next) !== sameQuery(filters.value)) picked.value = new Map();
    filters.value = next;
    return load();
  }
  function toggle(row: ReleaseSummaryView): void {
    const next = new Map(picked.value);
    if (next.has(row.id)) next.delete(row.id);
    else next.set(row.id, row);
    picked.value = next;
  }
  function toggleAll(): void {
    const next = new Map(picked.value);
    const all = pageAllPicked.value;
    for (const r of page.value?.items ?? []) {
      if (all) next.delete(r.id);
      else next.set(r.id, r);
    }
    picked.value = next;
  }
  function clearSelection(): void {
    picked.value = new Map();
  }
  /** Selects every release the query matches, page by page from the server. */
  async function selectAllMatching(): Promise<void> {
    selectingAll.value = true;
    try {
      const next = new Map<string, ReleaseSummaryView>();
      let cursor: string | undefined;
      do {
        const query = { ...filters.value, cursor, limit: 500 };
        const p = await unwrap<PageView<ReleaseSummaryView>>(api.GET('/api/releases', { params: { query } }));
        for (const r of p.items) next.set(r.id, r);
        cursor = p.nextCursor ?? undefined;
      } while (cursor);
      picked.value = next;
    } catch (e) {
      notify.error(e, t('catalog.loadFailed'));
    } finally {
      selectingAll.value = false;
    }
  }
  /** The stored documents of the selected releases as a JSON array; null when one could not be read. */
  async function exportJson(): Promise<string | null> {
    busy.value = true;
    try {
      const docs: unknown[] = [];
      for (const r of chosen.value) docs.push((await fetchRelease(r.id)).release);
      return JSON.stringify(docs, null, 2);
    } catch (e) {
      notify.error(e, t('catalog.loadFailed'));
      return null;
    } finally {
      busy.value = false;
    }
  }
  /** The selected releases' summaries as CSV, a header row first. */
  function exportCsv(): string {
    const rows = chosen.value.map((r) =>
      [r.id, r.title, r.displayArtist, r.type, r.status, r.barcode, r.releaseDate].map(csvCell).join(','),
    );
    return ['id,title,artist,type,status,barcode,releaseDate', ...rows].join('\n');
  }
  /** Runs one write per selected release and reports each on its own. */
  async function eachChosen(write: (r: ReleaseSummaryView) => Promise<unknown>, okMessage: string): Promise<void> {
    busy.value = true;
    const out: BulkResult[] = [];
    for (const r of chosen.value) {
      try {
        await write(r);
        out.push({ id: r.id, ok: true, message: okMessage });
      } catch (e) {
        const issue = e instanceof ApiError ? e.issues[0] : undefined;
        out.push({ id: r.id, ok: false, message: issue ? `${issue.path}: ${issue.message}` : (e as Error).message });
      }
    }
    results.value = out;
    busy.value = false;
    notify.info(t('bulk.done', { ok: out.filter((x) => x.ok).length, total: out.length }));
    picked.value = new Map();
    await load();
  }
  /** Deletes every selected release with its listed version as If-Match: one changed since is refused alone. */
  function bulkDelete(): Promise<void> {
    return eachChosen(
      (r) =>
        unwrap(
          api.DELETE('/api/releases/{id}', {
            params: { path: { id: r.id }, header: { 'If-Match': `"${r.version}"` } },
          }),
        ),
      t('bulk.deleted'),
    );
  }
  /**
   * Sets the status of every selected release: its document is read, then PUT back with the listed version as
   * If-Match, so a release changed since it was listed is refused.
   */
  function bulkSetStatus(status: string): Promise<void> {
    return eachChosen(
      async (r) =>
        unwrap(
          api.PUT('/api/releases/{id}', {
            params: { path: { id: r.id }, header: { 'If-Match': `"${r.version}"` } },
            body: { ...(await fetchRelease(r.id)).release, status } as never,
          }),
        ),
      t('bulk.statusSet', { status: t(`status.${status}` as MessageKey) }),
    );
  }

  return {
    filters,
    page,
    loading,
    picked,
    selected,
    chosen,
    filtered,
    pageAllPicked,
    selectingAll,
    busy,
    results,
    reset,
    load,
    setFilters,
    toggle,
    toggleAll,
    clearSelection,
    selectAllMatching,
    exportJson,
    exportCsv,
    bulkDelete,
    bulkSetStatus,
  };
});
