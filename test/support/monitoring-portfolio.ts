/**
 * A small portfolio whose obligors move through the monitoring loop on known days: loans of
 * twelve monthly installments of 1,000 principal + 100 interest, due on the 1st from
 * 2025-02-01, and repayments of whole installments on chosen days.
 */
const INSTALLMENT = 1100;

interface LoanSpec {
  loanId: string;
  obligorId: string;
  orgUnit: string;
  channel: string;
  customerTier: string;
  claimPointDays?: number;
  /** Days each paying a number of installments (oldest first). */
  payments: [string, number][];
}

function loan(spec: LoanSpec) {
  return {
    loanId: spec.loanId,
    obligorId: spec.obligorId,
    policyId: `P-${spec.loanId}`,
    orgUnit: spec.orgUnit,
    product: 'consumer',
    channel: spec.channel,
    customerTier: spec.customerTier,
    principal: 12000,
    disbursedAt: '2025-01-01',
    ...(spec.claimPointDays ? { claimPointDays: spec.claimPointDays } : {}),
    installments: Array.from({ length: 12 }, (_, index) => ({
      seq: index + 1,
      dueDate: `${2025 + Math.floor((index + 1) / 12)}-${String(((index + 1) % 12) + 1).padStart(2, '0')}-01`,
      principal: 1000,
      interest: 100,
    })),
  };
}

/** Pays installments 1..n on their due dates. */
function onTime(count: number): [string, number][] {
  return Array.from({ length: count }, (_, index) => [`2025-${String(index + 2).padStart(2, '0')}-01`, 1] as [string, number]);
}

export const LOANS: LoanSpec[] = [
  // A: stops after July; overdue grows yellow -> orange -> red, then partly repaid (orange), then current (closed).
  {
    loanId: 'L-A',
    obligorId: 'OB-A',
    orgUnit: 'BR-SH',
    channel: 'bank-branch',
    customerTier: 'near-prime',
    payments: [...onTime(6), ['2025-10-08', 1], ['2025-10-20', 2]],
  },
  // B: subprime, stops after July: orange on 08-20, deadline passes without improvement -> the rules order a further cut.
  { loanId: 'L-B', obligorId: 'OB-B', orgUnit: 'BR-SH', channel: 'bank-branch', customerTier: 'subprime', payments: onTime(6) },
  // C: internet business booked by BR-BJ (HQ's), stops after March, past its 90-day claim point in August, then resumes repaying.
  {
    loanId: 'L-C',
    obligorId: 'OB-C',
    orgUnit: 'BR-BJ',
    channel: 'online-platform-a',
    customerTier: 'near-prime',
    claimPointDays: 90,
    payments: [...onTime(3), ['2025-08-15', 2]],
  },
  // D: pays on time, but the score and grade drop in August (Art. 9(4)).
  { loanId: 'L-D', obligorId: 'OB-D', orgUnit: 'BR-BJ', channel: 'bank-branch', customerTier: 'prime', payments: onTime(11) },
  // F: stops after March, past its 80-day claim point in August, then repays everything due before approval.
  {
    loanId: 'L-F',
    obligorId: 'OB-F',
    orgUnit: 'BR-BJ',
    channel: 'bank-branch',
    customerTier: 'prime',
    claimPointDays: 80,
    payments: [...onTime(3), ['2025-08-18', 5]],
  },
  // E: pays on time; never warned.
  { loanId: 'L-E', obligorId: 'OB-E', orgUnit: 'BR-SH', channel: 'broker', customerTier: 'prime', payments: onTime(11) },
];

export function monitoringPortfolio() {
  return {
    loans: LOANS.map(loan),
    repayments: LOANS.flatMap((spec) =>
      spec.payments.map(([paidAt, installments], index) => ({
        repaymentId: `${spec.loanId}-R${index + 1}`,
        loanId: spec.loanId,
        paidAt,
        amount: installments * INSTALLMENT,
      })),
    ),
    ratings: [
      ...LOANS.map((spec) => ({ obligorId: spec.obligorId, ratedAt: '2025-01-01', score: 700, grade: 'B', baseline: true })),
      { obligorId: 'OB-D', ratedAt: '2025-08-15', score: 620, grade: 'D' },
    ],
  };
}
