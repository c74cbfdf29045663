import { ErnValidationError } from './errors';
import { type LibxmlDocument, type LibxmljsLike, loadLibxmljs } from './libxmljs';
import { readSchemaFiles, resolveSchemaDir, schemaPath } from './schema-files';
import type { ErnSchemaVersion } from './schema-versions';

/** One version's schema, parsed and ready to validate against; cached per libxmljs2 module and schema path. */
export interface ErnSchema {
  readonly version: ErnSchemaVersion;
  /** real absolute path of the message schema, the cache key */
  readonly path: string;
  /** every file the schema reads: itself first, then its imports */
  readonly files: readonly string[];
  /** the parsed XSD (libxmljs2 document whose base URL is {@link path}, so that relative imports resolve) */
  readonly document: LibxmlDocument;
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
   * The libxmljs2 module to use instead of importing it (for bundlers, or a copy loaded elsewhere).
   * @default the `libxmljs2` package, imported on first use
   */
  lib?: LibxmljsLike;
}

// libxmljs2 module → real schema path → parsed schema (a document only validates with the module that parsed it)
const caches = new Map<LibxmljsLike, Map<string, ErnSchema>>();

/**
 * Loads one version's schema from the schema folder, or returns the cached one (same object) for the same real
 * path. Throws {@link ErnValidationError}: `SCHEMAS_NOT_FOUND`, `SCHEMA_INVALID`, `LIBXMLJS2_MISSING`.
 *
 * libxmljs2 0.35 compiles the XSD inside every `validate()` call (it has no API to keep a compiled schema), so what
 * is cached is the checked, parsed XSD; the imported allowed-value-set file is read again by libxml2 per call.
 */
export async function loadErnSchema(version: ErnSchemaVersion, options: LoadErnSchemaOptions = {}): Promise<ErnSchema> {
  const dir = resolveSchemaDir(options.schemaDir);
  const lib = options.lib ?? (await loadLibxmljs());
  return loadErnSchemaSync(lib, dir, version);
}

/** {@link loadErnSchema} for a resolved folder and a loaded libxmljs2. */
export function loadErnSchemaSync(lib: LibxmljsLike, dir: string, version: ErnSchemaVersion): ErnSchema {
  let cache = caches.get(lib);
  if (cache === undefined) {
    cache = new Map();
    caches.set(lib, cache);
  }
  const cached = cache.get(schemaPath(dir, version));
  if (cached !== undefined) return cached;
  const files = readSchemaFiles(dir, version);
  let document: LibxmlDocument;
  try {
    document = lib.parseXml(files.text, { baseUrl: files.path, nonet: true, huge: false });
  } catch (cause) {
    const message = `the ERN ${version} schema ${files.path} is not well-formed XML: ${String((cause as Error).message).trim()}`;
    throw new ErnValidationError('SCHEMA_INVALID', message, { cause, path: files.path });
  }
  const schema: ErnSchema = { version, path: files.path, files: files.files, document };
  cache.set(files.path, schema);
  return schema;
}

/** Forgets every cached schema (e.g. after the files changed on disk). */
export function clearErnSchemaCache(lib?: LibxmljsLike): void {
  if (lib === undefined) caches.clear();
  else caches.delete(lib);
}
