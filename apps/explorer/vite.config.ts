import { defineConfig } from 'vite';

// A static site: relative asset paths so dist/ works from any folder of any static host.
export default defineConfig({
  base: './',
  worker: { format: 'es' },
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true },
  server: { host: '127.0.0.1' },
});
