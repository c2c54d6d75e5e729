import type { DecisionEvent } from '../../../server/engine/evaluate';
import { prepareRuleSet } from '../../../server/engine/prepare';
import type { AlertMeasure, AlertRecord } from '../../../server/monitoring/alert.model';
import {
  assessSubject,
  dispositionQuestions,
  plannedChanges,
  transitionCounts,
  type DispositionOutcome,
  type MonitoredSubject,
  type SubjectOutcome,
} from '../../../server/monitoring/monitoring-plan';
import { alertInsert, alertUpdate, decisionRecords, type WriteContext } from '../../../server/monitoring/monitoring-records';

// The planner on plain data: no database, no clock (the day and `now` are inputs), ids handed in.
const asOf = '2025-09-10';
const now = new Date('2025-09-10T06:00:00Z');
const headOfficeRoles = ['hq-risk-manager'];
const warningSet = prepareRuleSet({ key: 'obligor-warning', version: 3, hash: 'w3', content: { family: 'warning.obligor', parameters: {}, rules: [] } });
const dispositionSet = prepareRuleSet({ key: 'disposition', version: 2, hash: 'd2', content: { family: 'disposition', parameters: {}, rules: [] } });

const subject = (dpd: number): MonitoredSubject => ({
  target: 'obligor',
  subjectKey: 'O-1',
  obligorId: 'O-1',
  segment: null,
  orgUnit: 'BR-SH',
  customerTier: 'prime',
  channel: 'branch',
  product: 'consumer',
  internetBusiness: false,
  facts: { dpd, orgUnit: 'BR-SH' },
});
const warning = (level: string): DecisionEvent => ({ type: 'warning', params: { signal: 'dpd', level, basis: 'Art. 8', threshold: 30 } });
const measure = (action: string, ownerRole: string, deadlineDays: number | null): DecisionEvent => ({
  type: 'measure',
  params: { action, ownerRole, deadlineDays, basis: 'Art. 8(2)' },
});
const openAlert = (level: AlertRecord['level'], revision: number, extra: Partial<AlertRecord> = {}): AlertRecord => ({
  _id: 'obligor:O-1:dpd:2025-08-01',
  target: 'obligor',
  subjectKey: 'O-1',
  obligorId: 'O-1',
  segment: null,
  signal: 'dpd',
  level,
  status: 'open',
  openKey: 'obligor|O-1|dpd',
  orgUnit: 'BR-SH',
  customerTier: 'prime',
  channel: 'branch',
  product: 'consumer',
  threshold: 30,
  basis: 'Art. 8',
  notify: [],
  value: 40,
  raisedOn: '2025-08-01',
  changedOn: '2025-08-01',
  closedOn: null,
  reviewFrom: null,
  measures: [],
  assignee: null,
  acknowledgedBy: null,
  acknowledgedAt: null,
  revision,
  createdAt: now,
  updatedAt: now,
  decisionId: 'old',
  ruleSet: { key: 'obligor-warning', version: 3 },
  ...extra,
});
const context = (measures: ReadonlyMap<string, AlertMeasure[]> = new Map()): WriteContext => ({
  asOf,
  now,
  actor: 'obligor-monitoring',
  headOfficeRoles,
  measures,
});

/** The whole plan of one subject: assessed, the disposition rules answered with `answer`, changes planned. */
function plan(dpd: number, events: DecisionEvent[], open: AlertRecord[], answer: DecisionEvent[]) {
  const outcome = assessSubject(subject(dpd), { decisionId: 'w-1', prepared: warningSet, events }, open, asOf);
  const outcomes = outcome ? [outcome] : [];
  const measures = new Map(open.map((alert) => [alert._id, alert.measures ?? []]));
  const questions = dispositionQuestions(outcomes, measures, asOf);
  const answers = questions.map((question, index): DispositionOutcome | null =>
    question.facts ? { decisionId: `d-${index + 1}`, prepared: dispositionSet, facts: question.facts, events: answer } : null,
  );
  return { outcomes, questions, changes: plannedChanges(questions, answers, asOf, headOfficeRoles) };
}

