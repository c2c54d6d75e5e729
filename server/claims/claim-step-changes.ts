import type {
  ClaimDocumentsRequest,
  ClaimPayRequest,
  ClaimReconcileRequest,
  ClaimRegisterRequest,
  ClaimRejectRequest,
  ClaimReportRequest,
  ClaimStepRequest,
  ClaimSubrogateRequest,
} from '../generated/schema-types';
import { UnprocessableError, ValidationError } from '../http/errors';
import type { PolicyDocument } from '../portfolio/portfolio.model';
import type { PortfolioStore } from '../portfolio/portfolio.store';
import type { ClaimCaseRecord } from './claim-case.model';
import type { ClaimAction } from './claim-workflow';
import { FIGURE_FIELDS, adjustmentOf, cents, insuredFigures, reportComplete, reportDifferences } from './claim-steps';
import { platformFigures } from './platform-figures';

export type StepBody =
  | ClaimStepRequest
  | ClaimReportRequest
  | ClaimReconcileRequest
  | ClaimRegisterRequest
  | ClaimRejectRequest
  | ClaimPayRequest
  | ClaimSubrogateRequest
  | ClaimDocumentsRequest;

export interface StepContext {
  record: ClaimCaseRecord;
  actor: string;
  on: string;
  policy: PolicyDocument | undefined;
  portfolio: PortfolioStore;
}

/** What a step stores on the case, what its history entry says it did, and its note. */
export interface StepChange {
  set: Partial<ClaimCaseRecord>;
  what: Record<string, unknown>;
  note?: string | null;
}

