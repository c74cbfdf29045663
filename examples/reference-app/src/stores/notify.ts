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
  /** the X-Request-Id of a failed API call */
  requestId?: string;
}

let next = 1;

/** The one notification system: toasts in an aria-live region; errors stay until dismissed. */
export const useNotify = defineStore('notify', () => {
  const toasts = ref<Toast[]>([]);
  function push(kind: Toast['kind'], message: string, detail?: string, requestId?: string): void {
    const toast = { id: next++, kind, message, detail, requestId };
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
        const detail = `${error.code}${error.message && context ? `: ${error.message}` : ''}`;
        // the request id lets an operator find the request in the server's log
        push('error', context ?? error.message, detail, error.requestId);
      } else push('error', context ?? t('error.unexpected'), error instanceof Error ? error.message : String(error));
    },
  };
});
