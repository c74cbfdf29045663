import { defineStore } from 'pinia';
import { ref } from 'vue';
import { ApiError } from '../api/client';
import { t } from '../i18n';

/** One toast. */
export interface Toast {
  id: number;
  kind: 'success' | 'error' | 'info';
  message: string;
  detail?: string;
}

let next = 1;

/** The one notification system: toasts in an aria-live region; errors stay until dismissed. */
export const useNotify = defineStore('notify', () => {
  const toasts = ref<Toast[]>([]);
  function push(kind: Toast['kind'], message: string, detail?: string): void {
    const toast = { id: next++, kind, message, detail };
    toasts.value.push(toast);
    if (kind !== 'error') setTimeout(() => dismiss(toast.id), 5000);
  }
  function dismiss(id: number): void {
    toasts.value = toasts.value.filter((x) => x.id !== id);
  }
  return {
    toasts,
    dismiss,
    success: (message: string) => push('success', message),
    info: (message: string) => push('info', message),
    /** Shows an API failure with its code (or any other error). */
    error(error: unknown, context?: string) {
      if (error instanceof ApiError) {
        push('error', context ?? error.message, `${error.code}${error.message && context ? `: ${error.message}` : ''}`);
      } else push('error', context ?? t('error.unexpected'), error instanceof Error ? error.message : String(error));
    },
  };
});
