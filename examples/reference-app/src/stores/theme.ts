import { defineStore } from 'pinia';
import { ref, watch } from 'vue';

/** A theme choice; `system` follows prefers-color-scheme. */
export type ThemeChoice = 'light' | 'dark' | 'system';
/** A contrast choice; `system` follows prefers-contrast, `more` always uses the high-contrast tokens. */
export type ContrastChoice = 'system' | 'more';
/** The preferences the server keeps per user (`/api/me/preferences`). */
export interface StoredPreferences {
  theme: ThemeChoice;
  contrast: ContrastChoice;
  /** null while the user never saved any */
  updatedAt: string | null;
}

/** localStorage key naming the user whose last change may not have reached the server yet. */
const PENDING = 'ddex.preferences.pending';

/**
 * Theme and tenant branding: both end up as attributes and CSS custom properties on <html>. The choice is kept in
 * this browser, and, once signed in, on the server per user (`attach`), whose value wins at sign-in.
 */
export const useTheme = defineStore('theme', () => {
  const choice = ref<ThemeChoice>((localStorage.getItem('ddex.theme') as ThemeChoice | null) ?? 'system');
  const contrast = ref<ContrastChoice>((localStorage.getItem('ddex.contrast') as ContrastChoice | null) ?? 'system');
  const media = window.matchMedia?.('(prefers-color-scheme: dark)');
  // the signed-in user's stored values and how to change them; null before sign-in
  let remote: { theme: ThemeChoice; contrast: ContrastChoice } | null = null;
  let save: ((patch: { theme: ThemeChoice; contrast: ContrastChoice }) => Promise<unknown>) | null = null;
  let user = '';
  function apply(): void {
    const dark = choice.value === 'dark' || (choice.value === 'system' && media?.matches === true);
    document.documentElement.dataset.theme = dark ? 'dark' : 'light';
    if (contrast.value === 'more') document.documentElement.dataset.contrast = 'more';
    else delete document.documentElement.dataset.contrast;
  }
  function push(): void {
    if (!save || !remote || (remote.theme === choice.value && remote.contrast === contrast.value)) return;
    remote = { theme: choice.value, contrast: contrast.value };
    // marked until the server has it: a save cut off by leaving the page is sent again at the next sign-in
    const mine = user;
    localStorage.setItem(PENDING, mine);
    save(remote)
      .then(() => localStorage.getItem(PENDING) === mine && localStorage.removeItem(PENDING))
      .catch(() => undefined); // the browser keeps the choice either way
  }
  media?.addEventListener?.('change', apply);
  watch(
    [choice, contrast],
    ([theme, level]) => {
      localStorage.setItem('ddex.theme', theme);
      localStorage.setItem('ddex.contrast', level);
      apply();
      push();
    },
    { immediate: true },
  );
  /**
   * Signed in: adopts the user's stored preferences (a user who never saved any keeps this browser's and stores
   * them), and from now on saves every change with `saveRemote`.
   */
  function attach(stored: StoredPreferences, saveRemote: NonNullable<typeof save>, userId: string): void {
    save = saveRemote;
    user = userId;
    if (stored.updatedAt && localStorage.getItem(PENDING) !== userId) {
      remote = { theme: stored.theme, contrast: stored.contrast };
      choice.value = stored.theme;
      contrast.value = stored.contrast;
    } else {
      remote = { theme: stored.theme, contrast: stored.contrast };
      push();
    }
  }
  /** Signed out: changes stay in this browser only. */
  function detach(): void {
    save = null;
    remote = null;
  }
  /**
   * Feeds the tenant's brand colour into the tokens (null restores the default), with black or white text on it,
   * whichever contrasts more.
   */
  function brand(primary: string | null): void {
    const style = document.documentElement.style;
    if (primary) {
      style.setProperty('--brand', primary);
      style.setProperty('--on-brand', onColor(primary));
    } else {
      style.removeProperty('--brand');
      style.removeProperty('--on-brand');
    }
  }
  return { choice, contrast, brand, attach, detach };
});

/** WCAG relative luminance of a #rrggbb colour. */
export function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
/** Black or white, whichever has the higher contrast ratio on `hex`. */
export function onColor(hex: string): '#000000' | '#ffffff' {
  const l = luminance(hex);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#000000' : '#ffffff';
}
