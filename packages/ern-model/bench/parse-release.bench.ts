import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRelease } from '@ddex/ern-model';
import { type BenchFigure, opsPerSecond } from '../../../bench/harness';

const SHARED = process.env.DDEX_SHARED_DIR ?? join(import.meta.dirname, '../../../../shared');

/** parseRelease on the canonical 12-track album, releases/s. */
export async function runParseReleaseBench(): Promise<BenchFigure[]> {
  const album = JSON.parse(readFileSync(join(SHARED, 'examples/release-album.json'), 'utf8'));
  if (!parseRelease(album).success) throw new Error('canonical album does not parse');
  const value = await opsPerSecond('parseRelease', () => parseRelease(album));
  return [{ bench: 'parse-release-album', unit: 'releases/s', value }];
}
