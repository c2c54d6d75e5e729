import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const KEY_LENGTH = 64;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCallback(password, salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))));
}

/**
 * scrypt is memory-hard: cost 2^16 with block size 8 needs 64 MiB per hash, which makes
 * GPU guessing expensive. The parameters travel inside the hash, so raising the cost later
 * only affects new hashes.
 */
export async function hashPassword(password: string, costLog2: number): Promise<string> {
  const salt = randomBytes(16);
  const N = 2 ** costLog2;
  const key = await scrypt(password, salt, { N, r: BLOCK_SIZE, p: PARALLELISM, maxmem: 256 * N * BLOCK_SIZE });
  return ['scrypt', costLog2, BLOCK_SIZE, PARALLELISM, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [algorithm, costText, blockText, parallelText, saltText, keyText] = stored.split('$');
  if (algorithm !== 'scrypt' || !saltText || !keyText) return false;
  const N = 2 ** Number(costText);
  const r = Number(blockText);
  const expected = Buffer.from(keyText, 'base64');
  const actual = await scrypt(password, Buffer.from(saltText, 'base64'), { N, r, p: Number(parallelText), maxmem: 256 * N * r });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Rules every password must meet; returned as messages so the API can show them per field. */
export function passwordProblems(password: string, username?: string): string[] {
  const problems: string[] = [];
  if (password.length < 12) problems.push('must be at least 12 characters');
  if (password.length > 256) problems.push('must be at most 256 characters');
  if (new Set(password).size < 5) problems.push('must use at least 5 different characters');
  if (password.length <= 256 && isCommonPassword(password)) problems.push('is one of the most common passwords (or one with digits or symbols added)');
  if (username && username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) problems.push('must not contain the user name');
  return problems;
}

let commonPasswords: Set<string> | undefined;

/** The bundled list (common-passwords.txt beside this file), read once: no network, no service. */
function common(): Set<string> {
  commonPasswords ??= new Set(
    fs
      .readFileSync(path.join(__dirname, 'common-passwords.txt'), 'utf8')
      .split('\n')
      .filter((line) => line.length > 0 && !line.startsWith('#')),
  );
  return commonPasswords;
}

/**
 * Whether the password, lowercased, is a listed one once digits and symbols at its start and end
 * are taken away, in any amount ("Password1234!" is "password"): what guessers try first.
 */
export function isCommonPassword(password: string): boolean {
  const text = password.toLowerCase();
  const lead = /^[^a-z]*/.exec(text)![0].length;
  const trail = /[^a-z]*$/.exec(text)![0].length;
  const list = common();
  for (let start = 0; start <= Math.min(lead, text.length); start++) {
    for (let end = text.length; end >= Math.max(start, text.length - trail); end--) {
      if (end - start >= 4 && list.has(text.slice(start, end))) return true;
    }
  }
  return false;
}
