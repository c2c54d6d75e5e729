import { taskDrafts, measuresFromEvents } from '../../../server/monitoring/dispositions';
import { deadlineReviewFacts, latestDeadline, warningDispositionFacts, type MeasureRecord } from '../../../server/monitoring/escalation';

const reduction = (createdOn: string, dueOn: string, step: number, value: number): MeasureRecord => ({
  action: 'reduce-credit-limit',
  createdOn,
  dueOn,
  escalationStep: step,
  valueAtMeasure: value,
});
const watch = (createdOn: string, dueOn: string | null): MeasureRecord => ({ action: 'watch', createdOn, dueOn, escalationStep: 0, valueAtMeasure: null });

describe('deadline reviews (the facts the disposition rules decide escalation on)', () => {
  const measures = [watch('2025-08-10', '2025-09-09'), reduction('2025-08-20', '2025-09-04', 0, 19), watch('2025-08-20', null)];

  test('not before the day after the deadline', () => {
    expect(deadlineReviewFacts(measures, 30, '2025-09-04', '2025-08-20')).toBeUndefined();
    expect(deadlineReviewFacts(measures, 30, '2025-09-05', '2025-08-20')).toMatchObject({ daysSinceDeadline: 1 });
  });

  test('after the deadline: previous reductions, days since, improvement and the next step', () => {
    expect(deadlineReviewFacts(measures, 36, '2025-09-06', '2025-08-20')).toEqual({
      trigger: 'deadline',
      previousReductions: 1,
      deadlinePassed: true,
      daysSinceDeadline: 2,
      daysSinceMeasure: 17,
      improved: false,
      escalationStep: 1,
    });
    expect(deadlineReviewFacts(measures, 10, '2025-09-06', '2025-08-20')).toMatchObject({ improved: true });
  });

  test('only measures ordered since the alert reached its level count: a yellow watch does not hide the orange deadline', () => {
    expect(latestDeadline(measures, '2025-08-20')).toMatchObject({ action: 'reduce-credit-limit' });
    expect(latestDeadline(measures, '2025-08-10')).toMatchObject({ action: 'reduce-credit-limit' });
    expect(latestDeadline([watch('2025-08-10', '2025-09-09')], '2025-08-20')).toBeUndefined();
  });

  test('a further reduction becomes the deadline that matters, one step later', () => {
    const later = [...measures, reduction('2025-09-06', '2025-10-06', 1, 36)];
    expect(deadlineReviewFacts(later, 40, '2025-09-20', '2025-08-20')).toBeUndefined();
    expect(deadlineReviewFacts(later, 70, '2025-10-08', '2025-08-20')).toMatchObject({
      previousReductions: 2,
      escalationStep: 2,
      improved: false,
      daysSinceDeadline: 2,
    });
  });

  test('a new or changed warning carries its reductions so far and no review', () => {
    expect(warningDispositionFacts(measures)).toEqual({ trigger: 'warning', previousReductions: 1, escalationStep: 0 });
  });
});

describe('tasks from measures', () => {
  const measures = measuresFromEvents([
    { type: 'measure', params: { action: 'reduce-credit-limit', share: 0.3, deadlineDays: 15, ownerRole: 'risk-manager', basis: 'Art. 8(2)' } },
    { type: 'measure', params: { action: 'report', ownerRole: 'risk-manager', basis: 'Art. 8(1)' } },
    { type: 'measure', params: { action: 'report', ownerRole: 'hq-risk-manager', basis: 'Art. 9' } },
    { type: 'warning', params: { level: 'red' } },
  ]);

  test('ids name the alert, the origin and the measure, so a re-run yields the same ids', () => {
    const drafts = taskDrafts(
      { alertId: 'obligor:OB-B:dpd:2025-08-10', orgUnit: 'BR-SH', value: 19 },
      measures,
      { kind: 'warning', alertRevision: 2 },
      '2025-08-20',
      ['hq-risk-manager'],
    );
    expect(drafts.map((draft) => draft.taskId)).toEqual([
      'obligor:OB-B:dpd:2025-08-10:r2:reduce-credit-limit:risk-manager',
      'obligor:OB-B:dpd:2025-08-10:r2:report:risk-manager',
      'obligor:OB-B:dpd:2025-08-10:r2:report:hq-risk-manager',
    ]);
    expect(drafts[0]).toMatchObject({ dueOn: '2025-09-04', share: 0.3, orgUnit: 'BR-SH', escalationStep: 0, valueAtMeasure: 19 });
    expect(drafts[2]).toMatchObject({ orgUnit: 'HQ', dueOn: null });
    const review = taskDrafts({ alertId: 'a', orgUnit: 'BR-SH', value: 36 }, measures.slice(0, 1), { kind: 'deadline', escalationStep: 1 }, '2025-09-06', []);
    expect(review[0]).toMatchObject({ taskId: 'a:e1:reduce-credit-limit:risk-manager', escalationStep: 1, dueOn: '2025-09-21' });
  });
});
