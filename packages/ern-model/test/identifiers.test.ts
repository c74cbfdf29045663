import { describe, expect, it } from 'vitest';
import {
  checkDpid,
  checkGrid,
  checkGtin,
  checkIsni,
  checkIsrc,
  checkIswc,
  gs1CheckDigit,
  type IdentifierCheck,
  mod37_36CheckChar,
} from '../src/identifiers';

const code = (r: IdentifierCheck) => (r.valid ? 'valid' : r.code);

describe('ISRC', () => {
  it.each(['QZES72700001', 'USRC17607839', 'GBAYE0601498', 'FR6V80700001'])('accepts %s', (v) => {
    expect(checkIsrc(v)).toEqual({ valid: true, value: v });
  });
  it('reads lower case as upper case and drops the hyphens of the printed form', () => {
    expect(checkIsrc('us-rc1-76-07839')).toEqual({ valid: true, value: 'USRC17607839' });
  });
  it.each([
    ['QZES7270001', 'isrc_length'],
    ['QZES727000011', 'isrc_length'],
    ['', 'isrc_length'],
    ['1ZES72700001', 'isrc_format'],
    ['QZES7A700001', 'isrc_format'],
    ['QZES72700A01', 'isrc_format'],
    ['QZ$S72700001', 'isrc_format'],
  ])('rejects %s with %s', (v, expected) => {
    expect(code(checkIsrc(v))).toBe(expected);
  });
});

describe('UPC / EAN / GTIN-14 (GS1 mod 10)', () => {
  it.each(['5012345678900', '012345678905', '036000291452', '4006381333931', '00012345678905', '10012345678902'])(
    'accepts %s',
    (v) => {
      expect(checkGtin(v)).toEqual({ valid: true, value: v });
    },
  );
  it('computes the check digit', () => {
    expect(gs1CheckDigit('03600029145')).toBe(2);
    expect(gs1CheckDigit('501234567890')).toBe(0);
  });
  it.each([
    ['5012345678901', 'gtin_check_digit'],
    ['036000291453', 'gtin_check_digit'],
    ['12345678905', 'gtin_length'],
    ['123456789012345', 'gtin_length'],
    ['50123456789O0', 'gtin_not_numeric'],
    ['5012-3456-789', 'gtin_not_numeric'],
  ])('rejects %s with %s', (v, expected) => {
    expect(code(checkGtin(v))).toBe(expected);
  });
  it('keeps leading zeros', () => {
    expect(checkGtin('012345678905')).toEqual({ valid: true, value: '012345678905' });
  });
});

describe('GRid (ISO 7064 MOD 37,36)', () => {
  it('computes the published example check character', () => {
    expect(mod37_36CheckChar('A12425GABC1234002')).toBe('M');
  });
  it.each(['A12425GABC1234002M', 'A1-2425G-ABC1234002-M', 'A1QZ9PL2700000001C'])('accepts %s', (v) => {
    expect(checkGrid(v).valid).toBe(true);
  });
  it.each([
    ['A12425GABC1234002N', 'grid_check_character'],
    ['A12425GABC1234002', 'grid_length'],
    ['B12425GABC1234002M', 'grid_prefix'],
    ['A12425GABC12340_2M', 'grid_format'],
  ])('rejects %s with %s', (v, expected) => {
    expect(code(checkGrid(v))).toBe(expected);
  });
});

describe('DPID (ISO 7064 MOD 37,36)', () => {
  it.each(['PADPIDA2013042401U', 'PADPIDA202401120D9', 'PADPIDA20270101016', 'PA-DPIDA-2013042401-U'])(
    'accepts %s',
    (v) => {
      expect(checkDpid(v).valid).toBe(true);
    },
  );
  it.each([
    ['PADPIDA2013042401V', 'dpid_check_character'],
    ['PBDPIDA2013042401U', 'dpid_prefix'],
    ['PADPIDA2013_42401U', 'dpid_format'],
    ['PADPIDA', 'dpid_format'],
  ])('rejects %s with %s', (v, expected) => {
    expect(code(checkDpid(v))).toBe(expected);
  });
});

describe('ISWC', () => {
  it.each(['T0345246801', 'T0000000010', 'T-034.524.680-1'])('accepts %s', (v) => {
    expect(checkIswc(v).valid).toBe(true);
  });
  it.each([
    ['T0345246802', 'iswc_check_digit'],
    ['0345246801', 'iswc_format'],
    ['T034524680', 'iswc_format'],
    ['TA345246801', 'iswc_format'],
  ])('rejects %s with %s', (v, expected) => {
    expect(code(checkIswc(v))).toBe(expected);
  });
});

describe('ISNI (ISO 7064 MOD 11-2)', () => {
  it.each(['0000000121032683', '000000012281955X', '0000 0001 2103 2683'])('accepts %s', (v) => {
    expect(checkIsni(v).valid).toBe(true);
  });
  it.each([
    ['0000000121032684', 'isni_check_character'],
    ['000000012103268', 'isni_format'],
    ['00000001210326X3', 'isni_format'],
  ])('rejects %s with %s', (v, expected) => {
    expect(code(checkIsni(v))).toBe(expected);
  });
});
