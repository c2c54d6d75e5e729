import path from 'node:path';
import { complaintHandlingFacts, type ComplaintHandlingRecord } from '../../../server/complaints/handling/complaint-handling-facts';
import { readComplaintHandling } from '../../../server/complaints/handling/complaint-handling-reader';
import { addWorkingDays, workingDaysBetween } from '../../../server/complaints/handling/working-days';
import { SchemaRegistry } from '../../../server/http/schema-registry';
import { standardRules } from './standard-pack';

/** complaint.handling: the pure facts builder, the pure reader, and the standard pack between them, day by day. */
const schemas = new SchemaRegistry(path.resolve(__dirname, '../../../schemas'));
const evaluate = standardRules('complaint.handling');

// 2026-03-06 is a Friday.
const received: ComplaintHandlingRecord = {
  complaintId: 'TS-BR-SH-202603-0001',
  channel: 'phone',
  subject: 'agency',
  status: 'received',
  receivedOn: '2026-03-06',
};

describe('working days', () => {
  it.each([
    ['2026-03-06', '2026-03-06', 0],
    ['2026-03-06', '2026-03-08', 0],
    ['2026-03-06', '2026-03-09', 1],
    ['2026-03-06', '2026-03-13', 5],
    ['2026-03-06', '2026-03-16', 6],
    ['2026-03-07', '2026-03-09', 1],
    ['2026-03-09', '2026-03-01', 0],
  ])('from %s to %s: %i', (from, to, count) => {
    expect(workingDaysBetween(from, to)).toBe(count);
  });

  it('adds working days, skipping weekends', () => {
    expect(addWorkingDays('2026-03-06', 5)).toBe('2026-03-13');
    expect(addWorkingDays('2026-03-07', 1)).toBe('2026-03-09');
    expect(addWorkingDays('2026-03-09', 0)).toBe('2026-03-09');
    for (let count = 0; count < 30; count++) expect(workingDaysBetween('2026-03-04', addWorkingDays('2026-03-04', count))).toBe(count);
  });
});

describe('complaintHandlingFacts', () => {
  it('counts calendar and working days from receipt, and fits the fact schema', () => {
    const facts = complaintHandlingFacts(
      { ...received, receivedOn: '2026-03-06T09:30:00.000Z', status: 'accepted', acceptedOn: '2026-03-09', complexity: 'complex' },
      '2026-03-16',
    );
    expect(facts).toEqual({
      complaintId: 'TS-BR-SH-202603-0001',
      asOf: '2026-03-16',
      channel: 'phone',
      subject: 'agency',
      complexity: 'complex',
      status: 'accepted',
      daysSinceReceived: 10,
      workingDaysSinceReceived: 6,
      daysSinceAccepted: 7,
      extended: false,
    });
    expect(schemas.check('rulesets/facts/complaint-handling-facts', facts, '/facts')).toEqual([]);
  });

  it('is extended once the complaint has an extension date', () => {
    expect(complaintHandlingFacts({ ...received, extendedUntil: '2026-04-05' }, '2026-03-20').extended).toBe(true);
  });
});

describe('a complaint through complaint.handling, day by day', () => {
  const run = async (record: ComplaintHandlingRecord, day: string) => readComplaintHandling(await evaluate(complaintHandlingFacts(record, day)), record, day);

  it('acceptance is due on the 5th working day after receipt and flagged as missed on the next working day', async () => {
    expect((await run(received, '2026-03-09')).deadlines).toEqual([
      { stage: 'acceptance', from: 'received', startOn: '2026-03-06', unit: 'working-days', limitDays: 5, dueOn: '2026-03-13', daysLeft: 4, state: 'running' },
    ]);
    expect(await run(received, '2026-03-13')).toMatchObject({ deadlines: [{ daysLeft: 0, state: 'approaching' }], escalations: [] });
    // The weekend after the due date: past it in calendar days, and the rules agree on the next working day.
    expect((await run(received, '2026-03-14')).deadlines[0]).toMatchObject({ state: 'missed' });
    expect(await run(received, '2026-03-16')).toMatchObject({
      deadlines: [{ dueOn: '2026-03-13', daysLeft: -3, state: 'missed' }],
      escalations: [{ to: 'complaint-department', reason: 'acceptance-deadline-missed' }],
    });
  });

  it('an accepted complaint is decided within 15 days of receipt, an extended complex one within 30', async () => {
    const accepted = { ...received, status: 'investigating', acceptedOn: '2026-03-09' };
    expect((await run(accepted, '2026-03-21')).deadlines).toEqual([expect.objectContaining({ stage: 'decision', dueOn: '2026-03-21', state: 'approaching' })]);
    expect((await run(accepted, '2026-03-22')).escalations).toEqual([{ to: 'senior-manager', reason: 'decision-deadline-missed' }]);
    const extended = { ...accepted, complexity: 'complex' as const, extendedUntil: '2026-04-05' };
    expect(await run(extended, '2026-03-22')).toEqual({
      deadlines: [
        { stage: 'extension', from: 'received', startOn: '2026-03-06', unit: 'days', limitDays: 30, dueOn: '2026-04-05', daysLeft: 14, state: 'running' },
      ],
      escalations: [],
    });
  });

  it('a closed complaint has no deadline', async () => {
    expect(await run({ ...received, status: 'closed', acceptedOn: '2026-03-09' }, '2026-05-01')).toEqual({ deadlines: [], escalations: [] });
  });
});

describe('the standard pack knows the statuses the workflow uses (complaint-transitions.ts)', () => {
  const after = (status: string) =>
    evaluate(complaintHandlingFacts({ ...received, channel: 'referral', subject: 'collection-conduct', status, acceptedOn: '2026-03-09' }, '2026-04-20'));

  it.each(['in-review', 'rework', 'decided', 'rejected', 'closed'])('a complaint that is %s has no clock and no escalation', async (status) => {
    expect(await after(status)).toEqual([]);
  });

  it.each(['accepted', 'investigating'])('a complaint that is %s runs the decision clock and escalates when late', async (status) => {
    expect((await after(status)).map((event) => [event.type, event.params?.stage ?? event.params?.reason])).toEqual(
      expect.arrayContaining([
        ['deadline', 'decision'],
        ['escalate', 'decision-deadline-missed'],
        ['escalate', 'regulator-referral'],
        ['escalate', 'conduct-complaint'],
      ]),
    );
  });
});
