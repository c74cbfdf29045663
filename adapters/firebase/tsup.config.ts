import { defineConfig } from 'tsup';
import { baseConfig } from '../../tsup.base';

export default defineConfig(
  baseConfig({ index: 'src/index.ts', functions: 'src/functions/index.ts', project: 'src/project/index.ts' }),
);
