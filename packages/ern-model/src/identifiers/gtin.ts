import { fail, type IdentifierCheck, ok } from './result';

/**
 * GS1 mod-10 check digit: from the right, weights 3, 1, 3, ... over the digits before the check digit.
 * @param body all digits except the check digit
 */
export function gs1CheckDigit(body: string): number {
  let sum = 0;
  for (let i = body.length - 1, weight = 3; i >= 0; i--, weight = 4 - weight) sum += Number(body[i]) * weight;
  return (10 - (sum % 10)) % 10;
}

/**
 * Checks a release barcode (ICPN): UPC-A (12 digits), EAN-13 (13) or GTIN-14 (14), with its GS1 check digit.
 * Leading zeros are kept; the value stays a string.
 * @example checkGtin('5012345678900') // { valid: true, value: '5012345678900' }
 */
export function checkGtin(input: string): IdentifierCheck {
  const value = input.trim();
  if (!/^[0-9]+$/.test(value)) {
    return fail('gtin_not_numeric', `"${input}" is not a barcode: a UPC/EAN holds digits only.`);
  }
  if (value.length !== 12 && value.length !== 13 && value.length !== 14) {
    return fail('gtin_length', `"${input}" has ${value.length} digits; a UPC has 12, an EAN 13 and a GTIN-14 14.`);
  }
  const expected = gs1CheckDigit(value.slice(0, -1));
  if (Number(value.at(-1)) !== expected) {
    return fail(
      'gtin_check_digit',
      `"${input}" has check digit ${value.at(-1)}, but its digits give ${expected} (GS1 mod 10).`,
    );
  }
  return ok(value);
}
