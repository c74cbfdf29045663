import { ErnValidationError } from './errors';

/** One diagnostic of libxml2, as libxml2-wasm hands it over in an error's `details` (the subset the validator reads). */
export interface Libxml2ErrorDetail {
  readonly message: string;
  /** 1: warning, 2: error, 3: fatal */
  readonly level: number;
  /** 1-based line; 0 when libxml2 gives none */
  readonly line: number;
  /** 1-based column; 0 when libxml2 gives none (always, for schema errors) */
  readonly col: number;
}

/** The part of a libxml2-wasm element the validator reads. */
export interface Libxml2Element {
  /** local name */
  readonly name: string;
  /** namespace URI, `''` when none */
  readonly namespaceUri: string;
  /** line where libxml2 saw the start tag end */
  readonly line: number;
}

/** The part of a libxml2-wasm `XmlDocument` the validator uses; it holds WebAssembly memory until disposed. */
export interface Libxml2Document {
  /** the root element (libxml2-wasm types it as always there; null is handled all the same) */
  readonly root: Libxml2Element | null;
  /** the document's DTD (internal subset), null when it has none */
  readonly dtd: unknown;
  dispose(): void;
}

/** Parser options of libxml2-wasm: `option` is a bitmask of libxml2's `XML_PARSE_*` flags. */
export interface Libxml2ParseOptions {
  /** URL or absolute path of the document, the base of relative imports */
  url?: string;
  /** forced encoding; only `utf-8` for string input */
  encoding?: string;
  /** `XML_PARSE_*` flags, OR-ed */
  option?: number;
}

/** The part of a compiled libxml2-wasm `XsdValidator` the validator uses. */
export interface Libxml2Validator {
  /** throws an error with `details` when the document is invalid */
  validate(doc: Libxml2Document): void;
  dispose(): void;
}

/** A libxml2-wasm virtual input provider: how libxml2 opens the files an XSD imports. */
export interface Libxml2InputProvider {
  match(filename: string): boolean;
  open(filename: string): number | undefined;
  read(fd: number, buf: Uint8Array): number;
  close(fd: number): boolean;
}

/**
 * The subset of the libxml2-wasm module the validator calls, typed here (as kysely types better-sqlite3) so that
 * the declarations of this package do not reference the ESM-only package's own types.
 */
export interface Libxml2WasmLike {
  XmlDocument: {
    fromString(source: string, options?: Libxml2ParseOptions): Libxml2Document;
    fromBuffer(source: Uint8Array, options?: Libxml2ParseOptions): Libxml2Document;
  };
  XsdValidator: {
    fromDoc(xsd: Libxml2Document): Libxml2Validator;
  };
  xmlRegisterInputProvider(provider: Libxml2InputProvider): boolean;
}

/** A function that imports libxml2-wasm; swapped in tests. */
export type Libxml2WasmImporter = () => Promise<unknown>;

// a real dynamic import() in both builds: libxml2-wasm is ESM-only (with top-level await), so require() cannot load it
const defaultImporter: Libxml2WasmImporter = () => import('libxml2-wasm');

let loaded: Promise<Libxml2WasmLike> | undefined;

/**
 * Imports libxml2-wasm once, lazily (it instantiates its WebAssembly module on import). A missing package or a
 * failed instantiation becomes an {@link ErnValidationError} with code `ENGINE_UNAVAILABLE`; a failure is not
 * cached, so installing it later works.
 */
export function loadLibxml2Wasm(importer: Libxml2WasmImporter = defaultImporter): Promise<Libxml2WasmLike> {
  if (importer !== defaultImporter) return _load(importer);
  loaded ??= _load(importer).catch((error: unknown) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}

// --- Internal helpers ---

async function _load(importer: Libxml2WasmImporter): Promise<Libxml2WasmLike> {
  let mod: unknown;
  try {
    mod = await importer();
  } catch (cause) {
    throw _missingError(cause);
  }
  const lib = (mod ?? {}) as Partial<Libxml2WasmLike>;
  if (
    typeof lib.XmlDocument?.fromString !== 'function' ||
    typeof lib.XsdValidator?.fromDoc !== 'function' ||
    typeof lib.xmlRegisterInputProvider !== 'function'
  ) {
    throw new ErnValidationError(
      'ENGINE_UNAVAILABLE',
      'libxml2-wasm loaded but lacks XmlDocument, XsdValidator or xmlRegisterInputProvider: install libxml2-wasm@0.7.2',
    );
  }
  return lib as Libxml2WasmLike;
}

function _missingError(cause: unknown): ErnValidationError {
  const code = (cause as { code?: unknown } | null)?.code;
  const text = cause instanceof Error ? cause.message : String(cause);
  const notInstalled =
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && text.includes('libxml2-wasm');
  const message = notInstalled
    ? 'Offline ERN validation needs libxml2-wasm (a dependency of @ddex/ern-writer), which is not installed: ' +
      'run `npm install libxml2-wasm@0.7.2` (pure WebAssembly, nothing to compile).'
    : `libxml2-wasm is installed but failed to load (${text.split('\n')[0]}): it needs a runtime with ` +
      'WebAssembly and ES modules (Node 20+); a bundler must keep its dynamic `import()` (or pass the module as `lib`).';
  return new ErnValidationError('ENGINE_UNAVAILABLE', message, { cause });
}
