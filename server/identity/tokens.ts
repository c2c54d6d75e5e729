import { createHmac, randomBytes } from 'node:crypto';

export const API_KEY_PREFIX = 'ppk_';
export const SESSION_TOKEN_PREFIX = 'pps_';

/** 32 random bytes: too much entropy to guess, so a keyed fast hash is enough to store it. */
export function generateSecret(prefix: string): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** Only this keyed hash is stored; the secret itself is shown once and never kept. */
export function hashSecret(secret: string, key: string): string {
  return createHmac('sha256', key).update(secret).digest('hex');
}

/** The first characters after the prefix, enough for a person to tell keys apart in a list. */
export function displayPrefix(secret: string): string {
  return secret.slice(0, 12);
}
