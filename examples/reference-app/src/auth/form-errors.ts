import { ApiError } from '../api/client';
import type { MessageKey } from '../i18n';

/** The friendly text of an account form's failure: per field where the server names one, else for the whole form. */
export interface FormFailure {
  /** field path → message key */
  fields: Record<string, MessageKey>;
  /** message key for the form, when no field explains it */
  form: MessageKey | null;
}

// the service's issue codes and paths of the sign-up and reset forms, in the words of the app
const BY_CODE: Record<string, MessageKey> = {
  email_taken: 'signup.emailTaken',
  invalid_token: 'reset.invalidToken',
};
const BY_PATH: Record<string, MessageKey> = {
  password: 'account.passwordWeak',
  email: 'account.emailInvalid',
  organization: 'signup.organizationInvalid',
};

/** Maps an error of `/api/auth/signup` or `/api/auth/password-reset*` to friendly messages. */
export function formFailure(error: unknown): FormFailure {
  if (!(error instanceof ApiError)) return { fields: {}, form: 'auth.failed' };
  if (error.status === 429) return { fields: {}, form: 'auth.tooMany' };
  if (error.status === 404) return { fields: {}, form: 'signup.disabled' };
  const fields: Record<string, MessageKey> = {};
  let form: MessageKey | null = null;
  for (const issue of error.issues) {
    const key = BY_CODE[issue.code] ?? BY_PATH[issue.path];
    if (issue.path === 'token') form = key ?? 'reset.invalidToken';
    else if (key && issue.path) fields[issue.path] = key;
  }
  if (Object.keys(fields).length === 0 && form === null) form = 'auth.failed';
  return { fields, form };
}
