import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

// Tests run from source: the @ddex/source export condition points every workspace package at src/.
export default defineConfig({
  // Vue single-file components of examples/reference-app (its component tests pick happy-dom per file)
  plugins: [vue()],
  resolve: { conditions: ['@ddex/source'] },
  ssr: { resolve: { conditions: ['@ddex/source'], externalConditions: ['@ddex/source'] } },
  test: {
    include: [
      'test/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'adapters/*/test/**/*.test.ts',
      'examples/*/test/**/*.test.ts',
    ],
    setupFiles: ['./scripts/fail-on-console.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
