import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { ErnVersionId } from '@ddex/ern-model';
import { SCHEMAS_DIR } from './paths';

const FOLDERS: Record<ErnVersionId, string> = { '3.8.2': 'ern-382', '4.2': 'ern-42', '4.3': 'ern-43' };

/**
 * Validates a message with xmllint (libxml2-utils) against the version's official XSD, offline. Throws when
 * xmllint is missing or the schema does not compile, so a broken setup never passes.
 */
export function xsdErrors(xml: string, version: ErnVersionId): string[] {
  const schema = join(SCHEMAS_DIR, FOLDERS[version], 'release-notification.xsd');
  const run = spawnSync('xmllint', ['--nonet', '--noout', '--schema', schema, '-'], {
    input: xml,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) throw new Error(`xmllint could not run (${run.error.message}): apt-get install -y libxml2-utils`);
  if (run.status === 5) throw new Error(`xmllint could not compile ${schema}: ${run.stderr}`);
  return run.status === 0
    ? []
    : run.stderr
        .trim()
        .split('\n')
        .filter((l) => !l.endsWith('fails to validate'));
}
