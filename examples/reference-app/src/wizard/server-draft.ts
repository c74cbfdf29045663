import { ref } from 'vue';
import { ApiError, api, apiError, unwrap } from '../api/client';
import type { DraftView } from '../api/types';
import type { Draft } from './draft';

/** Where this browser remembers which server draft its local draft belongs to (and the version it last saw). */
const REF_KEY = 'ddex.wizard.serverDraft';
const AUTOSAVE_MS = 1200;
const RETRY_MS = 5000;

/** The wizard's form state as a draft body, titled for the list of open drafts. */
function bodyOf(draft: Draft) {
  return {
    title: draft.title.trim().slice(0, 300),
    data: JSON.parse(JSON.stringify(draft)) as Record<string, unknown>,
  };
}

/**
 * A new release's draft on the server (`/api/drafts`), autosaved debounced with If-Match: `saving`, `savedAt`,
 * `offline` (retried every few seconds) and `theirs` (the stored copy a 409 returned, for the compare dialog).
 */
export function useServerDraft(current: () => Draft) {
  const id = ref<string | null>(null);
  const version = ref(0);
  const saving = ref(false);
  const savedAt = ref<string | null>(null);
  const offline = ref(false);
  const problem = ref('');
  const theirs = ref<DraftView | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastSent = '';
  let stopped = false;
  let generation = 0; // bumped by remove(): a save still on its way then belongs to a draft that is gone

  const remember = () =>
    id.value
      ? localStorage.setItem(REF_KEY, JSON.stringify({ id: id.value, version: version.value }))
      : localStorage.removeItem(REF_KEY);
  const adopt = (view: DraftView) => {
    id.value = view.id;
    version.value = view.version;
    savedAt.value = view.updatedAt;
    lastSent = JSON.stringify(bodyOf(view.data as unknown as Draft));
    remember();
  };

  /** Saves now when the form changed since the last save; false when it could not. */
  async function save(): Promise<boolean> {
    clearTimeout(timer);
    if (stopped || theirs.value) return false;
    const body = bodyOf(current());
    const text = JSON.stringify(body);
    if (text === lastSent && id.value) return true;
    if (saving.value) {
      timer = setTimeout(() => void save(), AUTOSAVE_MS);
      return false;
    }
    saving.value = true;
    const started = generation;
    try {
      const { data, error, response } = id.value
        ? await api.PUT('/api/drafts/{id}', {
            params: { path: { id: id.value }, header: { 'If-Match': `"${version.value}"` } },
            body,
          })
        : await api.POST('/api/drafts', { body });
      if (started !== generation) {
        if (response.ok && !id.value)
          await api.DELETE('/api/drafts/{id}', { params: { path: { id: (data as DraftView).id } } });
        return false;
      }
      if (response.status === 409 && (error as { current?: DraftView })?.current) {
        theirs.value = (error as { current: DraftView }).current;
        return false;
      }
      if (response.status === 404 && id.value) {
        // deleted elsewhere (finished or discarded in another tab): start a new one
        id.value = null;
        timer = setTimeout(() => void save(), 0);
        return false;
      }
      if (!response.ok) throw apiError(response, error);
      adopt(data as unknown as DraftView);
      lastSent = text;
      offline.value = false;
      problem.value = '';
      return true;
    } catch (e) {
      if (e instanceof ApiError) problem.value = e.issues[0]?.message ?? e.message;
      else {
        // no answer: keep the edit and try again
        offline.value = true;
        timer = setTimeout(() => void save(), RETRY_MS);
      }
      return false;
    } finally {
      saving.value = false;
      if (
        started === generation &&
        !stopped &&
        !theirs.value &&
        !offline.value &&
        !problem.value &&
        JSON.stringify(bodyOf(current())) !== lastSent
      )
        timer = setTimeout(() => void save(), AUTOSAVE_MS);
    }
  }

  return {
    id,
    saving,
    savedAt,
    offline,
    problem,
    theirs,
    /** Autosaves after a pause in typing. */
    schedule() {
      if (offline.value) return; // the retry already on its way sends the latest form
      clearTimeout(timer);
      problem.value = '';
      timer = setTimeout(() => void save(), AUTOSAVE_MS);
    },
    save,
    /** Continues the server draft this browser's restored local draft belongs to, if any. */
    resume() {
      const saved = JSON.parse(localStorage.getItem(REF_KEY) ?? 'null') as { id?: string; version?: number } | null;
      if (saved?.id && saved.version) {
        id.value = saved.id;
        version.value = saved.version;
      }
    },
    /** Opens a stored draft; returns its form state. */
    async open(draftId: string): Promise<Partial<Draft>> {
      const view = await unwrap<DraftView>(api.GET('/api/drafts/{id}', { params: { path: { id: draftId } } }));
      adopt(view);
      return view.data as unknown as Partial<Draft>;
    },
    /** Conflict: save this edit over the stored copy. */
    async keepMine() {
      if (!theirs.value) return;
      version.value = theirs.value.version;
      theirs.value = null;
      lastSent = '';
      await save();
    },
    /** Conflict: drop this edit; returns the stored copy's form state. */
    takeTheirs(): Partial<Draft> | null {
      const view = theirs.value;
      if (!view) return null;
      theirs.value = null;
      adopt(view);
      return view.data as unknown as Partial<Draft>;
    },
    /** Deletes the server draft (the release was created, or the draft discarded) and forgets it. */
    async remove() {
      clearTimeout(timer);
      generation += 1;
      const draftId = id.value;
      id.value = null;
      savedAt.value = null;
      theirs.value = null;
      lastSent = '';
      remember();
      if (draftId) await api.DELETE('/api/drafts/{id}', { params: { path: { id: draftId } } }).catch(() => undefined);
    },
    /** Stops autosaving (the page is going away after a finish). */
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
