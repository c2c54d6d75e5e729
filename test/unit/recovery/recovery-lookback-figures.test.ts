import { allowanceCents } from '../../../server/recovery/ledger-arithmetic';
import {
  lookbackFigures,
  monthsBetween,
  quarterBounds,
  quarterOf,
  type LookbackCase,
  type LookbackEntry,
} from '../../../server/recovery/lookback/lookback-figures';

const zero = { indemnityCents: 0, penaltyCents: 0, costsCents: 0 };
const indemnity = (cents: number) => ({ ...zero, indemnityCents: cents });
const entry = (caseId: string, kind: LookbackEntry['kind'], on: string, components = zero, extra: Partial<LookbackEntry> = {}): LookbackEntry => ({
  caseId,
  kind,
  on,
  components,
  unallocatedCents: 0,
  impairment: null,
  ...extra,
});

/*
 * A small worked book, the look-back of 2026-Q2 (2026-04-01 to 2026-06-30):
 * A (Shanghai, bank-branch, own) paid 10,000.00 on 2026-01-10: penalty 500.50 due, recoveries 4,000.00 + 500.50 in Feb and 3,000.00 in May.
 * B (Shanghai, internet, agency AG-1) paid 2,000.00 on 2026-02-12: nothing recovered; 500.00 written off in June; impaired.
 * C (Beijing, bank-branch, agency AG-1) paid 5,000.00 on 2026-04-15: 1,000.00 recovered in June, of which 0.25 beyond what was due.
 * D paid 2026-07-01: after the quarter, not in it.
 */
const cases: LookbackCase[] = [
  { caseId: 'A', orgUnit: 'BR-SH', channel: 'bank-branch', agency: 'own', paidOn: '2026-01-10', paidCents: 1_000_000 },
  { caseId: 'B', orgUnit: 'BR-SH', channel: 'internet', agency: 'AG-1', paidOn: '2026-02-12', paidCents: 200_000 },
  { caseId: 'C', orgUnit: 'BR-BJ', channel: 'bank-branch', agency: 'AG-1', paidOn: '2026-04-15', paidCents: 500_000 },
  { caseId: 'D', orgUnit: 'BR-BJ', channel: 'bank-branch', agency: 'own', paidOn: '2026-07-01', paidCents: 900_000 },
];
const entries: LookbackEntry[] = [
  entry('A', 'receivable', '2026-01-10', indemnity(1_000_000)),
  entry('A', 'due-change', '2026-01-20', { ...zero, penaltyCents: 50_050 }),
  entry('A', 'recovery', '2026-02-05', { ...zero, indemnityCents: 400_000, penaltyCents: 50_050 }),
  entry('A', 'recovery', '2026-05-20', indemnity(300_000)),
  entry('A', 'recovery', '2026-07-02', indemnity(100_000)),
  entry('B', 'receivable', '2026-02-12', indemnity(200_000)),
  entry('B', 'impairment', '2026-03-31', zero, { impairment: { stage: 'stage-2', allowanceCents: 100_000 } }),
  entry('B', 'impairment', '2026-06-30', zero, { impairment: { stage: 'stage-3', allowanceCents: 150_000 } }),
  entry('B', 'write-off', '2026-06-15', indemnity(50_000)),
  entry('C', 'receivable', '2026-04-15', indemnity(500_000)),
  entry('C', 'recovery', '2026-06-03', indemnity(99_975), { unallocatedCents: 25 }),
  entry('D', 'receivable', '2026-07-01', indemnity(900_000)),
];

