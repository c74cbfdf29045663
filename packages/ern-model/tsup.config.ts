import { defineConfig } from 'tsup';
import { baseConfig } from '../../tsup.base';

const entry = { index: 'src/index.ts', values: 'src/values.ts' };

// ESM shares the allowed-value data between the two entries (one copy in memory when both load); CJS keeps
// tsup's default of one self-contained file per entry.
export default defineConfig([
  { ...baseConfig(entry), format: ['esm'], splitting: true },
  { ...baseConfig(entry), format: ['cjs'], clean: false },
]);
