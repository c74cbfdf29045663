import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ERN_SCHEMA_VERSION_LIST,
  ERN_SCHEMA_VERSIONS,
  type ErnSchemaVersion,
} from '../../src/validate/schema-versions';
import { SAMPLES_DIR } from './ddex-paths';

/** One official DDEX sample message from {@link SAMPLES_DIR}. */
export interface DdexSample {
  readonly version: ErnSchemaVersion;
  /** path relative to the samples folder, e.g. `ern-43/1_Audio.xml` */
  readonly name: string;
  readonly path: string;
  readonly xml: string;
}

/** Every sample of every version, read from the folder (`<folder>/*.xml`, or `<folder>/invalid/*.xml`). */
export function readSamples(kind: 'valid' | 'invalid' = 'valid'): DdexSample[] {
  return ERN_SCHEMA_VERSION_LIST.flatMap((version) => {
    const folder = ERN_SCHEMA_VERSIONS[version].folder;
    const dir = kind === 'valid' ? join(SAMPLES_DIR, folder) : join(SAMPLES_DIR, folder, 'invalid');
    let names: string[];
    try {
      names = readdirSync(dir).filter((name) => name.endsWith('.xml'));
    } catch {
      return [];
    }
    return names.sort().map((file) => {
      const path = join(dir, file);
      const name = kind === 'valid' ? `${folder}/${file}` : `${folder}/invalid/${file}`;
      return { version, name, path, xml: readFileSync(path, 'utf8') };
    });
  });
}