test('quarters: bounds, the quarter of a day, months since payment', () => {
  expect(quarterBounds('2026-Q1')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
  expect(quarterBounds('2024-Q4')).toEqual({ from: '2024-10-01', to: '2024-12-31' });
  expect(quarterBounds('2026-Q5')).toBeUndefined();
  expect([quarterOf('2026-03-31'), quarterOf('2026-04'), quarterOf('2026-12-01')]).toEqual(['2026-Q1', '2026-Q2', '2026-Q4']);
  expect([monthsBetween('2026-01-31', '2026-02-01'), monthsBetween('2025-11-10', '2026-06-30')]).toEqual([1, 7]);
});

test('recovery rates by vintage, channel, branch and agency, amount and count, to the cent', () => {
  const figures = lookbackFigures('2026-Q2', cases, entries, []);
  expect(figures.totals).toEqual({
    key: 'all',
    cases: 3,
    paidCents: 1_700_000,
    recoveredCents: 850_050,
    recoveredInQuarterCents: 400_000,
    casesWithRecovery: 2,
    amountRate: 0.5,
    countRate: 0.6667,
  });
  expect(figures.byVintage.map((row) => [row.key, row.cases, row.paidCents, row.recoveredCents, row.amountRate, row.countRate])).toEqual([
    ['2026-Q1', 2, 1_200_000, 750_050, 0.625, 0.5],
    ['2026-Q2', 1, 500_000, 100_000, 0.2, 1],
  ]);
  expect(figures.byChannel.map((row) => [row.key, row.recoveredCents, row.amountRate])).toEqual([
    ['bank-branch', 850_050, 0.5667],
    ['internet', 0, 0],
  ]);
  expect(figures.byBranch.map((row) => [row.key, row.cases, row.recoveredInQuarterCents])).toEqual([
    ['BR-BJ', 1, 100_000],
    ['BR-SH', 2, 300_000],
  ]);
  expect(figures.byAgency.map((row) => [row.key, row.cases, row.casesWithRecovery, row.amountRate])).toEqual([
    ['AG-1', 2, 1, 0.1429],
    ['own', 1, 1, 0.7501],
  ]);
});

test('cumulative curves by months since payment: a case counts only at months it has reached', () => {
  const figures = lookbackFigures('2026-Q2', cases, entries, []);
  const q1 = figures.curves.find((curve) => curve.vintage === '2026-Q1')!.points;
  // A reaches month 5 at 2026-06-30, B month 4: months 0-4 have both (12,000.00 paid), month 5 has A alone.
  expect(q1.map((point) => [point.monthsSincePayment, point.cases, point.recoveredCents, point.rate])).toEqual([
    [0, 2, 0, 0],
    [1, 2, 450_050, 0.375],
    [2, 2, 450_050, 0.375],
    [3, 2, 450_050, 0.375],
    [4, 2, 750_050, 0.625],
    [5, 1, 750_050, 0.7501],
  ]);
  expect(figures.curves.find((curve) => curve.vintage === '2026-Q2')!.points.map((point) => point.rate)).toEqual([0, 0, 0.2]);
});

test('receivable ageing at the quarter end and the impairment movement in the quarter', () => {
  const figures = lookbackFigures('2026-Q2', cases, entries, []);
  expect(figures.ageing).toEqual([
    { bucket: '0-3', cases: 1, receivableCents: 400_025 },
    { bucket: '3-6', cases: 2, receivableCents: 300_000 + 150_000 },
    { bucket: '6-12', cases: 0, receivableCents: 0 },
    { bucket: '12-24', cases: 0, receivableCents: 0 },
    { bucket: '24+', cases: 0, receivableCents: 0 },
  ]);
  expect(figures.impairment).toEqual({
    openingAllowanceCents: 100_000,
    closingAllowanceCents: 150_000,
    movementCents: 50_000,
    byStage: [{ stage: 'stage-3', cases: 1, allowanceCents: 150_000 }],
  });
});

test('findings on recovery work counted by severity, agency and tag', () => {
  const figures = lookbackFigures('2026-Q2', cases, entries, [
    { agencyId: 'AG-1', severity: 'major', tags: ['threat', 'third-party-disclosure'], status: 'open' },
    { agencyId: 'AG-1', severity: 'minor', tags: ['threat'], status: 'remediated' },
    { agencyId: null, severity: 'minor', tags: [], status: 'open' },
  ]);
  expect(figures.findings).toEqual({
    total: 3,
    open: 2,
    bySeverity: [
      { key: 'major', count: 1 },
      { key: 'minor', count: 2 },
    ],
    byAgency: [
      { key: 'AG-1', count: 2 },
      { key: 'own', count: 1 },
    ],
    byTag: [
      { key: 'third-party-disclosure', count: 1 },
      { key: 'threat', count: 2 },
    ],
  });
});

test('an empty book gives zeros, not NaN', () => {
  const figures = lookbackFigures('2026-Q2', [], [], []);
  expect([figures.totals.amountRate, figures.byVintage, figures.curves, figures.impairment.movementCents]).toEqual([0, [], [], 0]);
});

test('the allowance: the receivable not expected back, rounded up to the cent, the share clamped to 0..1', () => {
  expect(allowanceCents(300_000, 0.4)).toBe(180_000);
  // 1,000.01 at a third expected back: 333.336... expected, 333.33 kept out, so the allowance is 666.68 (prudence).
  expect(allowanceCents(100_001, 1 / 3)).toBe(66_668);
  expect([allowanceCents(5_000, 1.2), allowanceCents(5_000, -0.1), allowanceCents(0, 0.5)]).toEqual([0, 5_000, 0]);
});
