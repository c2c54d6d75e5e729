import type { DecisionEvent } from '../engine/evaluate';

/**
 * A claim case's life (Art. 15-16): opened when the claim point is reached, advised for
 * withdrawal when the obligor repaid in full before approval, suspended when repayment resumed
 * before approval and the claim condition no longer holds, opened again if the loan goes past
 * its claim point once more; approved and paid follow the insured's claim records.
 */
export type ClaimCaseStatus = 'open' | 'advise-withdrawal' | 'suspended' | 'approved' | 'paid';

export type ClaimTransition = {
  to: ClaimCaseStatus;
  action: 'opened' | 'reopened' | 'advised-withdrawal' | 'suspended' | 'approved' | 'paid';
  reason: string | null;
};

/** The claimStatus fact the rules read, from the case and the insured's claim records. */
export function claimStatusFact(caseStatus: ClaimCaseStatus | null, approved: boolean, paid: boolean): 'none' | 'requested' | 'approved' | 'paid' {
  if (paid) return 'paid';
  if (approved) return 'approved';
  if (caseStatus === 'open' || caseStatus === 'advise-withdrawal') return 'requested';
  return 'none';
}

/** What the rules' events (and the claim records) do to a case; undefined when it stays as it is. */
export function claimTransition(
  caseStatus: ClaimCaseStatus | null,
  events: readonly DecisionEvent[],
  records: { approved: boolean; paid: boolean },
): ClaimTransition | undefined {
  if (caseStatus !== null && caseStatus !== 'paid') {
    if (records.paid) return { to: 'paid', action: 'paid', reason: null };
    if (records.approved && caseStatus !== 'approved') return { to: 'approved', action: 'approved', reason: null };
  }
  const actions = new Map(
    events
      .filter((event) => event.type === 'claim')
      .map((event) => [String(event.params?.action), event.params?.reason === undefined ? null : String(event.params.reason)]),
  );
  if (actions.has('open-claim')) {
    if (caseStatus === null) return { to: 'open', action: 'opened', reason: actions.get('open-claim')! };
    if (caseStatus === 'suspended') return { to: 'open', action: 'reopened', reason: actions.get('open-claim')! };
  }
  if (actions.has('suspend-claim') && (caseStatus === 'open' || caseStatus === 'advise-withdrawal'))
    return { to: 'suspended', action: 'suspended', reason: null };
  if (actions.has('advise-withdrawal') && caseStatus === 'open') return { to: 'advise-withdrawal', action: 'advised-withdrawal', reason: null };
  return undefined;
}
