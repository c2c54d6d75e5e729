import { ConflictError, ForbiddenError, NotFoundError } from '../http/errors';
import type { InspectionRecord, RemediationRecord } from './control.model';

/** Open past its due date: the day after the due date, as of `today` (YYYY-MM-DD). Pure. */
export function isOverdue(remediation: Pick<RemediationRecord, 'status' | 'dueOn'>, today: string): boolean {
  return remediation.status === 'open' && remediation.dueOn < today;
}

/** The remediations of an inspection the deadline run flags on `asOf`. Pure. */
export function overdueRemediations(inspection: Pick<InspectionRecord, 'remediations'>, asOf: string): RemediationRecord[] {
  return inspection.remediations.filter((remediation) => isOverdue(remediation, asOf));
}

export function remediationOf(inspection: InspectionRecord, remediationId: string): RemediationRecord {
  const remediation = inspection.remediations.find((item) => item.remediationId === remediationId);
  if (!remediation) throw new NotFoundError(`No remediation "${remediationId}" in inspection "${inspection._id}"`);
  return remediation;
}

/** Remediated with evidence: only an open remediation. */
export function remediate(remediation: RemediationRecord, evidence: RemediationRecord['evidence'], actor: string, now: Date): RemediationRecord {
  if (remediation.status !== 'open') throw new ConflictError('invalid_state', `The remediation is ${remediation.status}, not open`);
  return { ...remediation, status: 'remediated', evidence, remediatedBy: actor, remediatedAt: now };
}

/**
 * The review of a remediated item: closed, or reopened for more work. The reviewer is never the one who remediated
 * it (403 maker_checker): closing one's own remediation is what the four-eyes rule exists to prevent.
 */
export function review(remediation: RemediationRecord, outcome: 'close' | 'reopen', note: string | null, actor: string, now: Date): RemediationRecord {
  if (remediation.status !== 'remediated')
    throw new ConflictError('invalid_state', `The remediation is ${remediation.status}: only a remediated one is reviewed`);
  if (remediation.remediatedBy === actor) throw new ForbiddenError('You remediated this item: another reviewer closes it', 'maker_checker');
  const reviewed = { reviewedBy: actor, reviewedAt: now, reviewNote: note };
  return outcome === 'close'
    ? { ...remediation, ...reviewed, status: 'closed' }
    : { ...remediation, ...reviewed, status: 'open', evidence: null, remediatedBy: null, remediatedAt: null };
}

/** The inspection's remediations with one replaced, and the counts the deadline run reads. */
export function withRemediation(
  inspection: InspectionRecord,
  next: RemediationRecord,
): Pick<InspectionRecord, 'remediations' | 'openRemediations' | 'hasOpenRemediations'> {
  const remediations = inspection.remediations.map((item) => (item.remediationId === next.remediationId ? next : item));
  return remediationCounts(remediations);
}

export function remediationCounts(remediations: RemediationRecord[]): Pick<InspectionRecord, 'remediations' | 'openRemediations' | 'hasOpenRemediations'> {
  const openRemediations = remediations.filter((item) => item.status !== 'closed').length;
  return { remediations, openRemediations, hasOpenRemediations: openRemediations > 0 };
}