describe('monitoring plan (pure): facts and decisions in, planned changes out', () => {
  test('a new warning raises an alert and the tasks the disposition rules order', () => {
    const { questions, changes } = plan(45, [warning('orange')], [], [measure('reduce-credit-limit', 'branch-risk', 15)]);
    expect(questions).toHaveLength(1);
    expect(questions[0]!.facts).toEqual({
      level: 'orange',
      signal: 'dpd',
      target: 'obligor',
      trigger: 'warning',
      previousReductions: 0,
      escalationStep: 0,
      obligorId: 'O-1',
      orgUnit: 'BR-SH',
      product: 'consumer',
      channel: 'branch',
      customerTier: 'prime',
      internetBusiness: false,
    });
    expect(changes).toHaveLength(1);
    const raise = alertInsert(changes[0]!, context());
    const alertId = 'obligor:O-1:dpd:2025-09-10';
    // Deadline 15 days: due 2025-09-25, reviewed from the day after.
    expect(raise.record).toMatchObject({ _id: alertId, level: 'orange', value: 45, revision: 1, reviewFrom: '2025-09-26', decisionId: 'w-1' });
    expect(raise.record.measures).toEqual([
      {
        taskId: `${alertId}:r1:reduce-credit-limit:branch-risk`,
        action: 'reduce-credit-limit',
        dueOn: '2025-09-25',
        createdOn: asOf,
        escalationStep: 0,
        valueAtMeasure: 45,
      },
    ]);
    expect(raise.tasks).toHaveLength(1);
    expect(raise.tasks[0]).toMatchObject({ _id: `${alertId}:r1:reduce-credit-limit:branch-risk`, orgUnit: 'BR-SH', dueOn: '2025-09-25', decisionId: 'd-1' });
    expect(raise.entry).toMatchObject({ action: 'raised', actor: 'job:obligor-monitoring', decisionId: 'w-1', tasks: raise.tasks });
    expect(raise.event).toMatchObject({ id: `alert.raised:${alertId}:1`, type: 'alert.raised', orgUnit: 'BR-SH' });
    expect(decisionRecords(changes, context()).map((record) => [record.decisionId, record.ruleSet.key])).toEqual([
      ['w-1', 'obligor-warning'],
      ['d-1', 'disposition'],
    ]);
  });

  test('a higher level escalates the open alert at its next revision', () => {
    const open = openAlert('yellow', 2);
    const { outcomes, questions, changes } = plan(70, [warning('red')], [open], [measure('reduce-credit-limit', 'branch-risk', 10)]);
    expect(transitionCounts(outcomes)).toEqual({ alertsRaised: 0, alertsEscalated: 1, alertsDeEscalated: 0, alertsClosed: 0 });
    expect(questions[0]).toMatchObject({ kind: 'escalate', origin: { kind: 'warning', alertRevision: 3 } });
    const update = alertUpdate(changes[0]!, open, context())!;
    expect(update.write).toMatchObject({ id: open._id, expectedRevision: 2, set: { level: 'red', value: 70, changedOn: asOf, reviewFrom: '2025-09-21' } });
    expect(update.tasks.map((task) => task._id)).toEqual([`${open._id}:r3:reduce-credit-limit:branch-risk`]);
    expect(update.event).toMatchObject({ id: `alert.changed:${open._id}:3`, data: { level: 'red', previousLevel: 'yellow', direction: 'escalated' } });
    // Another run moved the alert to red meanwhile: nothing is left to do.
    expect(alertUpdate(changes[0]!, { ...open, level: 'red', revision: 3 }, context())).toBeUndefined();
  });

  test('a lower level de-escalates; a head-office role (the settings) owns its task at HQ', () => {
    const open = openAlert('red', 4);
    const { changes } = plan(40, [warning('orange')], [open], [measure('review-limit', 'hq-risk-manager', null)]);
    expect(changes.map((change) => change.kind)).toEqual(['de-escalate']);
    const update = alertUpdate(changes[0]!, open, context())!;
    expect(update.write.set).toMatchObject({ level: 'orange', reviewFrom: null });
    expect(update.tasks).toEqual([expect.objectContaining({ _id: `${open._id}:r5:review-limit:hq-risk-manager`, orgUnit: 'HQ', dueOn: null })]);
    expect(update.event).toMatchObject({ data: { previousLevel: 'red', direction: 'de-escalated' } });
  });

  test("a measure's deadline passed: the rules review the alert, and a fresh measure is ordered one step further", () => {
    const ordered: AlertMeasure = {
      taskId: 'obligor:O-1:dpd:2025-08-01:r1:reduce-credit-limit:branch-risk',
      action: 'reduce-credit-limit',
      dueOn: '2025-09-05',
      createdOn: '2025-08-01',
      escalationStep: 0,
      valueAtMeasure: 40,
    };
    const open = openAlert('orange', 1, { reviewFrom: '2025-09-06', measures: [ordered] });
    const { outcomes, questions, changes } = plan(50, [warning('orange')], [open], [measure('reduce-credit-limit', 'branch-risk', 15)]);
    expect(outcomes[0]!.transitions).toEqual([]);
    expect(questions[0]).toMatchObject({ kind: 'review', origin: { kind: 'deadline', escalationStep: 1 } });
    expect(questions[0]!.facts).toMatchObject({ trigger: 'deadline', previousReductions: 1, deadlinePassed: true, daysSinceDeadline: 5, improved: false });
    const update = alertUpdate(changes[0]!, open, context())!;
    expect(update.write.entry).toMatchObject({ action: 'reviewed', decisionId: 'd-1' });
    expect(update.tasks.map((task) => [task._id, task.escalationStep, task.dueOn])).toEqual([
      [`${open._id}:e1:reduce-credit-limit:branch-risk`, 1, '2025-09-25'],
    ]);
    expect(update.write.set).toMatchObject({ reviewFrom: '2025-09-26', measures: [ordered, expect.objectContaining({ escalationStep: 1 })] });
    expect(update.event).toBeNull();
    // Before the deadline passed, nothing is reviewed.
    expect(
      assessSubject(subject(50), { decisionId: 'w-1', prepared: warningSet, events: [warning('orange')] }, [{ ...open, reviewFrom: '2025-09-11' }], asOf),
    ).toBeUndefined();
  });

  test('a review the rules answer with nothing new writes nothing', () => {
    const reviewed = openAlert('orange', 2, {
      reviewFrom: '2025-09-06',
      measures: [
        {
          taskId: 'obligor:O-1:dpd:2025-08-01:e1:watch:branch-risk',
          action: 'watch',
          dueOn: '2025-09-05',
          createdOn: '2025-08-01',
          escalationStep: 0,
          valueAtMeasure: 40,
        },
      ],
    });
    expect(plan(50, [warning('orange')], [reviewed], []).changes).toEqual([]);
    expect(plan(50, [warning('orange')], [reviewed], [measure('watch', 'branch-risk', 5)]).changes).toEqual([]);
  });

  test('a signal that no longer fires closes its alert without asking the disposition rules', () => {
    const open = openAlert('orange', 2);
    const { questions, changes } = plan(0, [], [open], [measure('watch', 'branch-risk', 5)]);
    expect(questions).toEqual([expect.objectContaining({ kind: 'close', facts: null })]);
    const update = alertUpdate(changes[0]!, open, context())!;
    expect(update.write.set).toMatchObject({ status: 'closed', openKey: open._id, closedOn: asOf });
    expect(update.tasks).toEqual([]);
    expect(update.event).toMatchObject({ id: `alert.closed:${open._id}:3`, type: 'alert.closed' });
  });

  test('the same inputs give the same plan twice', () => {
    const build = () => {
      const open = openAlert('yellow', 2);
      const { outcomes, changes } = plan(70, [warning('red')], [open], [measure('reduce-credit-limit', 'branch-risk', 10)]);
      const raised = plan(45, [warning('orange')], [], [measure('watch', 'hq-risk-manager', 5)]).changes;
      return {
        outcomes: outcomes as SubjectOutcome[],
        update: alertUpdate(changes[0]!, open, context()),
        insert: alertInsert(raised[0]!, context()),
        decisions: decisionRecords([...changes, ...raised], context()),
      };
    };
    expect(build()).toEqual(build());
  });
});
