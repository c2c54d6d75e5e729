import type { DecisionEvent } from '../engine/evaluate';
import type { PlatformEvent, PlatformEventType } from '../events/platform-events';
import type { ClaimCaseStatus, ClaimTransition } from './claim-transitions';

/** The statuses the outside world hears about, and the rule action behind each. */
const PUBLISHED: Partial<Record<ClaimCaseStatus, { type: PlatformEventType; action: string }>> = {
  open: { type: 'claim.opened', action: 'open-claim' },
  suspended: { type: 'claim.suspended', action: 'suspend-claim' },
  // Art. 16(1)3: the insured is told and advised to withdraw; the insured's own system acts on this event.
  'advise-withdrawal': { type: 'claim.withdrawal-advised', action: 'advise-withdrawal' },
};

export interface ClaimEventSubject {
  caseId: string;
  loanId: string;
  policyId: string;
  obligorId: string;
  orgUnit: string;
  openedOn: string;
}

/**
 * The platform event of a case change (schemas/webhooks/webhook-claim-data.json), or undefined
 * for changes that follow the insured's own records (approved, paid). Ids and figures only: the
 * obligor by pseudonymous id, no personal data (Art. 31).
 */
export function claimEvent(
  subject: ClaimEventSubject,
  change: { transition: ClaimTransition; events: readonly DecisionEvent[]; facts: Record<string, unknown>; revision: number },
  asOf: string,
  at: Date,
): PlatformEvent | undefined {
  const published = PUBLISHED[change.transition.to];
  if (!published) return undefined;
  const ruleEvent = change.events.find((event) => event.type === 'claim' && event.params?.action === published.action);
  return {
    id: `${published.type}:${subject.caseId}:${change.revision}`,
    type: published.type,
    orgUnit: subject.orgUnit,
    occurredAt: at,
    data: {
      caseId: subject.caseId,
      loanId: subject.loanId,
      policyId: subject.policyId,
      obligorId: subject.obligorId,
      status: change.transition.to,
      ...(change.transition.to === 'open' ? { reason: change.transition.reason } : {}),
      openedOn: subject.openedOn,
      asOf,
      dpd: change.facts.dpd,
      overdueAmount: change.facts.overdueAmount,
      basis: String(ruleEvent?.params?.basis ?? ''),
      revision: change.revision,
    },
  };
}
