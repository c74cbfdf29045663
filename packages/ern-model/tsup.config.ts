import { defineConfig } from 'tsup';
import { baseConfig } from '../../tsup.base';

const entry = { index: 'src/index.ts', values: 'src/values.ts' };

// ESM shares the allowed-value data between the two entries (one copy in memory when both load); CJS keeps
// tsup's default of one self-contained file per entry. The two builds run at once, so neither cleans dist/ (the
// build script empties it first).
export default defineConfig([
  { ...baseConfig(entry), format: ['esm'], splitting: true, clean: false },
  { ...baseConfig(entry), format: ['cjs'], clean: false },
]);
