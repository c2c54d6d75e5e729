import { BUCKETS } from '../../../server/metrics/buckets';
import { dayFromDate } from '../../../server/ground/calendar';
import { emptyLoanState, walkLoan, type LoanState } from '../../../server/metrics/loan-state';
import { DEFAULT_METRIC_SETTINGS, type MetricSettings } from '../../../server/metrics/metric-settings';
import { buildBook, type LoanSpec } from './book-fixture';

/**
 * What a claim record's status does to the figures: only a paid claim is a claim paid; a loan
 * is claimed from payment by default, from approval with claimedBy: claim-approved; requested
 * and rejected claims change nothing.
 */
function stateAt(spec: LoanSpec, date: string, settings: MetricSettings = DEFAULT_METRIC_SETTINGS) {
  const book = buildBook([spec]);
  let captured: LoanState | undefined;
  walkLoan(book, 0, [dayFromDate(date)], settings, emptyLoanState(), (_position, state) => {
    captured = { ...state };
  });
  return { claimed: captured!.claimed, bucket: BUCKETS[captured!.bucket], paidDay: book.firstClaimPaidDay[0], approvedDay: book.firstClaimApprovedDay[0] };
}

// Three installments of 400 + 10 from 2025-02-15, none paid: M3 by June.
const base: LoanSpec = {
  loanId: 'L1',
  principal: 1200,
  disbursedAt: '2025-01-15',
  installments: [
    ['2025-02-15', 400, 10],
    ['2025-03-15', 400, 10],
    ['2025-04-15', 400, 10],
  ],
};
const byApproval: MetricSettings = { ...DEFAULT_METRIC_SETTINGS, claimedBy: 'claim-approved' };

test('an approved claim not yet paid: unclaimed by default, claimed from its approval day with claimedBy: claim-approved', () => {
  const approved = { ...base, claims: [{ status: 'approved' as const, approvedAt: '2025-06-05', amount: 1230 }] };
  expect(stateAt(approved, '2025-06-30')).toMatchObject({ claimed: false, bucket: 'M3' });
  expect(stateAt(approved, '2025-06-04', byApproval)).toMatchObject({ claimed: false, bucket: 'M3' });
  expect(stateAt(approved, '2025-06-05', byApproval)).toMatchObject({ claimed: true, bucket: 'claimed', approvedDay: dayFromDate('2025-06-05') });
});

test('requested and rejected claims change no figure, under either setting', () => {
  for (const status of ['requested', 'rejected'] as const) {
    const claimed = { ...base, claims: [{ status, amount: 1230 }] };
    expect(stateAt(claimed, '2025-06-30')).toMatchObject({ claimed: false, bucket: 'M3' });
    expect(stateAt(claimed, '2025-06-30', byApproval)).toMatchObject({ claimed: false, bucket: 'M3' });
  }
});

test('a claim without a status is a paid one (as imports before the status were)', () => {
  const paid = { ...base, claims: [{ paidAt: '2025-06-12', amount: 1230 }] };
  expect(stateAt(paid, '2025-06-12')).toMatchObject({ claimed: true, bucket: 'claimed', paidDay: dayFromDate('2025-06-12') });
});
