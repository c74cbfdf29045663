import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// Workspace packages resolve to their sources (@ddex/source), so the app builds without building them first.
export default defineConfig({
  plugins: [vue()],
  resolve: { conditions: ['@ddex/source', 'module', 'browser', 'development|production'] },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 800 },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
