import type { DecisionEvent } from '../engine/evaluate';
import { IN_WORKFLOW, type ClaimCaseStatus } from './claim-workflow';

export type { ClaimCaseStatus };

/**
 * A claim case's life as the claim-trigger job moves it (Art. 15-16): opened when the claim point
 * is reached, advised for withdrawal when the obligor repaid in full before approval, suspended
 * when repayment resumed before approval and the claim condition no longer holds, opened again if
 * the loan goes past its claim point once more; approved and paid follow the insured's claim
 * records. A case a user moved into the workflow (claim-workflow.ts) is never moved backwards: the
 * job may suspend or advise it before approval and it resumes where it was (`resumeTo`).
 */
export type ClaimTransition = {
  to: ClaimCaseStatus;
  action: 'opened' | 'reopened' | 'advised-withdrawal' | 'suspended' | 'approved' | 'paid';
  reason: string | null;
  /** Set on a suspension or an advice (where the case returns), cleared (null) when it resumes. */
  resumeTo?: ClaimCaseStatus | null;
};

/** The claimStatus fact the rules read, from the case and the insured's claim records. */
export function claimStatusFact(caseStatus: ClaimCaseStatus | null, approved: boolean, paid: boolean): 'none' | 'requested' | 'approved' | 'paid' {
  if (paid || caseStatus === 'paid' || caseStatus === 'subrogated' || caseStatus === 'archived') return 'paid';
  if (approved || caseStatus === 'approved') return 'approved';
  if (caseStatus === 'open' || caseStatus === 'advise-withdrawal' || (caseStatus !== null && IN_WORKFLOW.includes(caseStatus))) return 'requested';
  return 'none';
}

/** Where the insured's claim records may move a case: only cases the workflow does not drive (it writes those records itself). */
const RECORD_DRIVEN: readonly ClaimCaseStatus[] = ['open', 'advise-withdrawal', 'suspended', 'approved'];

/** What the rules' events (and the claim records) do to a case; undefined when it stays as it is. */
export function claimTransition(
  caseStatus: ClaimCaseStatus | null,
  events: readonly DecisionEvent[],
  records: { approved: boolean; paid: boolean },
  resumeTo: ClaimCaseStatus | null = null,
): ClaimTransition | undefined {
  if (caseStatus !== null && RECORD_DRIVEN.includes(caseStatus)) {
    if (records.paid) return { to: 'paid', action: 'paid', reason: null };
    if (records.approved && caseStatus !== 'approved') return { to: 'approved', action: 'approved', reason: null };
  }
  const actions = new Map(
    events
      .filter((event) => event.type === 'claim')
      .map((event) => [String(event.params?.action), event.params?.reason === undefined ? null : String(event.params.reason)]),
  );
  const inWorkflow = caseStatus !== null && IN_WORKFLOW.includes(caseStatus);
  if (actions.has('open-claim')) {
    if (caseStatus === null) return { to: 'open', action: 'opened', reason: actions.get('open-claim')! };
    if (caseStatus === 'suspended') return { to: resumeTo ?? 'open', action: 'reopened', reason: actions.get('open-claim')!, resumeTo: null };
  }
  // Where the case returns: the workflow status it was in (kept through an advice followed by a suspension).
  const returnTo = inWorkflow ? caseStatus : resumeTo;
  if (actions.has('suspend-claim') && (caseStatus === 'open' || caseStatus === 'advise-withdrawal' || inWorkflow))
    return { to: 'suspended', action: 'suspended', reason: null, resumeTo: returnTo };
  if (actions.has('advise-withdrawal') && (caseStatus === 'open' || inWorkflow))
    return { to: 'advise-withdrawal', action: 'advised-withdrawal', reason: null, resumeTo: returnTo };
  return undefined;
}
