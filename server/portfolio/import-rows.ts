import {
  IMPORT_KIND_VALUES,
  type Claim,
  type Financials,
  type ImportKind,
  type Loan,
  type Policy,
  type Premium,
  type Rating,
  type Recovery,
  type Repayment,
} from '../generated/schema-types';
import type { ErrorDetail } from '../http/errors';
import { centsFromYuan } from '../ground/money';
import { policyDocument } from './import-policy-row';
import { FINANCIAL_FIELDS, type FinancialsDocument, type LoanDocument, type RepaymentDocument } from './portfolio.model';

export type { ImportKind };
export const IMPORT_KINDS: readonly ImportKind[] = IMPORT_KIND_VALUES;
/** The order a batch's rows are written and applied in: rows that refer to a loan come after the loans of the same batch. */
export const WRITE_ORDER: readonly ImportKind[] = ['loans', ...IMPORT_KINDS.filter((kind) => kind !== 'loans')];
/** Each kind's row schema under schemas/. */
export const ROW_SCHEMAS: Record<ImportKind, string> = {
  loans: 'portfolio/loan',
  repayments: 'portfolio/repayment',
  claims: 'portfolio/claim',
  recoveries: 'portfolio/recovery',
  premiums: 'portfolio/premium',
  ratings: 'portfolio/rating',
  financials: 'portfolio/financials',
  policies: 'portfolio/policy',
};

export interface NormalizedRow {
  kind: ImportKind;
  /** The business id as reported back (ratings and financials have composite ones). */
  id: string;
  /**
   * The upsert matches on _id, which is the business id: every engine looks _id up by its primary
   * key (FerretDB on SQLite does not use secondary indexes for an upsert's filter, so matching on
   * another field made each write scan the collection).
   */
  filter: { _id: string };
  document: Record<string, unknown>;
  /** A loan the row refers to, which must exist by the time the row is written. */
  loanId?: string;
}

export type Normalized = { row: NormalizedRow; errors?: undefined } | { row?: undefined; errors: ErrorDetail[] };

/** The id of a row as far as it can be read, for the rejection report (even of an invalid row). */
export function rowId(kind: ImportKind, record: unknown): string | null {
  if (typeof record !== 'object' || record === null) return null;
  const value = record as Record<string, unknown>;
  const text = (key: string) => (typeof value[key] === 'string' ? (value[key] as string) : undefined);
  const id =
    kind === 'ratings'
      ? text('obligorId') && text('ratedAt')
        ? `${text('obligorId')}@${text('ratedAt')}`
        : undefined
      : kind === 'financials'
        ? text('month')
          ? `${text('month')}@${text('orgUnit') ?? ''}`
          : undefined
        : text(`${kind === 'recoveries' ? 'recovery' : kind === 'policies' ? 'policy' : kind.slice(0, -1)}Id`);
  return id ?? null;
}

/**
 * Turns a schema-valid row into its stored form, checking what a schema cannot: at most two
 * decimals, schedules that add up, dates in order. Either the whole row is good or nothing of it is written.
 */
