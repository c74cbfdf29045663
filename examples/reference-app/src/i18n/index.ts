import { ref } from 'vue';
import { de } from './de';
import { en, type Messages } from './en';

/** Locales the app ships. English is the source; every other locale must have every key (a test checks). */
export const LOCALES = { en, de } as const;
/** A shipped locale. */
export type Locale = keyof typeof LOCALES;

const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem('ddex.locale');
const initial: Locale =
  stored && stored in LOCALES
    ? (stored as Locale)
    : typeof navigator !== 'undefined' && navigator.language?.startsWith('de')
      ? 'de'
      : 'en';

/** The current locale (reactive). */
export const locale = ref<Locale>(initial);

/** Switches the locale and remembers it. */
export function setLocale(next: Locale): void {
  locale.value = next;
  localStorage.setItem('ddex.locale', next);
  document.documentElement.lang = next;
}

/** A message key. */
export type MessageKey = keyof Messages;

/** Translates a key, filling `{name}` placeholders. Unknown keys show the key itself (tests catch them). */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = (LOCALES[locale.value] as Partial<Messages>)[key] ?? en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** A date or instant in the user's locale. */
export function formatDate(value: string | null | undefined, withTime = false): string {
  if (!value) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(
    locale.value,
    withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' },
  ).format(date);
}

/** A number in the user's locale. */
export function formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(locale.value, options).format(value);
}

/** The composable views use. */
export function useI18n() {
  return { t, locale, setLocale, formatDate, formatNumber };
}
