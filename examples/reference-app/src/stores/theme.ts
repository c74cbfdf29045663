import { defineStore } from 'pinia';
import { ref, watch } from 'vue';

/** A theme choice; `system` follows prefers-color-scheme. */
export type ThemeChoice = 'light' | 'dark' | 'system';

/** Theme and tenant branding: both end up as attributes and CSS custom properties on <html>. */
export const useTheme = defineStore('theme', () => {
  const choice = ref<ThemeChoice>((localStorage.getItem('ddex.theme') as ThemeChoice | null) ?? 'system');
  const media = window.matchMedia?.('(prefers-color-scheme: dark)');
  function apply(): void {
    const dark = choice.value === 'dark' || (choice.value === 'system' && media?.matches === true);
    document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  }
  media?.addEventListener?.('change', apply);
  watch(
    choice,
    (value) => {
      localStorage.setItem('ddex.theme', value);
      apply();
    },
    { immediate: true },
  );
  /** Feeds the tenant's brand colour into the tokens (null restores the default). */
  function brand(primary: string | null): void {
    if (primary) document.documentElement.style.setProperty('--brand', primary);
    else document.documentElement.style.removeProperty('--brand');
  }
  return { choice, brand };
});
