import { type Libxml2Document, type Libxml2Validator, type Libxml2WasmLike, loadLibxml2Wasm } from './engine';
import { ErnValidationError } from './errors';
import { XML_PARSE } from './parse-options';
import { readSchemaFiles, resolveSchemaDir, schemaPath } from './schema-files';
import { type SchemaReads, withSchemaFiles } from './schema-input';
import type { ErnSchemaVersion } from './schema-versions';

/**
 * One version's schema, compiled once and reused by every validation; cached per libxml2-wasm module and real
 * schema path (so per resolved schema folder and version).
 */
export interface ErnSchema {
  readonly version: ErnSchemaVersion;
  /** real absolute path of the message schema, the cache key */
  readonly path: string;
  /** every file the schema reads: itself first, then its imports */
  readonly files: readonly string[];
  /** the compiled XSD (a libxml2-wasm `XsdValidator`); disposed by {@link clearErnSchemaCache} */
  readonly validator: Libxml2Validator;
  /** how long reading and compiling the schema took, in milliseconds */
  readonly compileMs: number;
}

/** Options of {@link loadErnSchema}. */
export interface LoadErnSchemaOptions {
  /**
   * Folder laid out like DDEX's downloads: `ern-382/`, `ern-42/`, `ern-43/`, each with `release-notification.xsd`
   * and the allowed-value-set XSD it imports.
   * @default process.env.DDEX_SCHEMA_DIR
   */
  schemaDir?: string;
  /**
   * The libxml2-wasm module to use instead of importing it (for bundlers, or a copy loaded elsewhere).
   * @default the `libxml2-wasm` package, imported on first use
   */
  lib?: Libxml2WasmLike;
}

interface CacheEntry {
  readonly schema: ErnSchema;
  // the parsed XSD stays alive as long as the schema compiled from it, which may point into it
  readonly document: Libxml2Document;
}

// libxml2-wasm module → real schema path → compiled schema (a schema only validates documents of its module)
const caches = new Map<Libxml2WasmLike, Map<string, CacheEntry>>();

/**
 * Loads and compiles one version's schema from the schema folder, or returns the cached one (same object) for the
 * same real path. The first call per version costs the compilation (about 0.4 s for 4.3, whose allowed-value-set
 * file is 3 MB); later validations reuse it. Throws {@link ErnValidationError}: `SCHEMAS_NOT_FOUND`,
 * `SCHEMA_INVALID`, `ENGINE_UNAVAILABLE`.
 */
export async function loadErnSchema(version: ErnSchemaVersion, options: LoadErnSchemaOptions = {}): Promise<ErnSchema> {
  const dir = resolveSchemaDir(options.schemaDir);
  const lib = options.lib ?? (await loadLibxml2Wasm());
  return loadErnSchemaSync(lib, dir, version);
}

/** {@link loadErnSchema} for a resolved folder and a loaded libxml2-wasm. */
export function loadErnSchemaSync(lib: Libxml2WasmLike, dir: string, version: ErnSchemaVersion): ErnSchema {
  let cache = caches.get(lib);
  if (cache === undefined) {
    cache = new Map();
    caches.set(lib, cache);
  }
  const cached = cache.get(schemaPath(dir, version));
  if (cached !== undefined) return cached.schema;
  const started = performance.now();
  const files = readSchemaFiles(dir, version);
  let document: Libxml2Document;
  try {
    document = lib.XmlDocument.fromString(files.text, { url: files.path, option: XML_PARSE.schema });
  } catch (cause) {
    const message = `the ERN ${version} schema ${files.path} is not well-formed XML: ${_details(cause)}`;
    throw new ErnValidationError('SCHEMA_INVALID', message, { cause, path: files.path });
  }
  let validator: Libxml2Validator;
  try {
    validator = withSchemaFiles(lib, files.files, (reads) => _compile(lib, document, files.path, version, reads));
  } catch (error) {
    document.dispose();
    throw error;
  }
  const compileMs = performance.now() - started;
  const schema: ErnSchema = { version, path: files.path, files: files.files, validator, compileMs };
  cache.set(files.path, { schema, document });
  return schema;
}

/**
 * Forgets every cached schema (e.g. after the files changed on disk), or those of one libxml2-wasm module, and
 * frees their WebAssembly memory: a schema returned earlier by {@link loadErnSchema} must not be used afterwards.
 */
export function clearErnSchemaCache(lib?: Libxml2WasmLike): void {
  for (const [owner, cache] of caches) {
    if (lib !== undefined && owner !== lib) continue;
    for (const entry of cache.values()) {
      entry.schema.validator.dispose();
      entry.document.dispose();
    }
    caches.delete(owner);
  }
}

// --- Internal helpers ---

function _compile(
  lib: Libxml2WasmLike,
  document: Libxml2Document,
  path: string,
  version: ErnSchemaVersion,
  reads: SchemaReads,
): Libxml2Validator {
  try {
    return lib.XsdValidator.fromDoc(document);
  } catch (cause) {
    const refused = reads.refused.length > 0 ? ` (refused to read: ${reads.refused.join(', ')})` : '';
    const message = `libxml2 could not compile the ERN ${version} schema ${path}${refused}: ${_details(cause)}`;
    throw new ErnValidationError('SCHEMA_INVALID', message, { cause, path });
  }
}

// libxml2's messages of an error thrown by libxml2-wasm, on one line each
function _details(cause: unknown): string {
  const details = (cause as { details?: unknown } | null)?.details;
  const messages = Array.isArray(details)
    ? details.map((d: { message?: unknown; line?: unknown; file?: unknown }) => {
        const where = typeof d.file === 'string' ? `${d.file}:${d.line ?? 0}` : `line ${d.line ?? 0}`;
        return `${where}: ${String(d.message).trim()}`;
      })
    : [];
  return messages.length > 0 ? messages.join('; ') : String((cause as Error | null)?.message ?? cause).trim();
}
