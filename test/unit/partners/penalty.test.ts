import { halfUp, loanFeeCents, penaltyOf, agreementProblems } from '../../../server/partners/penalty';
import { lastQuarterEnd, quarterOf, reviewOutcome } from '../../../server/partners/review-outcome';
import type { PartnerAgreement } from '../../../server/generated/schema-types';

const agreement: PartnerAgreement = {
  number: 'HZ-2026-001',
  signedOn: '2026-01-01',
  startsOn: '2026-01-01',
  endsOn: '2027-12-31',
  feeRateBp: 150, // 1.5 % of principal
  penalties: [
    { violationType: 'induced-loan-purpose-change', fixedCents: 500_000, perLoanCents: 20_000, feeShareBp: 5_000 },
    { violationType: 'false-advertising-liability', fixedCents: 1_000_000, capCents: 1_200_000, feeShareBp: 10_000 },
  ],
};

describe('the penalty of a violation under the agreement (Art. 5)', () => {
  test('rounds half up to the cent', () => {
    expect([halfUp(5, 10), halfUp(4, 10), halfUp(15, 10), halfUp(0, 10)]).toEqual([1, 0, 2, 0]);
    // 12,345.67 at 1.5 % = 185.18505 -> 185.19
    expect(loanFeeCents(1_234_567, 150)).toBe(18_519);
  });

  test('fixed + per loan + a share of the fees on the loans concerned, to the cent', () => {
    // Loans 12,345.67 and 20,000.00: fees 185.19 + 300.00 = 485.19; half of it 242.595 -> 242.60.
    const penalty = penaltyOf(agreement, 'induced-loan-purpose-change', [1_234_567, 2_000_000]);
    expect(penalty).toMatchObject({ loans: 2, feesCents: 48_519, fixedCents: 500_000, perLoanTotalCents: 40_000, feeShareCents: 24_260 });
    expect(penalty.amountCents).toBe(564_260);
  });

  test('the cap bounds the penalty; a type without a clause costs 0 and says so', () => {
    expect(penaltyOf(agreement, 'false-advertising-liability', [100_000_000]).amountCents).toBe(1_200_000);
    expect(penaltyOf(agreement, 'false-advertising-liability', [100_000_000]).uncappedCents).toBe(1_000_000 + 1_500_000);
    expect(penaltyOf(agreement, 'concealed-fund-use', [100_000])).toMatchObject({ clause: null, amountCents: 0 });
  });

  test('an agreement ending before it starts, or with two clauses of a type, is refused', () => {
    const twice = { ...agreement, endsOn: '2025-12-31', penalties: [...agreement.penalties, { violationType: 'induced-loan-purpose-change' as const }] };
    expect(agreementProblems(twice).map((problem) => problem.path)).toEqual(['/body/agreement/endsOn', '/body/agreement/penalties/2/violationType']);
    expect(agreementProblems(agreement)).toEqual([]);
  });
});

describe('the review outcome and its quarter', () => {
  test('the most severe outcome wins, with its reasons', () => {
    const events = [
      { type: 'review', params: { outcome: 'continue', reason: 'within-thresholds' } },
      { type: 'review', params: { outcome: 'rectify', reason: 'complaints' } },
      { type: 'review', params: { outcome: 'suspend', reason: 'violations' } },
      { type: 'review', params: { outcome: 'suspend', reason: 'loss-rate' } },
    ];
    expect(reviewOutcome(events)).toEqual({ outcome: 'suspend', reasons: ['violations', 'loss-rate'] });
    expect(reviewOutcome([])).toEqual({ outcome: 'continue', reasons: [] });
  });

  test('quarters', () => {
    expect(quarterOf('2026-02')).toEqual({
      period: '2026-Q1',
      from: '2026-01-01',
      to: '2026-03-31',
      months: ['2026-01', '2026-02', '2026-03'],
      lastMonth: '2026-03',
    });
    expect(quarterOf('2026-12').to).toBe('2026-12-31');
    expect([lastQuarterEnd(new Date('2026-01-01T05:00:00Z')), lastQuarterEnd(new Date('2026-05-20T00:00:00Z'))]).toEqual(['2025-12', '2026-03']);
  });
});
