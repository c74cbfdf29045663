const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * Check character of ISO/IEC 7064 MOD 37,36 (hybrid system over 0-9A-Z), as used by GRid and DPID.
 * @param body the identifier without its check character, upper case
 * @returns the check character, or undefined when body holds a character outside 0-9A-Z
 */
export function mod37_36CheckChar(body: string): string | undefined {
  const m = 36;
  let p = m;
  for (const ch of body) {
    const value = ALPHANUMERIC.indexOf(ch);
    if (value < 0) return undefined;
    let s = (p + value) % m;
    if (s === 0) s = m;
    p = (s * 2) % (m + 1);
  }
  return ALPHANUMERIC[(m + 1 - p) % m];
}

/**
 * Check character of ISO/IEC 7064 MOD 11-2, as used by ISNI ('0'-'9' or 'X').
 * @param digits the identifier's digits without the check character
 */
export function mod11_2CheckChar(digits: string): string {
  let total = 0;
  for (const ch of digits) total = (total + Number(ch)) * 2;
  const result = (12 - (total % 11)) % 11;
  return result === 10 ? 'X' : String(result);
}
