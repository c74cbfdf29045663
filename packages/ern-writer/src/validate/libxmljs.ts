import { ErnValidationError } from './errors';

/** One error libxml2 reported, as libxmljs2 hands it over (the subset the validator reads). */
export interface LibxmlError {
  readonly message: string;
  /** 1: warning, 2: error, 3: fatal */
  readonly level: number | null;
  readonly line: number | null;
  /** 1-based; 0 when libxml2 gives none (always, for schema errors) */
  readonly column: number;
}

/** The part of a libxmljs2 element the validator uses. */
export interface LibxmlElement {
  name(): string;
  namespace(): { href(): string | null } | null;
  line(): number;
}

/** The part of a libxmljs2 document the validator uses. */
export interface LibxmlDocument {
  readonly errors: readonly LibxmlError[];
  readonly validationErrors: readonly LibxmlError[];
  root(): LibxmlElement | null;
  validate(xsd: LibxmlDocument): boolean;
  getDtd(): { name: string } | null;
}

/** Parser options passed to libxmljs2 (the subset the validator sets). */
export interface LibxmlParseOptions {
  baseUrl?: string;
  nonet?: boolean;
  noent?: boolean;
  dtdload?: boolean;
  dtdattr?: boolean;
  dtdvalid?: boolean;
  xinclude?: boolean;
  huge?: boolean;
  recover?: boolean;
  big_lines?: boolean;
  nocdata?: boolean;
}

/**
 * The subset of the libxmljs2 module the validator calls, typed here so that this package does not depend on
 * libxmljs2's own types (it is an optional peer dependency).
 */
export interface LibxmljsLike {
  parseXml(source: string | Uint8Array, options?: LibxmlParseOptions): LibxmlDocument;
}

/** A function that imports libxmljs2; swapped in tests. */
export type LibxmljsImporter = () => Promise<unknown>;

const defaultImporter: LibxmljsImporter = () => import('libxmljs2');

let loaded: Promise<LibxmljsLike> | undefined;

/**
 * Imports libxmljs2 once, lazily. A missing package or a native addon that fails to load becomes an
 * {@link ErnValidationError} with code `LIBXMLJS2_MISSING`; a failure is not cached, so installing it later works.
 */
export function loadLibxmljs(importer: LibxmljsImporter = defaultImporter): Promise<LibxmljsLike> {
  if (importer !== defaultImporter) return _load(importer);
  loaded ??= _load(importer).catch((error: unknown) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}

// --- Internal helpers ---

async function _load(importer: LibxmljsImporter): Promise<LibxmljsLike> {
  let mod: unknown;
  try {
    mod = await importer();
  } catch (cause) {
    throw _missingError(cause);
  }
  const lib = ((mod as { default?: unknown }).default ?? mod) as Partial<LibxmljsLike>;
  if (typeof lib?.parseXml !== 'function') {
    throw new ErnValidationError('LIBXMLJS2_MISSING', 'libxmljs2 loaded but has no parseXml(): install libxmljs2@0.35');
  }
  return lib as LibxmljsLike;
}

function _missingError(cause: unknown): ErnValidationError {
  const code = (cause as { code?: unknown } | null)?.code;
  const text = cause instanceof Error ? cause.message : String(cause);
  const notInstalled = (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && text.includes('libxmljs2');
  const message = notInstalled
    ? 'Offline ERN validation needs the optional peer dependency libxmljs2, which is not installed: ' +
      'run `npm install libxmljs2@0.35.0` (a native addon: needs a C++ compiler, make and python3 if no prebuilt binary downloads).'
    : `libxmljs2 is installed but failed to load (${text.split('\n')[0]}): its native addon is probably not built; ` +
      'run `npm rebuild libxmljs2` (needs a C++ compiler, make and python3).';
  return new ErnValidationError('LIBXMLJS2_MISSING', message, { cause });
}
