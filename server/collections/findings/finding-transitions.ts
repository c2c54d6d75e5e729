import type { FindingEvidence, FindingStatus } from '../../generated/schema-types';
import { ConflictError } from '../../http/errors';
import { maskPersonalFields } from '../../privacy/masking';
import type { FindingRecord } from './finding.model';

export type FindingAction = 'confirm' | 'dismiss' | 'remediate';

/** A finding's change as the fields it sets, the history line it leaves and what the audit log keeps. */
export interface FindingChange {
  set: Record<string, unknown>;
  action: 'confirmed' | 'dismissed' | 'remediated';
  note: string | null;
  status: FindingStatus;
}

/** Where each action may start: a dismissed or remediated finding is closed for good (a new fact is a new finding). */
const FROM: Record<FindingAction, readonly FindingStatus[]> = {
  confirm: ['open'],
  dismiss: ['open', 'confirmed'],
  remediate: ['open', 'confirmed'],
};

/**
 * The change an action makes to a finding in its current state, or 409 invalid_state. Pure. The
 * texts a user gives are stored with personal fields masked (a note is text, so it is the
 * caller's to keep names out; references and fields named as personal are masked here).
 */
export function findingChange(
  finding: Pick<FindingRecord, 'status'>,
  action: FindingAction,
  body: { note?: string; reason?: string; evidence?: FindingEvidence },
  actor: string,
  now: Date,
): FindingChange {
  if (!FROM[action].includes(finding.status))
    throw new ConflictError('invalid_state', `A finding that is ${finding.status} cannot be ${action === 'dismiss' ? 'dismissed' : `${action}ed`}`, [
      { path: '/status', message: `is ${finding.status}; ${action} needs ${FROM[action].join(' or ')}` },
    ]);
  if (action === 'confirm') return { set: { status: 'confirmed' }, action: 'confirmed', note: body.note ?? null, status: 'confirmed' };
  if (action === 'dismiss') return { set: { status: 'dismissed', dismissReason: body.reason! }, action: 'dismissed', note: body.reason!, status: 'dismissed' };
  const evidence = maskPersonalFields(body.evidence!) as FindingEvidence;
  return {
    set: { status: 'remediated', remediation: { note: evidence.note, references: evidence.references ?? [], by: actor, at: now } },
    action: 'remediated',
    note: evidence.note,
    status: 'remediated',
  };
}
