import { dayFromDate } from '../../../server/ground/calendar';
import { DEFAULT_METRIC_SETTINGS } from '../../../server/metrics/metric-settings';
import { ObligorFactsAccumulator } from '../../../server/monitoring/obligor-facts-batch';
import { funderLineOf } from '../../../server/collections/cases/funder-lines';
import { syntheticPortfolio } from '../../../server/portfolio/synthetic/synthetic-portfolio';
import { buildBook, type LoanSpec } from '../metrics/book-fixture';

const schedule: [string, number, number][] = Array.from({ length: 6 }, (_, index) => [`2025-0${2 + index}-01`, 1000, 100]);
const loan = (loanId: string, repaid: number): LoanSpec => ({
  loanId,
  obligorId: 'OB-1',
  orgUnit: 'BR-SH',
  channel: 'bank-branch',
  customerTier: 'prime',
  principal: 6000,
  disbursedAt: '2025-01-10',
  installments: schedule,
  repayments: schedule.slice(0, repaid).map(([day]) => [day, 1100] as [string, number]),
});
// L1 is current, L2 stopped paying after March, L3 after February; each under its own policy (P-<loanId>).
const book = buildBook([loan('L1', 5), loan('L2', 2), loan('L3', 1)]);

function lines(funders: Map<string, string>) {
  const sums = new ObligorFactsAccumulator(dayFromDate('2025-05-10'), DEFAULT_METRIC_SETTINGS, ['online-platform-a'], funderLineOf(funders));
  sums.add(book);
  const batch = sums.finish(new Map(), { gradeScale: [] });
  return Array.from({ length: batch.size }, (_, index) => ({ ...batch.subject(index), dpd: batch.facts(index).dpd }))
    .map((subject) => [subject.split, subject.subjectKey, subject.dpd])
    .sort();
}

describe('collection cases: one per obligor and funder line, from the monitoring facts builder', () => {
  test('without a funderId each policy is its own funder line', () => {
    expect(lines(new Map())).toEqual([
      ['P-L1', 'OB-1', 0],
      ['P-L2', 'OB-1', 39],
      ['P-L3', 'OB-1', 70],
    ]);
  });

  test('policies of one funder make one line, summed as the obligor facts are (worst dpd)', () => {
    expect(
      lines(
        new Map([
          ['P-L2', 'FUNDER-A'],
          ['P-L3', 'FUNDER-A'],
        ]),
      ),
    ).toEqual([
      ['FUNDER-A', 'OB-1', 70],
      ['P-L1', 'OB-1', 0],
    ]);
  });
});

test('the synthetic book names a funder for the online platforms only, so a demo has both kinds of funder line', () => {
  const funders = new Map<string, Set<string>>();
  for (const record of syntheticPortfolio({ loans: 500, months: 12, seed: 5 })) {
    if (record.kind !== 'loans') continue;
    const loan = record as unknown as { channel: string; funderId?: string };
    const seen = funders.get(loan.channel) ?? new Set<string>();
    seen.add(loan.funderId ?? '(policy)');
    funders.set(loan.channel, seen);
  }
  expect(Object.fromEntries([...funders].map(([channel, seen]) => [channel, [...seen].sort()]))).toEqual({
    'online-platform-a': ['FUNDER-A'],
    'online-platform-b': ['FUNDER-B'],
    'bank-branch': ['(policy)'],
    broker: ['(policy)'],
  });
});
