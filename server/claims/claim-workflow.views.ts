import type { ClaimWorkflowDetail } from '../generated/schema-types';
import { toChangeEntryView, toClaimCaseView } from '../monitoring/queue.views';
import type { HistoryEntry } from '../store/revisioned-records';
import type { ClaimCaseRecord } from './claim-case.model';
import { ARCHIVE_CHECKLIST, WORKFLOW } from './claim-workflow';
import { API_NAME_OF } from './claim-steps';

type Workflow = ClaimWorkflowDetail['workflow'];
const yuan = (cents: number) => cents / 100;
const maybe = (cents: number | null | undefined) => (cents === null || cents === undefined ? null : cents / 100);

/** A case as the workbench reads it: yuan at the edge, every part present (null until its step). */
export function toWorkflowDetail(record: ClaimCaseRecord, history: readonly HistoryEntry[]): ClaimWorkflowDetail {
  const figures = record.report?.figures;
  const kinds = new Set((record.documents ?? []).map((document) => document.kind));
  const workflow: Workflow = {
    claimDate: record.claimDate ?? null,
    report: record.report
      ? {
          channel: record.report.channel,
          receivedOn: record.report.receivedOn,
          by: record.report.by,
          unpaidPrincipal: maybe(figures!.unpaidPrincipalCents),
          interest: maybe(figures!.interestCents),
          penaltyInterest: maybe(figures!.penaltyInterestCents),
          repaidBeforeClaim: maybe(figures!.repaidBeforeClaimCents),
          claimedAmount: maybe(figures!.claimedAmountCents),
        }
      : null,
    platformFigures: record.platformFigures
      ? {
          unpaidPrincipal: yuan(record.platformFigures.unpaidPrincipalCents),
          interest: yuan(record.platformFigures.interestCents),
          repaidBeforeClaim: yuan(record.platformFigures.repaidBeforeClaimCents),
        }
      : null,
    differences: (record.differences ?? []).map((difference) => ({
      field: API_NAME_OF[difference.field] as Workflow['differences'][number]['field'],
      insured: yuan(difference.insuredCents),
      platform: yuan(difference.platformCents),
      reconciled: difference.reconciled
        ? { accepted: yuan(difference.reconciled.acceptedCents), note: difference.reconciled.note, by: difference.reconciled.by, on: difference.reconciled.on }
        : null,
    })),
    estimatedLoss: maybe(record.estimatedLossCents),
    complexity: record.complexity ?? null,
    rejection: record.rejection ?? null,
    adjustment: record.adjustment
      ? {
          lines: record.adjustment.lines.map((line) => ({ item: line.item, base: yuan(line.baseCents), amount: yuan(line.amountCents), note: line.note })),
          indemnity: yuan(record.adjustment.indemnityCents),
          by: record.adjustment.by,
          on: record.adjustment.on,
        }
      : null,
    approval: record.approval ? { by: record.approval.by, on: record.approval.on, indemnity: yuan(record.approval.indemnityCents) } : null,
    payment: record.payment
      ? { paidOn: record.payment.paidOn, amount: yuan(record.payment.amountCents), reference: record.payment.reference, by: record.payment.by }
      : null,
    subrogation: record.subrogation
      ? {
          basis: record.subrogation.basis,
          extent: record.subrogation.extent,
          confirmationRef: record.subrogation.confirmationRef,
          amount: maybe(record.subrogation.amountCents),
          by: record.subrogation.by,
          on: record.subrogation.on,
        }
      : null,
    earlyPayment: record.earlyPayment ?? null,
    withdrawal: record.withdrawal ?? null,
    documents: (record.documents ?? []).map((document) => ({ ...document })),
    checklist: ARCHIVE_CHECKLIST.map((kind) => ({ kind, present: kinds.has(kind) })),
    dates: {
      reportedOn: record.reportedOn ?? null,
      reportCompleteOn: record.reportCompleteOn ?? null,
      complexity: record.complexity ?? null,
      registeredOn: record.registeredOn ?? null,
      agreedOn: record.agreedOn ?? null,
      paidOn: record.paidOn ?? null,
      decisionLimitDays: record.decisionLimitDays ?? null,
      paymentLimitDays: record.paymentLimitDays ?? null,
    },
    resumeTo: record.resumeTo ?? null,
    nextActions: WORKFLOW.filter((step) => step.from.includes(record.status)).map((step) => step.action),
  };
  return { claim: toClaimCaseView(record), history: history.map(toChangeEntryView), workflow };
}
