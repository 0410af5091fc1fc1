import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The dashboard: built into dist/web, which `attune serve` serves at `/`. */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: {
    outDir: path.join(import.meta.dirname, '..', '..', 'dist', 'web'),
    emptyOutDir: true,
    // the CSP allows no inline script: never inline the module-preload helper
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
  server: { proxy: { '/v1': 'http://127.0.0.1:8080' } },
});
