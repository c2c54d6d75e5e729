/**
 * The worked claim book of docs/claims.md, as import rows: a 12,000 loan in 12 instalments of 1,000.00 + 87.53 from
 * February 2025, claim point 80 days, its first three instalments paid on their due dates. One copy for the claim tests.
 */
export const CLAIM_SCHEDULE = Array.from({ length: 12 }, (_, index) => ({
  seq: index + 1,
  dueDate: `${2025 + Math.floor((index + 1) / 12)}-${String(((index + 1) % 12) + 1).padStart(2, '0')}-01`,
  principal: 1000,
  interest: 87.53,
}));

export const claimLoan = (loanId: string, orgUnit = 'HQ') => ({
  loanId,
  obligorId: `OB-${loanId}`,
  policyId: `P-${loanId}`,
  orgUnit,
  product: 'consumer',
  channel: 'bank-branch',
  customerTier: 'prime',
  principal: 12000,
  disbursedAt: '2025-01-01',
  claimPointDays: 80,
  installments: CLAIM_SCHEDULE,
});

/** The first three instalments, paid on their due dates. */
export const claimRepayments = (loanId: string) =>
  ['2025-02-01', '2025-03-01', '2025-04-01'].map((paidAt, index) => ({ repaymentId: `${loanId}-R${index + 1}`, loanId, paidAt, amount: 1087.53 }));
