import { monthIndexFromText, monthText } from '../../../server/ground/calendar';
import { DEFAULT_METRIC_SETTINGS } from '../../../server/metrics/metric-settings';
import { rollRateMatrix } from '../../../server/metrics/roll-rates';
import { vintageCurves } from '../../../server/metrics/vintages';
import { buildBook, cents, monthly, type LoanSpec } from './book-fixture';

// Vintage 2025-01: V1 (1,000) never pays: due 10 Feb, 30 dpd on 12 Mar (month on book 2). V2 (3,000) pays on time.
// Vintage 2025-02: V3 (500) misses its 15 Mar installment, pays it 20 Apr (36 days late): 30 dpd on 14 Apr (month on book 2).
const V1: LoanSpec = { loanId: 'V1', principal: 1000, disbursedAt: '2025-01-10', installments: monthly('2025-02', 10, 4, 250) };
const V2: LoanSpec = {
  loanId: 'V2',
  principal: 3000,
  disbursedAt: '2025-01-20',
  installments: monthly('2025-02', 20, 3, 1000),
  repayments: [
    ['2025-02-20', 1000],
    ['2025-03-20', 1000],
    ['2025-04-20', 1000],
  ],
};
const V3: LoanSpec = {
  loanId: 'V3',
  principal: 500,
  disbursedAt: '2025-02-15',
  installments: monthly('2025-03', 15, 2, 250),
  repayments: [
    ['2025-04-20', 250],
    ['2025-04-20', 250],
  ],
};

test('vintage curves: cumulative share of disbursed principal ever at or beyond the threshold, by month on book', () => {
  const curves = vintageCurves(buildBook([V1, V2, V3]), monthIndexFromText('2025-01'), monthIndexFromText('2025-02'), 30, monthIndexFromText('2025-04'));
  expect(curves.map((curve) => [monthText(curve.vintageIndex), curve.loanCount, curve.disbursedCents])).toEqual([
    ['2025-01', 2, cents(4000)],
    ['2025-02', 1, cents(500)],
  ]);
  // 2025-01 observed at months on book 0..3 (Jan..Apr): V1's 1,000 of 4,000 from month 2 on.
  expect(curves[0]!.shares).toEqual([0, 0, 0.25, 0.25]);
  // 2025-02 observed at 0..2 (Feb..Apr): V3 reached 30 dpd on 14 Apr, month on book 2; curing later does not undo "ever".
  expect(curves[1]!.shares).toEqual([0, 0, 1]);
  // A threshold of 60 days: V1 reaches it on 11 Apr (10 Feb + 60) -> month on book 3; V3 never does.
  const sixty = vintageCurves(buildBook([V1, V2, V3]), monthIndexFromText('2025-01'), monthIndexFromText('2025-02'), 60, monthIndexFromText('2025-04'));
  expect(sixty.map((curve) => curve.shares)).toEqual([
    [0, 0, 0, 0.25],
    [0, 0, 0],
  ]);
});

test("roll-rate matrix: where each bucket's principal at the last month end is at this one", () => {
  // 31 Mar: V1 is 49 dpd (M2, 1,000 left); V2 M0 with 1,000 left; V3 is 16 dpd (M1, 500).
  // 30 Apr: V1 79 dpd (M3); V2 paid off on 20 Apr (settled); V3 paid up on 20 Apr (settled).
  const rows = rollRateMatrix(buildBook([V1, V2, V3]), monthIndexFromText('2025-04'), DEFAULT_METRIC_SETTINGS);
  const byFrom = Object.fromEntries(rows.map((row) => [row.from, row]));
  expect(byFrom.M0).toMatchObject({ loanCount: 1, principalCents: cents(1000), to: { settled: 1, M0: 0, M1: 0 } });
  expect(byFrom.M1).toMatchObject({ loanCount: 1, principalCents: cents(500), to: { settled: 1 } });
  expect(byFrom.M2).toMatchObject({ loanCount: 1, principalCents: cents(1000), to: { M3: 1, M2: 0 } });
  // Empty rows have no denominator: every rate is null.
  expect(Object.values(byFrom.M3!.to).every((rate) => rate === null)).toBe(true);
});
