import { mod37_36CheckChar } from './iso7064';
import { fail, type IdentifierCheck, ok } from './result';

/**
 * Checks a GRid (Global Release Identifier): `A1`, a 5-character issuer code, a 10-character release number and
 * an ISO/IEC 7064 MOD 37,36 check character; 18 characters, hyphens of the printed form dropped.
 * @example checkGrid('A1-2425G-ABC1234002-M') // { valid: true, value: 'A12425GABC1234002M' }
 */
export function checkGrid(input: string): IdentifierCheck {
  const value = input.trim().replace(/-/g, '').toUpperCase();
  if (value.length !== 18) {
    return fail('grid_length', `"${input}" is not a GRid: a GRid has 18 characters, this has ${value.length}.`);
  }
  if (!value.startsWith('A1')) return fail('grid_prefix', `"${input}" is not a GRid: a GRid starts with "A1".`);
  if (!/^[A-Z0-9]+$/.test(value)) {
    return fail('grid_format', `"${input}" is not a GRid: only letters A-Z and digits are allowed.`);
  }
  const expected = mod37_36CheckChar(value.slice(0, -1));
  if (value.at(-1) !== expected) {
    return fail(
      'grid_check_character',
      `"${input}" ends in "${value.at(-1)}", but its characters give the check character "${expected}" (ISO 7064 MOD 37,36).`,
    );
  }
  return ok(value);
}
