import { fail, type IdentifierCheck, ok } from './result';

/**
 * Checks an ISWC (musical work): `T`, 9 digits and a check digit, where S = 1 + Σ i·dᵢ and the check digit is
 * (10 − S mod 10) mod 10. The printed separators (`T-034.524.680-1`) are dropped.
 * @example checkIswc('T-034.524.680-1') // { valid: true, value: 'T0345246801' }
 */
export function checkIswc(input: string): IdentifierCheck {
  const value = input
    .trim()
    .replace(/[-.\s]/g, '')
    .toUpperCase();
  if (!/^T[0-9]{10}$/.test(value)) {
    return fail('iswc_format', `"${input}" is not an ISWC: expected "T" followed by 10 digits.`);
  }
  let sum = 1;
  for (let i = 1; i <= 9; i++) sum += i * Number(value[i]);
  const expected = (10 - (sum % 10)) % 10;
  if (Number(value[10]) !== expected) {
    return fail('iswc_check_digit', `"${input}" has check digit ${value[10]}, but its digits give ${expected}.`);
  }
  return ok(value);
}
