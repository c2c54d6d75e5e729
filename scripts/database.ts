/**
 * `npm run database:install` builds the local FerretDB into .local/bin (what the first
 * `npm start` or `npm test` would do anyway), so CI and set-up scripts can do it up front.
 */
import path from 'node:path';
import { createLogger } from '../server/logger';
import { ensureFerretDbBinary } from '../server/store/local-database';

const started = Date.now();
ensureFerretDbBinary(path.resolve(__dirname, '..'), createLogger('info'))
  .then((binary) => console.log(`FerretDB ready at ${binary} (${((Date.now() - started) / 1000).toFixed(1)} s)`))
  .catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
