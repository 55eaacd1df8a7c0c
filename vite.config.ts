import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

// The renderer is one single-page app; every role is a route. assets/ (announcement clips,
// fonts, icons) is served as-is at the site root, e.g. /audio/zh/qing.ogg.
export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  publicDir: fileURLToPath(new URL('./assets', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist-renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:8080', ws: true }, '/host': { target: 'ws://127.0.0.1:8080', ws: true } },
  },
});