export function normalizeRow(kind: ImportKind, record: unknown): Normalized {
  const errors: ErrorDetail[] = [];
  const cents = (yuan: number, path: string, positive = false): number => {
    const value = centsFromYuan(yuan);
    if (value === undefined) errors.push({ path, message: 'must have at most two decimals' });
    else if (positive && value <= 0) errors.push({ path, message: 'must be greater than 0' });
    return value ?? 0;
  };
  const result = (row: NormalizedRow): Normalized => (errors.length > 0 ? { errors } : { row });

  switch (kind) {
    case 'loans': {
      const loan = record as Loan;
      const installments = [...loan.installments]
        .sort((a, b) => a.seq - b.seq)
        .map((installment) => {
          const position = loan.installments.indexOf(installment);
          return {
            seq: installment.seq,
            dueDate: installment.dueDate,
            principalCents: cents(installment.principal, `/installments/${position}/principal`),
            interestCents: cents(installment.interest, `/installments/${position}/interest`),
          };
        });
      const principalCents = cents(loan.principal, '/principal', true);
      installments.forEach((installment, position) => {
        const previous = installments[position - 1];
        if (previous?.seq === installment.seq) errors.push({ path: '/installments', message: `installment seq ${installment.seq} appears twice` });
        else if (previous && previous.dueDate > installment.dueDate)
          errors.push({ path: '/installments', message: `installment ${installment.seq} falls due before installment ${previous.seq}` });
      });
      if (installments[0] && installments[0].dueDate < loan.disbursedAt)
        errors.push({ path: '/installments', message: 'the first installment falls due before the disbursement date' });
      const scheduled = installments.reduce((sum, installment) => sum + installment.principalCents, 0);
      if (errors.length === 0 && scheduled !== principalCents) {
        errors.push({ path: '/installments', message: `installment principals add up to ${scheduled / 100}, not the loan principal ${principalCents / 100}` });
      }
      const document: LoanDocument = {
        loanId: loan.loanId,
        obligorId: loan.obligorId,
        policyId: loan.policyId,
        orgUnit: loan.orgUnit,
        product: loan.product,
        channel: loan.channel,
        customerTier: loan.customerTier,
        principalCents,
        disbursedAt: loan.disbursedAt,
        retentionShare: loan.retentionShare ?? 1,
        installments,
        ...(loan.claimPointDays !== undefined ? { claimPointDays: loan.claimPointDays } : {}),
        ...(loan.claimConditionMetAt !== undefined ? { claimConditionMetAt: loan.claimConditionMetAt } : {}),
        ...(loan.funderId !== undefined ? { funderId: loan.funderId } : {}),
      };
      return result({ kind, id: loan.loanId, filter: { _id: loan.loanId }, document: document as unknown as Record<string, unknown> });
    }
    case 'repayments': {
      const repayment = record as Repayment;
      const amountCents = cents(repayment.amount, '/amount', true);
      const document: RepaymentDocument = {
        repaymentId: repayment.repaymentId,
        loanId: repayment.loanId,
        paidAt: repayment.paidAt,
        amountCents,
        ...(repayment.payeeAccountType ? { payeeAccountType: repayment.payeeAccountType } : {}),
        ...(repayment.paymentMethod ? { paymentMethod: repayment.paymentMethod } : {}),
        ...(repayment.allocationOrder ? { allocationOrder: repayment.allocationOrder } : {}),
      };
      if (repayment.allocation) {
        if (repayment.allocationOrder) errors.push({ path: '/allocationOrder', message: 'give either allocation or allocationOrder, not both' });
        const seen = new Map<number, number>();
        const allocation = repayment.allocation.map((part, position) => {
          const earlier = seen.get(part.seq);
          if (earlier !== undefined)
            errors.push({ path: `/allocation/${position}/seq`, message: `installment ${part.seq} appears twice (first at /allocation/${earlier})` });
          seen.set(part.seq, position);
          return {
            seq: part.seq,
            principalCents: cents(part.principal, `/allocation/${position}/principal`),
            interestCents: cents(part.interest, `/allocation/${position}/interest`),
          };
        });
        const allocated = allocation.reduce((sum, part) => sum + part.principalCents + part.interestCents, 0);
        if (errors.length === 0 && allocated !== amountCents) {
          errors.push({ path: '/allocation', message: `the parts add up to ${allocated / 100}, not the amount ${amountCents / 100}` });
        }
        document.allocation = allocation.sort((a, b) => a.seq - b.seq);
      }
      return result({
        kind,
        id: repayment.repaymentId,
        filter: { _id: repayment.repaymentId },
        document: document as unknown as Record<string, unknown>,
        loanId: repayment.loanId,
      });
    }
    case 'claims': {
      const claim = record as Claim;
      // Each status has its dates: a paid claim its payment day, an approved one its approval day, and no claim a date it cannot have yet.
      const status = claim.status ?? 'paid';
      if (status === 'paid' && !claim.paidAt) errors.push({ path: '/paidAt', message: 'a paid claim needs its payment date' });
      if (status === 'approved' && !claim.approvedAt) errors.push({ path: '/approvedAt', message: 'an approved claim needs its approval date' });
      if (claim.paidAt && status !== 'paid') errors.push({ path: '/paidAt', message: `only a paid claim has a payment date; this one is ${status}` });
      if (claim.approvedAt && (status === 'requested' || status === 'rejected'))
        errors.push({ path: '/approvedAt', message: `a ${status} claim has no approval date` });
      if (claim.approvedAt && claim.paidAt && claim.approvedAt > claim.paidAt) errors.push({ path: '/approvedAt', message: 'must not be after paidAt' });
      const document = {
        claimId: claim.claimId,
        loanId: claim.loanId,
        status,
        amountCents: cents(claim.amount, '/amount', true),
        ...(claim.paidAt ? { paidAt: claim.paidAt } : {}),
        ...(claim.approvedAt ? { approvedAt: claim.approvedAt } : {}),
      };
      return result({ kind, id: claim.claimId, filter: { _id: claim.claimId }, document, loanId: claim.loanId });
    }
    case 'recoveries': {
      const recovery = record as Recovery;
      const document = {
        recoveryId: recovery.recoveryId,
        loanId: recovery.loanId,
        receivedAt: recovery.receivedAt,
        amountCents: cents(recovery.amount, '/amount', true),
      };
      return result({ kind, id: recovery.recoveryId, filter: { _id: recovery.recoveryId }, document, loanId: recovery.loanId });
    }
    case 'premiums': {
      const premium = record as Premium;
      const document = {
        premiumId: premium.premiumId,
        policyId: premium.policyId,
        orgUnit: premium.orgUnit,
        dueDate: premium.dueDate,
        amountCents: cents(premium.amount, '/amount'),
        receivedAmountCents: cents(premium.receivedAmount ?? 0, '/receivedAmount'),
        ...(premium.loanId ? { loanId: premium.loanId } : {}),
        ...(premium.receivedAt ? { receivedAt: premium.receivedAt } : {}),
      };
      return result({ kind, id: premium.premiumId, filter: { _id: premium.premiumId }, document, ...(premium.loanId ? { loanId: premium.loanId } : {}) });
    }
    case 'ratings': {
      const rating = record as Rating;
      const document = { obligorId: rating.obligorId, ratedAt: rating.ratedAt, score: rating.score, grade: rating.grade, baseline: rating.baseline ?? false };
      return result({ kind, id: `${rating.obligorId}@${rating.ratedAt}`, filter: { _id: `${rating.obligorId}@${rating.ratedAt}` }, document });
    }
    case 'financials': {
      const financials = record as Financials;
      const orgUnit = financials.orgUnit ?? '';
      const document = { month: financials.month, orgUnit } as FinancialsDocument;
      for (const field of FINANCIAL_FIELDS) document[`${field}Cents`] = cents(financials[field], `/${field}`);
      return result({ kind, id: `${financials.month}@${orgUnit}`, filter: { _id: `${financials.month}@${orgUnit}` }, document });
    }
    case 'policies': {
      const policy = record as Policy;
      const document = policyDocument(policy, (yuan, path) => cents(yuan, path), errors);
      return result({ kind, id: policy.policyId, filter: { _id: policy.policyId }, document: document as unknown as Record<string, unknown> });
    }
  }
}
