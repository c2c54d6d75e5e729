import { randomBytes } from 'node:crypto';
import { maskPersonalFields } from '../privacy/masking';

/** Fields that must never reach the audit log, whatever object is being recorded. */
const SECRET_FIELDS = new Set(['password', 'passwordHash', 'secret', 'secretHash', 'token', 'tokenHash']);

/**
 * A copy fit for the audit log: credentials dropped and (for policy content, which can hold
 * facts) obligor personal fields masked (Art. 31), at any depth. Dates become ISO text so before
 * and after compare as plain JSON.
 */
export function auditSafe(value: unknown, maskPersonal = true): unknown {
  const stripped = stripSecrets(value);
  return maskPersonal ? maskPersonalFields(stripped) : stripped;
}

function stripSecrets(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(stripSecrets);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => !SECRET_FIELDS.has(key))
        .map(([key, item]) => [key, stripSecrets(item)]),
    );
  }
  return value;
}

let sequence = 0;

/**
 * Entry ids sort by time: milliseconds in fixed-width base 36, then a per-process counter (so one
 * process's entries within a millisecond keep their order), then randomness against collisions
 * between processes.
 */
export function newEntryId(at: Date): string {
  sequence = (sequence + 1) % 1_679_616; // 36^4
  return `${at.getTime().toString(36).padStart(10, '0')}${sequence.toString(36).padStart(4, '0')}${randomBytes(4).toString('hex')}`;
}
