// Guards the workspace's shape (STYLE.md §1, §18-19): packaging fields, the source condition, and the layering
// (pure packages at the bottom import nothing above them).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const dirs = ['packages', 'adapters'].flatMap((g) =>
  existsSync(join(ROOT, g)) ? readdirSync(join(ROOT, g)).map((n) => join(ROOT, g, n)) : [],
);
const packages = dirs
  .filter((d) => existsSync(join(d, 'package.json')) && existsSync(join(d, 'src/index.ts')))
  .map((dir) => ({ dir, pkg: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }));

/** What each pure package may depend on inside the workspace; anything not listed sits on top and may use all. */
const ALLOWED_INTERNAL: Record<string, string[]> = {
  '@ddex/ern-model': [],
  '@ddex/ern-writer': ['@ddex/ern-model'],
  '@ddex/ern-reader': ['@ddex/ern-model'],
  '@ddex/workbench-client': [],
  '@ddex/delivery-transports': ['@ddex/ern-model'],
  '@ddex/catalog-store': ['@ddex/ern-model'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe.each(packages.map((p) => [p.pkg.name as string, p] as const))('%s', (_name, { dir, pkg }) => {
  it('is an ESM package without side effects, exporting ./package.json', () => {
    expect(pkg.type).toBe('module');
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.exports['./package.json']).toBe('./package.json');
  });

  it('points every export at source (@ddex/source) and at ESM + CJS builds with their own types', () => {
    for (const [subpath, target] of Object.entries<any>(pkg.exports)) {
      if (subpath === './package.json') continue;
      expect(existsSync(join(dir, target['@ddex/source'])), `${subpath} source`).toBe(true);
      expect(target.import.types).toMatch(/\.d\.ts$/);
      expect(target.require.types).toMatch(/\.d\.cts$/);
      expect(target.require.default).toMatch(/\.cjs$/);
    }
  });

  it('imports only workspace packages it declares, and none above it', () => {
    const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);
    const allowed = ALLOWED_INTERNAL[pkg.name];
    for (const file of sourceFiles(join(dir, 'src'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/from '(@ddex\/[a-z-]+)/g)) {
        const used = m[1] as string;
        if (used === pkg.name) continue;
        expect(declared.has(used), `${file} imports ${used}, not in package.json`).toBe(true);
        if (allowed) expect(allowed, `${file} imports ${used}, above ${pkg.name}`).toContain(used);
      }
    }
  });
});
