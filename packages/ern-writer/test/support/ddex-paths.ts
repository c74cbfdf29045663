import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of the repository (the folder with the root package.json). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/** The shared DDEX reference folder: `<repo>/../shared/ddex` (schemas, samples, validation-results.txt). */
export const DDEX_SHARED_DIR = resolve(REPO_ROOT, '../shared/ddex');

/** DDEX's XSDs, laid out as ern-382/, ern-42/, ern-43/: `$DDEX_SCHEMA_DIR`, else `<repo>/../shared/ddex/schemas`. */
export const SCHEMA_DIR = process.env.DDEX_SCHEMA_DIR
  ? resolve(process.env.DDEX_SCHEMA_DIR)
  : join(DDEX_SHARED_DIR, 'schemas');

/** DDEX's official sample messages: `<repo>/../shared/ddex/samples/ern-382|ern-42|ern-43`. */
export const SAMPLES_DIR = join(DDEX_SHARED_DIR, 'samples');