/** The fields a step sets (the status is the table's); throws 400/422 for what the schema cannot say. */
export async function stepChange(action: Exclude<ClaimAction, 'request-early-payment'>, body: StepBody, context: StepContext): Promise<StepChange> {
  const { record, actor, on, policy } = context;
  switch (action) {
    case 'report':
      return report(body as ClaimReportRequest, context);
    case 'reconcile': {
      const request = body as ClaimReconcileRequest;
      const field = FIGURE_FIELDS[request.field] as 'unpaidPrincipalCents' | 'interestCents' | 'repaidBeforeClaimCents';
      if (!record.differences?.some((difference) => difference.field === field))
        throw new ValidationError('There is no difference on this figure to reconcile', [
          { path: '/body/field', message: `no difference on ${request.field}` },
        ]);
      const acceptedCents = cents(request.accepted, '/body/accepted');
      const differences = record.differences.map((difference) =>
        difference.field === field ? { ...difference, reconciled: { acceptedCents, note: request.note, by: actor, on } } : difference,
      );
      const set: Partial<ClaimCaseRecord> = { differences };
      // An adjusted case follows its figures: the adjustment is computed again on the reconciled figure.
      if (record.status === 'adjusted') set.adjustment = adjustmentOf({ ...record, differences }, policy, record.adjustment!.by, on);
      return { set, what: { field: request.field, acceptedCents }, note: request.note };
    }
    case 'register': {
      const request = body as ClaimRegisterRequest;
      const estimatedLossCents = cents(request.estimatedLoss!, '/body/estimatedLoss');
      return { set: { estimatedLossCents, complexity: request.complexity, registeredOn: on }, what: { estimatedLossCents, complexity: request.complexity } };
    }
    case 'reject': {
      const { reasons } = body as ClaimRejectRequest;
      return { set: { rejection: { reasons, by: actor, on }, resumeTo: null }, what: { reasons }, note: reasons.join('; ') };
    }
    case 'adjust': {
      const adjustment = adjustmentOf(record, policy, actor, on);
      return {
        set: { adjustment },
        what: { indemnityCents: adjustment.indemnityCents, lines: Object.fromEntries(adjustment.lines.map((line) => [line.item, line.amountCents])) },
      };
    }
    case 'approve': {
      const approval = { by: actor, on, indemnityCents: record.adjustment!.indemnityCents };
      return { set: { approval, agreedOn: on }, what: { indemnityCents: approval.indemnityCents }, note: (body as ClaimStepRequest).note ?? null };
    }
    case 'pay': {
      const request = body as ClaimPayRequest;
      const amountCents = cents(request.amount, '/body/amount');
      if (amountCents !== record.approval!.indemnityCents)
        throw new UnprocessableError('claim_incomplete', 'The payment is the approved indemnity', [
          { path: '/body/amount', message: `must be ${(record.approval!.indemnityCents / 100).toFixed(2)}, the approved indemnity` },
        ]);
      if (request.paidOn < record.agreedOn!)
        throw new ValidationError('A claim is paid after its approval', [{ path: '/body/paidOn', message: `must not be before ${record.agreedOn}` }]);
      return {
        set: { payment: { paidOn: request.paidOn, amountCents, reference: request.reference, by: actor }, paidOn: request.paidOn },
        what: { amountCents, reference: request.reference },
      };
    }
    case 'subrogate': {
      const request = body as ClaimSubrogateRequest;
      const amountCents = request.amount === undefined ? null : cents(request.amount, '/body/amount');
      const subrogation = { basis: request.basis, extent: request.extent, confirmationRef: request.confirmationRef, amountCents, by: actor, on };
      // The confirmation of the subrogated debt and rights (代偿债务及权益转让确认书) is also the archive's assignment confirmation.
      const documents = [...(record.documents ?? []), { kind: 'assignment-confirmation' as const, reference: request.confirmationRef, by: actor, on }];
      return { set: { subrogation, documents }, what: { basis: request.basis, extent: request.extent, confirmationRef: request.confirmationRef, amountCents } };
    }
    case 'documents': {
      const request = body as ClaimDocumentsRequest;
      const added = request.documents.map((document) => ({ ...document, by: actor, on }));
      return { set: { documents: [...(record.documents ?? []), ...added] }, what: { documents: request.documents } };
    }
    case 'withdraw':
      return {
        set: { withdrawal: { by: actor, on, note: (body as ClaimStepRequest).note ?? null }, resumeTo: null },
        what: {},
        note: (body as ClaimStepRequest).note,
      };
    case 'archive':
      return { set: {}, what: {}, note: (body as ClaimStepRequest).note ?? null };
    case 'approve-early-payment':
      return { set: { earlyPayment: { ...record.earlyPayment!, approvedBy: actor, approvedOn: on } }, what: {}, note: (body as ClaimStepRequest).note ?? null };
  }
}

/** The insured's report: its figures against the platform's (schedule, repayments before the claim date), every difference listed. */
async function report(request: ClaimReportRequest, { record, actor, on, policy, portfolio }: StepContext): Promise<StepChange> {
  const claimDate = request.claimDate ?? record.claimDate ?? record.openedOn;
  const figures = insuredFigures(request, record.report?.figures);
  const [loan] = await collect(portfolio.loans({ _id: record.loanId }));
  const repayments = await collect(portfolio.repayments({ loanId: record.loanId }));
  const platform = platformFigures(loan?.installments ?? [], repayments, claimDate);
  const differences = reportDifferences(figures, platform, record.differences);
  const complete = reportComplete(figures);
  return {
    set: {
      claimDate,
      report: { channel: request.channel, receivedOn: request.receivedOn, figures, by: actor },
      platformFigures: platform,
      differences,
      reportedOn: record.reportedOn ?? request.receivedOn,
      reportCompleteOn: record.reportCompleteOn ?? (complete ? request.receivedOn : null),
      decisionLimitDays: policy?.decisionLimitDays ?? null,
      paymentLimitDays: policy?.paymentLimitDays ?? null,
    },
    what: {
      channel: request.channel,
      receivedOn: request.receivedOn,
      claimDate,
      figures,
      differences: differences.map((difference) => difference.field),
      complete,
      on,
    },
  };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const found: T[] = [];
  for await (const item of items) found.push(item);
  return found;
}
