import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErnVersionId } from '@ddex/ern-model';
import { SAMPLES_DIR } from './paths';

/** One official DDEX sample message. */
export interface Sample {
  readonly version: ErnVersionId;
  /** e.g. `ern-43/1_Audio.xml` */
  readonly name: string;
  readonly path: string;
  readonly xml: string;
}

const FOLDERS: Record<string, ErnVersionId> = { 'ern-382': '3.8.2', 'ern-42': '4.2', 'ern-43': '4.3' };

/** Every valid official sample, found by listing the version folders (the `invalid/` folder is left out). */
export function readSamples(): Sample[] {
  return Object.entries(FOLDERS).flatMap(([folder, version]) =>
    readdirSync(join(SAMPLES_DIR, folder), { withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.xml'))
      .map((e) => e.name)
      .sort()
      .map((file) => {
        const path = join(SAMPLES_DIR, folder, file);
        return { version, name: `${folder}/${file}`, path, xml: readFileSync(path, 'utf8') };
      }),
  );
}

/** One sample by name, e.g. `ern-43/1_Audio.xml`. */
export function sample(name: string): string {
  return readFileSync(join(SAMPLES_DIR, name), 'utf8');
}
