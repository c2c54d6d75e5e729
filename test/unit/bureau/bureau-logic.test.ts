import { bureauEligible } from '../../../server/bureau/bureau-eligibility';
import { applyAction, compensationReleasable, latestMonthEnd, noticeReadyOn, recoveryReleasable } from '../../../server/bureau/bureau-transitions';

/** The pure parts of credit-bureau reporting (Art. 32): who is reported, and how an item's status may move. */
const policy = (insuranceType: 'credit' | 'guarantee', creditReportingAuthorised: boolean) => ({ insuranceType, creditReportingAuthorised });

test('only guarantee insurance whose obligor authorised credit reporting is eligible', () => {
  expect(bureauEligible(policy('guarantee', true))).toBe(true);
  expect(bureauEligible(policy('guarantee', false))).toBe(false);
  expect(bureauEligible(policy('credit', true))).toBe(false);
  expect(bureauEligible(undefined)).toBe(false);
});

test('the statuses move only along the allowed transitions', () => {
  expect(applyAction('default-notice', 'pending', 'notice-sent')).toBe('notified');
  expect(applyAction('compensation', 'pending', 'notice-sent')).toBeNull();
  expect(applyAction('compensation', 'pending', 'release')).toBe('ready');
  expect(applyAction('default-notice', 'pending', 'release')).toBeNull();
  expect(applyAction('overdue', 'ready', 'submit')).toBe('submitted');
  expect(applyAction('overdue', 'pending', 'submit')).toBeNull();
  expect(applyAction('recovery', 'submitted', 'accept')).toBe('acknowledged');
  expect(applyAction('recovery', 'submitted', 'reject')).toBe('rejected');
  expect(applyAction('recovery', 'ready', 'reject')).toBeNull();
  expect(applyAction('compensation', 'rejected', 'correct')).toBe('corrected');
  expect(applyAction('compensation', 'acknowledged', 'correct')).toBe('corrected');
  expect(applyAction('compensation', 'ready', 'correct')).toBeNull();
  expect(applyAction('default-notice', 'notified', 'submit')).toBeNull();
});

test('a compensation report is releasable only once the notice was sent and its lead time has passed', () => {
  expect(noticeReadyOn('2025-07-01', 15)).toBe('2025-07-16');
  expect(compensationReleasable(undefined, 15, '2025-12-31')).toBe(false);
  expect(compensationReleasable({ status: 'pending' }, 15, '2025-12-31')).toBe(false);
  expect(compensationReleasable({ status: 'notified', notice: { sentOn: '2025-07-01' } }, 15, '2025-07-15')).toBe(false);
  expect(compensationReleasable({ status: 'notified', notice: { sentOn: '2025-07-01' } }, 15, '2025-07-16')).toBe(true);
});

test('a recovery is releasable only after its loan’s compensation was reported', () => {
  expect(recoveryReleasable([])).toBe(false);
  expect(recoveryReleasable(['ready', 'pending'])).toBe(false);
  expect(recoveryReleasable(['submitted'])).toBe(true);
  expect(recoveryReleasable(['rejected', 'acknowledged'])).toBe(true);
});

test('overdue information is reported as of the last month-end before the day (the month just closed)', () => {
  expect(latestMonthEnd('2025-08-01')).toBe('2025-07-31');
  expect(latestMonthEnd('2025-07-31')).toBe('2025-06-30');
  expect(latestMonthEnd('2024-03-01')).toBe('2024-02-29');
  expect(latestMonthEnd('2025-01-15')).toBe('2024-12-31');
});
