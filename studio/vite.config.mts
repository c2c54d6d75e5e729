import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// No React plugin: Vite's own transform handles TSX with the automatic runtime, and we do not
// need fast refresh badly enough to pull in Babel. Monaco and its workers are bundled from
// node_modules: nothing is fetched from a CDN at run time (users sit behind closed networks).
const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  server: {
    fs: { allow: [path.resolve(here, '..')] },
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 8000,
    // Monaco's plugin work dominates the build; the timing report is noise for us.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
  worker: { format: 'es' },
});
