import { defineConfig } from 'tsup';
import { baseConfig } from '../../tsup.base';

export default defineConfig(baseConfig({ index: 'src/index.ts', s3: 'src/s3/index.ts' }));
