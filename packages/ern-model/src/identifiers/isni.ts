import { mod11_2CheckChar } from './iso7064';
import { fail, type IdentifierCheck, ok } from './result';

/**
 * Checks an ISNI (party): 15 digits and an ISO/IEC 7064 MOD 11-2 check character (a digit or X); spaces and
 * hyphens of the printed form are dropped.
 * @example checkIsni('0000 0001 2103 2683') // { valid: true, value: '0000000121032683' }
 */
export function checkIsni(input: string): IdentifierCheck {
  const value = input.trim().replace(/[\s-]/g, '').toUpperCase();
  if (!/^[0-9]{15}[0-9X]$/.test(value)) {
    return fail('isni_format', `"${input}" is not an ISNI: expected 15 digits and a check character (digit or X).`);
  }
  const expected = mod11_2CheckChar(value.slice(0, 15));
  if (value[15] !== expected) {
    return fail(
      'isni_check_character',
      `"${input}" ends in "${value[15]}", but its digits give "${expected}" (MOD 11-2).`,
    );
  }
  return ok(value);
}
