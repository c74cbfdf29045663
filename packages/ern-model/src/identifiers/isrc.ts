import { fail, type IdentifierCheck, ok } from './result';

const ISRC = /^[A-Z]{2}[A-Z0-9]{3}[0-9]{2}[0-9]{5}$/;

/**
 * Checks an ISRC: 12 characters, country code (2 letters), registrant (3 alphanumerics), year (2 digits) and
 * designation (5 digits). ISRC has no check digit. Lower case is read as upper case, and the hyphens of the
 * printed form (`QZ-ES7-27-00001`) are dropped, since DDEX messages carry the compact form.
 * @example checkIsrc('qz-es7-27-00001') // { valid: true, value: 'QZES72700001' }
 */
export function checkIsrc(input: string): IdentifierCheck {
  const value = input.trim().replace(/-/g, '').toUpperCase();
  if (value.length !== 12) {
    return fail('isrc_length', `"${input}" is not an ISRC: an ISRC has 12 characters, this has ${value.length}.`);
  }
  if (!ISRC.test(value)) {
    return fail(
      'isrc_format',
      `"${input}" is not an ISRC: expected 2 letters (country), 3 letters or digits (registrant), then 7 digits (year and designation).`,
    );
  }
  return ok(value);
}
