/**
 * Builds the studio into studio/dist. With --if-stale (used by `prestart`) it builds only when
 * studio/dist is missing or older than any studio source or schema, so later starts stay quick.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const builtIndex = path.join(root, 'studio', 'dist', 'index.html');
// server/authority/bounds.ts: the overlay editor checks bounds with the server's own pure functions.
const SOURCES = [
  'studio/src',
  'studio/index.html',
  'studio/vite.config.mts',
  'studio/tsconfig.json',
  'schemas',
  'package-lock.json',
  'server/authority/bounds.ts',
];

function newestMtime(target: string): number {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(target).reduce((newest, name) => Math.max(newest, newestMtime(path.join(target, name))), stat.mtimeMs);
}

export function studioIsStale(): boolean {
  if (!fs.existsSync(builtIndex)) return true;
  const built = fs.statSync(builtIndex).mtimeMs;
  return SOURCES.some((source) => newestMtime(path.join(root, source)) > built);
}

export function buildStudio(): void {
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', path.join(root, 'studio', 'vite.config.mts'), '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`The studio build failed (exit ${result.status ?? result.signal})`);
}

if (require.main === module) {
  if (process.argv.includes('--if-stale') && !studioIsStale()) {
    console.log('studio/dist is up to date');
  } else {
    console.log('building the studio into studio/dist ...');
    buildStudio();
  }
}
