import type { Options } from 'tsup';

/** Shared tsup settings: every package builds ESM + CJS with .d.ts/.d.cts, one line of config per package. */
export function baseConfig(entry: Record<string, string>): Options {
  return {
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    splitting: false,
    treeshake: true,
  };
}
