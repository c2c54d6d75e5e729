import { liquidityFigures, multiplyRounded, solvencyFigures, type StressInputs } from '../../../server/stress/stress-arithmetic';

/**
 * The worked example of docs/stress-tests.md, to the cent. A unit's quarter (the base period):
 *
 *   premium collected        1,234,567.91   (123,456,791 cents)
 *   recoveries                  23,456.78   (  2,345,678)
 *   reinsurance recoveries     150,000.00   ( 15,000,000)
 *   claims paid                800,000.00   ( 80,000,000)
 *   expenses                   210,000.55   ( 21,000,055)
 *   ceded premium              300,000.01   ( 30,000,001)
 *   tax rate                        25 %    (2,500 bp)
 *   actual capital           5,000,000.00, core capital 4,000,000.00, minimum capital 3,000,000.00
 *   average retained liability over the quarter (metric module) 12,345,678.90
 *
 * Liquidity: operating cash flow = premium + recoveries + reinsurance recoveries - claims - expenses - ceded premium,
 * less tax at the rate on a positive flow. A premium change scales premium and ceded premium (the ceded share stays);
 * loss-ratio points add that share of the premium collected to claims paid. Every product is rounded half away from zero.
 *
 *   baseline   in 140,802,469 - out 131,000,056 = 9,802,413; tax 2,450,603.25 -> 2,450,603; flow 7,351,810
 *   premium -25 %: premium 123,456,791 - 30,864,197.75 -> 92,592,593; ceded 30,000,001 - 7,500,000.25 -> 22,500,001
 *              in 109,938,271 - out 123,500,056 = -13,561,785 (no tax on a negative flow)
 *   premium -50 %: premium 61,728,395 (61,728,395.5 off, rounded 61,728,396); ceded 15,000,000 (15,000,000.5 off -> 15,000,001)
 *              in 79,074,073 - out 116,000,055 = -36,925,982
 *   loss ratio +10 points: claims 80,000,000 + 12,345,679.1 -> 92,345,679; in 140,802,469 - out 143,345,735 = -2,543,266
 *   loss ratio +20 points: claims 80,000,000 + 24,691,358.2 -> 104,691,358; out 155,691,414; flow -14,888,945
 *
 * Solvency over a quarter (3 of 12 months of the annualized rate): loss = liability x rate x 3/12; the tax relief at the
 * rate; capital less the loss after tax; ratio = capital / minimum capital in basis points, rounded down (prudence).
 *
 *   10 %: loss 123,456,789 x 0.025 = 30,864,197.25 -> 30,864,197; relief 7,716,049.25 -> 7,716,049; after tax 23,148,148
 *         actual 476,851,852 -> 15,895 bp (158.95 %); core 376,851,852 -> 12,561 bp
 *   15 %: loss 46,296,296.25 -> 46,296,296; relief 11,574,074; after tax 34,722,222; 465,277,778 -> 15,509; core 12,175
 *   20 %: loss 61,728,394.5 -> 61,728,395; relief 15,432,098.75 -> 15,432,099; after tax 46,296,296; 15,123; core 11,790
 *
 * Against a comprehensive threshold of 155 % and a core one of 120 %, 10 % and 15 % pass both, 20 % breaches both.
 */
const inputs: StressInputs = {
  premiumCollectedCents: 123_456_791,
  recoveriesCents: 2_345_678,
  reinsuranceRecoveriesCents: 15_000_000,
  claimsPaidCents: 80_000_000,
  expensesCents: 21_000_055,
  cededPremiumCents: 30_000_001,
  taxRateBp: 2_500,
  actualCapitalCents: 500_000_000,
  coreCapitalCents: 400_000_000,
  minimumCapitalCents: 300_000_000,
  averageRetainedLiabilityCents: 1_234_567_890,
};
const thresholds = [
  { id: 'comprehensive', capital: 'comprehensive' as const, minimumRatioBp: 15_500 },
  { id: 'core', capital: 'core' as const, minimumRatioBp: 12_000 },
];

test('liquidity: operating cash flow under each scenario, to the cent', () => {
  const scenarios = [
    { id: 'premium-25', premiumIncomeChangeBp: -2_500, combinedLossRatioChangeBp: 0 },
    { id: 'premium-50', premiumIncomeChangeBp: -5_000, combinedLossRatioChangeBp: 0 },
    { id: 'loss-ratio-10', premiumIncomeChangeBp: 0, combinedLossRatioChangeBp: 1_000 },
    { id: 'loss-ratio-20', premiumIncomeChangeBp: 0, combinedLossRatioChangeBp: 2_000 },
  ];
  const { baseline, scenarios: results } = liquidityFigures(inputs, scenarios);
  expect(baseline).toEqual({
    premiumCollectedCents: 123_456_791,
    cededPremiumCents: 30_000_001,
    claimsPaidCents: 80_000_000,
    inflowCents: 140_802_469,
    outflowCents: 131_000_056,
    beforeTaxCents: 9_802_413,
    taxCents: 2_450_603,
    operatingCashFlowCents: 7_351_810,
    changeCents: 0,
  });
  expect(results.map((result) => [result.id, result.premiumCollectedCents, result.cededPremiumCents, result.claimsPaidCents])).toEqual([
    ['premium-25', 92_592_593, 22_500_001, 80_000_000],
    ['premium-50', 61_728_395, 15_000_000, 80_000_000],
    ['loss-ratio-10', 123_456_791, 30_000_001, 92_345_679],
    ['loss-ratio-20', 123_456_791, 30_000_001, 104_691_358],
  ]);
  expect(results.map((result) => [result.inflowCents, result.outflowCents, result.taxCents, result.operatingCashFlowCents, result.changeCents])).toEqual([
    [109_938_271, 123_500_056, 0, -13_561_785, -20_913_595],
    [79_074_073, 116_000_055, 0, -36_925_982, -44_277_792],
    [140_802_469, 143_345_735, 0, -2_543_266, -9_895_076],
    [140_802_469, 155_691_414, 0, -14_888_945, -22_240_755],
  ]);
});

