import { defineConfig } from 'tsup';
import { baseConfig } from '../../tsup.base';

export default defineConfig(
  baseConfig({ index: 'src/index.ts', http: 'src/http/index.ts', node: 'src/node/index.ts' }),
);
