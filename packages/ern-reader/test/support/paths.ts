import { join } from 'node:path';

/** The shared folder beside the repository (`$DDEX_SHARED_DIR`, else `<repo>/../shared`). */
export const SHARED_DIR = process.env.DDEX_SHARED_DIR ?? join(import.meta.dirname, '../../../../../shared');
/** DDEX's official sample messages: `ern-382/`, `ern-42/`, `ern-43/`. */
export const SAMPLES_DIR = join(SHARED_DIR, 'ddex/samples');
/** DDEX's XSDs: `ern-382/`, `ern-42/`, `ern-43/`. */
export const SCHEMAS_DIR = join(SHARED_DIR, 'ddex/schemas');
/** The canonical release. */
export const CANONICAL = join(SHARED_DIR, 'examples/release-album.json');
