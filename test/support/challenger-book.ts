/**
 * A book for champion/challenger tests: `count` obligors, one loan each of twelve monthly installments
 * (1,000 principal + 100 interest, due on the 1st from 2025-02-01), half in BR-SH and half in BR-BJ,
 * near-prime, on a branch channel. Every fifth obligor (i mod 5 = 4) pays all twelve on their due days;
 * the others pay the first 4 + (i mod 4) and nothing after: on 2025-08-25 they are 85, 55, 24 or 0 days
 * past due, and by 2025-12-05 all of them are past 90 (M3: bad).
 */
export function challengerBook(count: number) {
  const specs = Array.from({ length: count }, (_, index) => ({
    loanId: `L-CC-${index}`,
    obligorId: `OB-CC-${String(index).padStart(4, '0')}`,
    orgUnit: index % 2 === 0 ? 'BR-SH' : 'BR-BJ',
    paid: index % 5 === 4 ? 12 : 4 + (index % 4),
  }));
  return {
    specs,
    loans: specs.map((spec) => ({
      loanId: spec.loanId,
      obligorId: spec.obligorId,
      policyId: `P-${spec.loanId}`,
      orgUnit: spec.orgUnit,
      product: 'consumer',
      channel: 'bank-branch',
      customerTier: 'near-prime',
      principal: 12000,
      disbursedAt: '2025-01-01',
      installments: Array.from({ length: 12 }, (_, index) => ({
        seq: index + 1,
        dueDate: dueDate(index),
        principal: 1000,
        interest: 100,
      })),
    })),
    repayments: specs.flatMap((spec) =>
      Array.from({ length: spec.paid }, (_, index) => ({
        repaymentId: `${spec.loanId}-R${index + 1}`,
        loanId: spec.loanId,
        paidAt: dueDate(index),
        amount: 1100,
      })),
    ),
    ratings: specs.map((spec) => ({ obligorId: spec.obligorId, ratedAt: '2025-01-01', score: 700, grade: 'B', baseline: true })),
  };
}

/** Installment index 0 falls due on 2025-02-01, index 11 on 2026-01-01. */
function dueDate(index: number): string {
  return `${2025 + Math.floor((index + 1) / 12)}-${String(((index + 1) % 12) + 1).padStart(2, '0')}-01`;
}
