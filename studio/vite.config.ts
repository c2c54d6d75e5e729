import path from 'node:path';
import { defineConfig } from 'vite';

// No React plugin: Vite's own transform handles TSX with the automatic runtime, and we do not
// need fast refresh badly enough to pull in Babel. Monaco and its workers are bundled from
// node_modules: nothing is fetched from a CDN at run time (users sit behind closed networks).
export default defineConfig({
  root: __dirname,
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  server: {
    fs: { allow: [path.resolve(__dirname, '..')] },
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 8000,
  },
  worker: { format: 'es' },
});
