import { computeIndemnity } from '../../../server/claims/indemnity';
import { differencesOf, platformFigures } from '../../../server/claims/platform-figures';

/**
 * The worked example (Art. 16(3)): twelve monthly installments of 1,000.00 principal + 87.53 interest due on the 1st from
 * 2025-02-01; the obligor paid the first three in full, 333.33 towards the fourth on 2025-05-20, and 200.00 after the claim
 * date (2025-07-25), which does not count. Penalty interest 45.67 (the insured's figure), deductible 150.25.
 */
export const WORKED_SCHEDULE = Array.from({ length: 12 }, (_, index) => ({
  seq: index + 1,
  dueDate: `${2025 + Math.floor((index + 1) / 12)}-${String(((index + 1) % 12) + 1).padStart(2, '0')}-01`,
  principalCents: 100_000,
  interestCents: 8_753,
}));
const REPAYMENTS = [
  { paidAt: '2025-02-01', amountCents: 108_753 },
  { paidAt: '2025-03-01', amountCents: 108_753 },
  { paidAt: '2025-04-01', amountCents: 108_753 },
  { paidAt: '2025-05-20', amountCents: 33_333 },
  { paidAt: '2025-07-26', amountCents: 20_000 },
];

test('the platform figures: nine unsettled installments of principal, three of interest due, 333.33 repaid towards them', () => {
  expect(platformFigures(WORKED_SCHEDULE, REPAYMENTS, '2025-07-25')).toEqual({
    unpaidPrincipalCents: 900_000,
    interestCents: 26_259,
    repaidBeforeClaimCents: 33_333,
  });
});

test('the worked indemnity to the cent: 9,000.00 + 262.59 + 45.67 - 150.25 - 333.33 = 8,824.68, line by line', () => {
  const adjustment = computeIndemnity(
    { unpaidPrincipalCents: 900_000, interestCents: 26_259, penaltyInterestCents: 4_567, repaidBeforeClaimCents: 33_333 },
    { coversInterest: true, coversPenaltyInterest: true, deductibleCents: 15_025 },
  );
  expect(adjustment.lines.map((line) => [line.item, line.amountCents])).toEqual([
    ['unpaid-principal', 900_000],
    ['interest', 26_259],
    ['penalty-interest', 4_567],
    ['deductible', -15_025],
    ['repaid-before-claim', -33_333],
  ]);
  expect(adjustment.indemnityCents).toBe(882_468);
});

test('penalty interest counts only where the clause covers it; interest likewise', () => {
  const figures = { unpaidPrincipalCents: 900_000, interestCents: 26_259, penaltyInterestCents: 4_567, repaidBeforeClaimCents: 33_333 };
  expect(computeIndemnity(figures, { coversInterest: true, coversPenaltyInterest: false, deductibleCents: 15_025 }).indemnityCents).toBe(877_901);
  expect(computeIndemnity(figures, { coversInterest: false, coversPenaltyInterest: false, deductibleCents: 15_025 }).indemnityCents).toBe(851_642);
});

test('a deductible and repayments above the loss leave no indemnity, never a negative one', () => {
  const adjustment = computeIndemnity(
    { unpaidPrincipalCents: 10_000, interestCents: 0, penaltyInterestCents: 0, repaidBeforeClaimCents: 9_000 },
    { coversInterest: true, coversPenaltyInterest: true, deductibleCents: 5_000 },
  );
  expect(adjustment.indemnityCents).toBe(0);
});

test('differences name each checked figure where the insured and the platform disagree', () => {
  const platform = { unpaidPrincipalCents: 900_000, interestCents: 26_259, repaidBeforeClaimCents: 33_333 };
  expect(differencesOf({ ...platform, interestCents: 27_000, repaidBeforeClaimCents: 0 }, platform)).toEqual([
    { field: 'interestCents', insuredCents: 27_000, platformCents: 26_259 },
    { field: 'repaidBeforeClaimCents', insuredCents: 0, platformCents: 33_333 },
  ]);
  expect(differencesOf(platform, platform)).toEqual([]);
});
