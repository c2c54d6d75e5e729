/**
 * A book big enough for full list pages: 61 obligors of one loan each (twelve monthly installments
 * due on the 1st from 2025-02-01), stopping at different months so that on 2025-08-20 a third are
 * yellow (dpd 19), a third orange (dpd 50) and a third red (dpd 80, past a 60-day claim point),
 * plus one obligor whose amounts have cents (principal 58,301.91) for the charts' axis labels.
 */
export const LIST_DAY = '2025-08-20';
export const BIG_OBLIGOR = 'OB-BIG';
export const BIG_PRINCIPAL = 58301.91;

interface Spec {
  obligorId: string;
  principal: number;
  paid: number;
  claimPointDays?: number;
}

const GROUPS: [prefix: string, paid: number, claimPointDays?: number][] = [
  ['OB-Y', 6],
  ['OB-O', 5],
  ['OB-R', 4, 60],
];

export const LIST_OBLIGORS: Spec[] = [
  ...GROUPS.flatMap(([prefix, paid, claimPointDays]) =>
    Array.from({ length: 20 }, (_, index) => ({
      obligorId: `${prefix}${String(index + 1).padStart(2, '0')}`,
      principal: 12000,
      paid,
      ...(claimPointDays ? { claimPointDays } : {}),
    })),
  ),
  { obligorId: BIG_OBLIGOR, principal: BIG_PRINCIPAL, paid: 6 },
];

const dueDate = (index: number) => `${2025 + Math.floor((index + 1) / 12)}-${String(((index + 1) % 12) + 1).padStart(2, '0')}-01`;

/** Principal split into twelve installments in cents; the last takes the remainder. */
function installments(principal: number) {
  const cents = Math.round(principal * 100);
  const each = Math.floor(cents / 12);
  return Array.from({ length: 12 }, (_, index) => ({
    seq: index + 1,
    dueDate: dueDate(index),
    principal: (index === 11 ? cents - each * 11 : each) / 100,
    interest: 100,
  }));
}

export function listPortfolio() {
  const loans = LIST_OBLIGORS.map((spec) => ({
    loanId: `L-${spec.obligorId}`,
    obligorId: spec.obligorId,
    policyId: `P-${spec.obligorId}`,
    orgUnit: 'BR-SH',
    product: 'consumer',
    channel: 'bank-branch',
    customerTier: 'prime',
    principal: spec.principal,
    disbursedAt: '2025-01-01',
    ...(spec.claimPointDays ? { claimPointDays: spec.claimPointDays } : {}),
    installments: installments(spec.principal),
  }));
  const repayments = loans.flatMap((loan, loanIndex) =>
    loan.installments.slice(0, LIST_OBLIGORS[loanIndex]!.paid).map((installment) => ({
      repaymentId: `${loan.loanId}-R${installment.seq}`,
      loanId: loan.loanId,
      paidAt: installment.dueDate,
      amount: Math.round((installment.principal + installment.interest) * 100) / 100,
    })),
  );
  const ratings = LIST_OBLIGORS.map((spec) => ({ obligorId: spec.obligorId, ratedAt: '2025-01-01', score: 700, grade: 'B', baseline: true }));
  return { loans, repayments, ratings };
}
