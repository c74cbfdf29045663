export { checkDpid } from './dpid';
export { checkGrid } from './grid';
export { checkGtin, gs1CheckDigit } from './gtin';
export { checkIsni } from './isni';
export { mod11_2CheckChar, mod37_36CheckChar } from './iso7064';
export { checkIsrc } from './isrc';
export { checkIswc } from './iswc';
export type { IdentifierCheck } from './result';
