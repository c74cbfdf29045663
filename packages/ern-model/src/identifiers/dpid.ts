import { mod37_36CheckChar } from './iso7064';
import { fail, type IdentifierCheck, ok } from './result';

/**
 * Checks a DDEX Party Identifier: `PADPIDA`, the party number (letters or digits) and an ISO/IEC 7064 MOD 37,36
 * check character; hyphens of the printed form (`PA-DPIDA-2013042401-U`) are dropped.
 * @example checkDpid('PADPIDA2013042401U') // { valid: true, value: 'PADPIDA2013042401U' }
 */
export function checkDpid(input: string): IdentifierCheck {
  const value = input.trim().replace(/-/g, '').toUpperCase();
  if (!value.startsWith('PADPIDA')) {
    return fail('dpid_prefix', `"${input}" is not a DPID: a DDEX Party ID starts with "PADPIDA".`);
  }
  if (!/^PADPIDA[A-Z0-9]{2,}$/.test(value)) {
    return fail(
      'dpid_format',
      `"${input}" is not a DPID: after "PADPIDA" come letters or digits and a check character.`,
    );
  }
  const expected = mod37_36CheckChar(value.slice(0, -1));
  if (value.at(-1) !== expected) {
    return fail(
      'dpid_check_character',
      `"${input}" ends in "${value.at(-1)}", but its characters give the check character "${expected}" (ISO 7064 MOD 37,36).`,
    );
  }
  return ok(value);
}
