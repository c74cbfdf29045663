import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The shared folder beside the repository (DDEX schemas, samples, the canonical release). */
export const SHARED_DIR = process.env.DDEX_SHARED_DIR ?? join(import.meta.dirname, '../../../../shared');

/** A fresh copy of the canonical album (../shared/examples/release-album.json) to modify in a test. */
export function canonicalAlbum(): any {
  return JSON.parse(readFileSync(join(SHARED_DIR, 'examples/release-album.json'), 'utf8'));
}
