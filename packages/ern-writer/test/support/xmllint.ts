import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ERN_SCHEMA_VERSIONS, type ErnSchemaVersion } from '../../src/validate/schema-versions';
import { SCHEMA_DIR } from './ddex-paths';

export { SCHEMA_DIR } from './ddex-paths';

/** What xmllint said about a document. */
export interface XmllintResult {
  /** true when xmllint exited 0 (well-formed and schema-valid) */
  readonly valid: boolean;
  /** xmllint's stderr, e.g. `-:31: element FakeTag: Schemas validity error : …` and `- validates` */
  readonly output: string;
}

/**
 * Validates a document with Debian's `xmllint` (libxml2-utils) against the version's official XSD in
 * {@link SCHEMA_DIR}, with no network access: an independent check beside `validateErn`. Throws when xmllint is not
 * installed (`apt-get install -y libxml2-utils`) or the schema does not compile, so that a broken setup never passes.
 */
export function xmllintValidate(xml: string, version: ErnSchemaVersion, schemaDir: string = SCHEMA_DIR): XmllintResult {
  const info = ERN_SCHEMA_VERSIONS[version];
  const schema = join(schemaDir, info.folder, info.schemaFile);
  const run = spawnSync('xmllint', ['--nonet', '--noout', '--schema', schema, '-'], {
    input: xml,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) {
    throw new Error(`xmllint could not run (${run.error.message}): apt-get install -y libxml2-utils`, {
      cause: run.error,
    });
  }
  const output = `${run.stderr}${run.stdout}`.trim();
  // exit 5: the schema itself did not compile (missing file…), a setup problem rather than an invalid document
  if (run.status === 5) throw new Error(`xmllint could not compile ${schema}:\n${output}`);
  return { valid: run.status === 0, output };
}
