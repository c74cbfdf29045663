/** Outcome of checking an identifier: the normalised value, or a stable code and a sentence saying what is wrong. */
export type IdentifierCheck =
  | { readonly valid: true; readonly value: string }
  | { readonly valid: false; readonly code: string; readonly message: string };

/** @internal */
export function ok(value: string): IdentifierCheck {
  return { valid: true, value };
}

/** @internal */
export function fail(code: string, message: string): IdentifierCheck {
  return { valid: false, code, message };
}
