import { expect } from 'vitest';
import type { ErnVersion } from '../../src/types';
import { validateErn } from '../../src/validate';
import { SCHEMA_DIR } from './ddex-paths';
import { xmllintValidate } from './xmllint';

/**
 * Asserts that a message is valid against the official XSD of its version, twice: through `validateErn`
 * (libxml2-wasm) and through Debian's `xmllint` as an independent check. Failures print the validators' errors.
 */
export async function expectSchemaValid(
  xml: string,
  version: ErnVersion,
  options: { xmllint?: boolean } = {},
): Promise<void> {
  const result = await validateErn(xml, { schemaDir: SCHEMA_DIR });
  expect(result.errors.map((e) => `${e.line}:${e.column}: ${e.message}`)).toEqual([]);
  expect(result.valid).toBe(true);
  expect(result.version).toBe(version);
  if (options.xmllint !== false) {
    const lint = xmllintValidate(xml, version);
    expect(lint.valid, lint.output).toBe(true);
  }
}
