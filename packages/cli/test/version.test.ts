import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { CLI_VERSION } from '../src';

it('prints the version of its package.json', () => {
  const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../package.json'), 'utf8'));
  expect(CLI_VERSION).toBe(pkg.version);
});
