import { createHmac } from 'node:crypto';

/** A phone number as kept: a keyed hash (so a database dump cannot be matched against a phone book) and its last four digits. */
export interface HashedNumber {
  hash: string;
  lastFour: string;
}

/** Digits only, so `+86 138-0000-1234` and `8613800001234` are one number. */
function digitsOf(number: string): string {
  return number.replace(/\D/g, '');
}

export function hashNumber(number: string, secret: string): HashedNumber {
  const digits = digitsOf(number);
  return { hash: createHmac('sha256', secret).update(digits).digest('base64url'), lastFour: digits.slice(-4) };
}

/** A number needs at least four digits to be one. */
export function isPlausibleNumber(number: string): boolean {
  return digitsOf(number).length >= 4;
}
