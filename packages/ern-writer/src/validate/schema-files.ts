import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ErnValidationError } from './errors';
import { ERN_SCHEMA_VERSION_LIST, ERN_SCHEMA_VERSIONS, type ErnSchemaVersion } from './schema-versions';

/** Name of the environment variable read when no `schemaDir` option is given. */
export const SCHEMA_DIR_ENV = 'DDEX_SCHEMA_DIR';

/** The files of one version's schema, checked to exist, ready to hand to libxml2. */
export interface ErnSchemaFiles {
  readonly version: ErnSchemaVersion;
  /** real absolute path of the message schema (`…/ern-43/release-notification.xsd`) */
  readonly path: string;
  /** its text, with imports of DDEX URLs pointed at the local copies beside it */
  readonly text: string;
  /** every file the schema reads: itself first, then what it imports or includes */
  readonly files: readonly string[];
}

/**
 * The schema folder to use: the option, else `$DDEX_SCHEMA_DIR` (relative paths are taken from the working
 * directory). Throws `SCHEMAS_NOT_FOUND` when neither is set or the folder does not exist.
 */
export function resolveSchemaDir(schemaDir?: string): string {
  const given = schemaDir ?? process.env[SCHEMA_DIR_ENV];
  if (given === undefined || given === '') {
    throw _notFound('no schema folder was given (option `schemaDir`, CLI `--schemas`, or $DDEX_SCHEMA_DIR)');
  }
  const dir = resolve(given);
  if (!_isDirectory(dir)) throw _notFound(`the schema folder ${dir} does not exist or is not a folder`, dir);
  return dir;
}

/**
 * Finds and checks one version's schema in the folder: `<dir>/ern-XX/release-notification.xsd` and every file it
 * imports or includes, recursively. An import of a DDEX URL (as in the files on ddex.net) is pointed at the file of
 * the same name beside the schema, so nothing is ever fetched. Throws `SCHEMAS_NOT_FOUND` for a missing file.
 */
export function readSchemaFiles(dir: string, version: ErnSchemaVersion): ErnSchemaFiles {
  const path = schemaPath(dir, version);
  const files = [path];
  const text = _rewriteImports(readFileSync(path, 'utf8'), path, version);
  const pending = _references(text).map((location) => resolve(dirname(path), location));
  while (pending.length > 0) {
    const file = pending.shift() as string;
    if (files.includes(file)) continue;
    if (!existsSync(file)) throw _notFound(`the ERN ${version} schema imports ${file}, which is missing`, file);
    files.push(file);
    for (const location of _references(readFileSync(file, 'utf8'))) {
      if (_isUrl(location)) {
        throw _notFound(`${file} imports ${location} over the network; save it beside ${file} and import it by name`);
      }
      pending.push(resolve(dirname(file), location));
    }
  }
  return { version, path, text, files };
}

/** Real absolute path of one version's message schema in the folder; throws `SCHEMAS_NOT_FOUND` if it is missing. */
export function schemaPath(dir: string, version: ErnSchemaVersion): string {
  const info = ERN_SCHEMA_VERSIONS[version];
  const main = join(dir, info.folder, info.schemaFile);
  if (!existsSync(main)) throw _notFound(`the ERN ${version} schema ${main} is missing`, main);
  return realpathSync(main);
}

// --- Internal helpers ---

const REFERENCE = /<(?:[\w.-]+:)?(?:import|include|redefine)\b[^>]*?\bschemaLocation\s*=\s*(["'])([^"']*)\1/g;

function _references(xsd: string): string[] {
  return [...xsd.matchAll(REFERENCE)].map((match) => match[2] as string);
}

function _isUrl(location: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(location) && !location.startsWith('file:');
}

// an official-form XSD imports its AVS by URL: point it at the local file of the same name
function _rewriteImports(xsd: string, path: string, version: ErnSchemaVersion): string {
  return xsd.replace(REFERENCE, (element: string, quote: string, location: string) => {
    if (!_isUrl(location)) return element;
    const local = basename(new URL(location).pathname);
    if (!existsSync(join(dirname(path), local))) {
      throw _notFound(`the ERN ${version} schema imports ${location}: save that file as ${join(dirname(path), local)}`);
    }
    return element.replace(`${quote}${location}${quote}`, `${quote}${local}${quote}`);
  });
}

function _isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function _notFound(problem: string, path?: string): ErnValidationError {
  const layout = ERN_SCHEMA_VERSION_LIST.map((v) => {
    const info = ERN_SCHEMA_VERSIONS[v];
    return `  ${info.folder}/${info.schemaFile} (${info.schemaUrl}) + its AVS file (${info.avsUrl})`;
  }).join('\n');
  const message =
    `DDEX ERN schemas not found: ${problem}.\n` +
    'This package does not ship DDEX\'s XSDs. Download them from DDEX (https://kb.ddex.net, "ERN" standard; ' +
    'the URLs below) into one folder laid out as:\n' +
    `${layout}\n` +
    `then pass that folder as \`schemaDir\` (CLI: --schemas DIR) or set ${SCHEMA_DIR_ENV}.`;
  return new ErnValidationError('SCHEMAS_NOT_FOUND', message, path === undefined ? {} : { path });
}
