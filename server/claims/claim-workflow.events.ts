import type { PlatformEvent, PlatformEventType } from '../events/platform-events';
import type { ClaimCaseRecord } from './claim-case.model';
import type { ClaimAction, ClaimCaseStatus } from './claim-workflow';

/** The workflow's published steps and the amount each carries (schemas/webhooks/webhook-claim-workflow-data.json). */
const PUBLISHED: Partial<Record<ClaimAction, { type: PlatformEventType; amountCents: (record: ClaimCaseRecord) => number | null | undefined }>> = {
  report: { type: 'claim.reported', amountCents: (record) => record.report?.figures.claimedAmountCents },
  register: { type: 'claim.registered', amountCents: (record) => record.estimatedLossCents },
  reject: { type: 'claim.rejected', amountCents: () => null },
  adjust: { type: 'claim.adjusted', amountCents: (record) => record.adjustment?.indemnityCents },
  approve: { type: 'claim.approved', amountCents: (record) => record.approval?.indemnityCents },
  pay: { type: 'claim.paid', amountCents: (record) => record.payment?.amountCents },
  subrogate: { type: 'claim.subrogated', amountCents: (record) => record.subrogation?.amountCents },
  archive: { type: 'claim.archived', amountCents: () => null },
  withdraw: { type: 'claim.withdrawn', amountCents: () => null },
};

/**
 * The platform event of a workflow step, or undefined for steps that change nothing outside (a
 * reconciliation, a document, an amended report, early-payment steps). Ids and amounts only, no
 * personal data (Art. 31); the id names the revision, so a retried publication delivers once.
 */
export function workflowEvent(record: ClaimCaseRecord, action: ClaimAction, from: ClaimCaseStatus | null, on: string): PlatformEvent | undefined {
  const published = PUBLISHED[action];
  if (!published || from === null || (action === 'report' && from === 'reported')) return undefined;
  const amountCents = published.amountCents(record);
  return {
    id: `${published.type}:${record._id}:${record.revision}`,
    type: published.type,
    orgUnit: record.orgUnit,
    occurredAt: record.updatedAt,
    data: {
      caseId: record._id,
      loanId: record.loanId,
      policyId: record.policyId,
      obligorId: record.obligorId,
      status: record.status,
      previousStatus: from,
      on,
      amount: amountCents === null || amountCents === undefined ? null : amountCents / 100,
      revision: record.revision,
    },
  };
}
