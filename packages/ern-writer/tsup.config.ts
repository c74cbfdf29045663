import { defineConfig } from 'tsup';
import { baseConfig } from '../../tsup.base';

export default defineConfig(baseConfig({ index: 'src/index.ts', 43: 'src/43.ts', 42: 'src/42.ts', 382: 'src/382.ts' }));
