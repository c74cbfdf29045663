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
  return { choice, brand };
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
