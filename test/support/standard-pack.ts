import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The keys of the standard pack's rule sets: every file in rules/ except the golden tables beside them (*.cases.json). */
export const STANDARD_PACK_KEYS: readonly string[] = readdirSync(join(__dirname, '../../rules'))
  .filter((file) => file.endsWith('.json') && !file.endsWith('.cases.json'))
  .map((file) => file.replace(/\.json$/, ''))
  .sort();
