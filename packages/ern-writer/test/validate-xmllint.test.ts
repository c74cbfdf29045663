import { describe, expect, it } from 'vitest';
import { validateErn } from '../src/validate';
import { readSamples } from './support/samples';
import { SCHEMA_DIR, xmllintValidate } from './support/xmllint';

// xmllint (Debian libxml2-utils) is the independent check; .ci/run installs it, so a missing binary fails here
describe('xmllint agrees with validateErn', () => {
  it.each(readSamples('valid').map((s) => [s.name, s] as const))('%s: both valid', async (_, sample) => {
    const lint = xmllintValidate(sample.xml, sample.version);
    expect(lint.output).toMatch(/validates$/);
    expect(lint.valid).toBe(true);
    expect((await validateErn(sample.xml, { schemaDir: SCHEMA_DIR })).valid).toBe(true);
  });

  it.each(readSamples('invalid').map((s) => [s.name, s] as const))('%s: both invalid, same line', async (_, sample) => {
    const lint = xmllintValidate(sample.xml, sample.version);
    expect(lint.valid).toBe(false);
    const ours = await validateErn(sample.xml, { schemaDir: SCHEMA_DIR });
    expect(ours.valid).toBe(false);
    const lintLines = [...lint.output.matchAll(/^-:(\d+):/gm)].map((m) => Number(m[1]));
    expect(ours.errors.map((e) => e.line)).toEqual(lintLines);
    for (const error of ours.errors) expect(lint.output).toContain(error.message);
  });

  it.each(['3.8.2', '4.2', '4.3'] as const)('%s: a broken message fails both, on the same lines', async (version) => {
    const sample = readSamples('valid').find((s) => s.version === version)!;
    const broken = sample.xml.replace(/<MessageId>/, '<MessageId><Bogus/>').replace(/<\/MessageHeader>/, '<Extra/>$&');
    expect(broken).not.toBe(sample.xml);
    const lint = xmllintValidate(broken, version);
    expect(lint.valid).toBe(false);
    const ours = await validateErn(broken, { schemaDir: SCHEMA_DIR });
    expect(ours.errors.length).toBeGreaterThanOrEqual(2);
    expect(ours.errors.map((e) => e.line)).toEqual([...lint.output.matchAll(/^-:(\d+):/gm)].map((m) => Number(m[1])));
    for (const error of ours.errors) expect(lint.output).toContain(error.message);
  });
});
