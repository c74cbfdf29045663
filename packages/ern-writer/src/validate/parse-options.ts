/**
 * libxml2's `XML_PARSE_*` flags the validator uses (libxml2-wasm's `ParseOption` enum, same values). Spelled out
 * here because importing the enum would load the WebAssembly module, which only happens lazily.
 */
export const XML_PARSE_FLAG = {
  /** keep going after an error, to report every syntax error */
  RECOVER: 1,
  /** substitute entities (never set for messages) */
  NOENT: 2,
  /** load the external DTD subset (never set) */
  DTDLOAD: 4,
  /** no network access */
  NONET: 2048,
  /** line numbers past 65535 kept exact */
  BIG_LINES: 4194304,
  /** never load external entities or DTDs (libxml2 2.13+) */
  NO_XXE: 8388608,
} as const;

const { RECOVER, NONET, BIG_LINES, NO_XXE } = XML_PARSE_FLAG;

/**
 * Parser flags, as libxml2-wasm's `option` bitmask:
 * - `message`: for the validated message: no network, no external entities or DTDs, no entity substitution (NOENT
 *   off), no DTD loading, default size limits (HUGE off), exact big line numbers, recover to list every syntax
 *   error;
 * - `strict`: the same without recover, to find where the parser stopped when recover gives no position;
 * - `schema`: for the XSD itself (its imports are opened only through the validator's input provider).
 */
export const XML_PARSE = {
  message: NONET | NO_XXE | BIG_LINES | RECOVER,
  strict: NONET | NO_XXE | BIG_LINES,
  schema: NONET | NO_XXE | BIG_LINES,
} as const;