test('solvency: the loss at each annualized rate over a quarter, after tax, against the thresholds', () => {
  const scenarios = [
    { id: 'loss-rate-10', annualizedLossRateBp: 1_000 },
    { id: 'loss-rate-15', annualizedLossRateBp: 1_500 },
    { id: 'loss-rate-20', annualizedLossRateBp: 2_000 },
  ];
  const { baseline, scenarios: results } = solvencyFigures(inputs, 3, scenarios, thresholds);
  expect(baseline).toEqual({
    lossCents: 0,
    taxReliefCents: 0,
    lossAfterTaxCents: 0,
    actualCapitalCents: 500_000_000,
    coreCapitalCents: 400_000_000,
    comprehensiveRatioBp: 16_666,
    coreRatioBp: 13_333,
    thresholds: [
      { id: 'comprehensive', capital: 'comprehensive', minimumRatioBp: 15_500, ratioBp: 16_666, outcome: 'pass' },
      { id: 'core', capital: 'core', minimumRatioBp: 12_000, ratioBp: 13_333, outcome: 'pass' },
    ],
  });
  expect(results.map((result) => [result.id, result.lossCents, result.taxReliefCents, result.lossAfterTaxCents])).toEqual([
    ['loss-rate-10', 30_864_197, 7_716_049, 23_148_148],
    ['loss-rate-15', 46_296_296, 11_574_074, 34_722_222],
    ['loss-rate-20', 61_728_395, 15_432_099, 46_296_296],
  ]);
  expect(results.map((result) => [result.actualCapitalCents, result.coreCapitalCents, result.comprehensiveRatioBp, result.coreRatioBp])).toEqual([
    [476_851_852, 376_851_852, 15_895, 12_561],
    [465_277_778, 365_277_778, 15_509, 12_175],
    [453_703_704, 353_703_704, 15_123, 11_790],
  ]);
  expect(results.map((result) => result.thresholds.map((threshold) => threshold.outcome))).toEqual([
    ['pass', 'pass'],
    ['pass', 'pass'],
    ['breach', 'breach'],
  ]);
});

test('over a year the whole annualized rate applies', () => {
  const { scenarios: results } = solvencyFigures(inputs, 12, [{ id: 'loss-rate-20', annualizedLossRateBp: 2_000 }], thresholds);
  // 1,234,567,890 x 20 % = 246,913,578; relief 61,728,394.5 -> 61,728,395; after tax 185,185,183; 314,814,817 -> 10,493 bp.
  expect([results[0]!.lossCents, results[0]!.lossAfterTaxCents, results[0]!.actualCapitalCents, results[0]!.comprehensiveRatioBp]).toEqual([
    246_913_578, 185_185_183, 314_814_817, 10_493,
  ]);
});

test('rounding is half away from zero and exact beyond 2^53 intermediate products', () => {
  expect(multiplyRounded(-30_000_001, 2_500, 10_000)).toBe(-7_500_000);
  expect(multiplyRounded(-1, 5_000, 10_000)).toBe(-1);
  expect(multiplyRounded(1, 5_000, 10_000)).toBe(1);
  // 10 billion yuan in cents times 20,000 bp: 2e16, above 2^53, still exact.
  expect(multiplyRounded(1_000_000_000_001, 20_000, 10_000)).toBe(2_000_000_000_002);
});

test('a capital below zero gives a negative ratio, never a pass; zero minimum capital is refused', () => {
  const small = { ...inputs, actualCapitalCents: 1_000, coreCapitalCents: 1_000 };
  const { scenarios: results } = solvencyFigures(small, 12, [{ id: 'loss-rate-20', annualizedLossRateBp: 2_000 }], thresholds);
  expect(results[0]!.comprehensiveRatioBp).toBeLessThan(0);
  expect(results[0]!.thresholds.every((threshold) => threshold.outcome === 'breach')).toBe(true);
  expect(() => solvencyFigures({ ...inputs, minimumCapitalCents: 0 }, 3, [], thresholds)).toThrow('minimum capital');
});
