import { nextTick, ref } from 'vue';
import type { MessageKey } from '../i18n';
import { formFailure } from './form-errors';

/**
 * The state of an account form (sign-up, password reset): field errors, a form-level error and a busy flag, and
 * `submit`, which shows the browser's own findings first (focusing the first invalid field) and otherwise runs the
 * request, turning its failure into friendly messages.
 */
export function useAccountForm() {
  const errors = ref<Record<string, MessageKey>>({});
  const formError = ref<MessageKey | null>(null);
  const busy = ref(false);

  async function submit(local: Record<string, MessageKey>, action: () => Promise<void>): Promise<void> {
    formError.value = null;
    errors.value = local;
    if (Object.keys(local).length > 0) {
      await nextTick(); // the fields are marked invalid once the DOM has updated
      document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    busy.value = true;
    try {
      await action();
    } catch (e) {
      const failure = formFailure(e);
      errors.value = failure.fields;
      formError.value = failure.form;
    } finally {
      busy.value = false;
    }
  }

  return { errors, formError, busy, submit };
}
