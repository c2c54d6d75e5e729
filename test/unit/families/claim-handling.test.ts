import { claimHandlingFacts, type ClaimHandlingRecord } from '../../../server/claims/handling/claim-handling-facts';
import { readClaimHandling } from '../../../server/claims/handling/claim-handling-reader';
import { SchemaRegistry } from '../../../server/http/schema-registry';
import path from 'node:path';
import { standardRules } from './standard-pack';

/** claim.handling: the pure facts builder, the pure reader, and the standard pack between them, day by day. */
const schemas = new SchemaRegistry(path.resolve(__dirname, '../../../schemas'));
const evaluate = standardRules('claim.handling');

const complexCase: ClaimHandlingRecord = {
  caseId: 'C-1',
  status: 'registered',
  reportedOn: '2026-03-01',
  reportCompleteOn: '2026-03-05',
  complexity: 'complex',
  registeredOn: '2026-03-06',
};

describe('claimHandlingFacts', () => {
  it('counts days from each date the case has, leaves the others absent, and fits the fact schema', () => {
    const facts = claimHandlingFacts({ ...complexCase, decisionLimitDays: 45, paymentLimitDays: null, earlyIntervention: true }, '2026-04-04');
    expect(facts).toEqual({
      caseId: 'C-1',
      asOf: '2026-04-04',
      status: 'registered',
      daysSinceReport: 34,
      daysSinceCompleteReport: 30,
      complexity: 'complex',
      contractDecisionLimitDays: 45,
      earlyIntervention: true,
    });
    expect(schemas.check('rulesets/facts/claim-handling-facts', facts, '/facts')).toEqual([]);
  });

  it('gives the days since the agreement once approved, and never a negative count', () => {
    const facts = claimHandlingFacts({ status: 'approved', reportedOn: '2026-05-02', agreedOn: '2026-05-10', paymentLimitDays: 7 }, '2026-05-01');
    expect(facts).toMatchObject({ daysSinceReport: 0, daysSinceAgreement: 0, contractPaymentLimitDays: 7, earlyIntervention: false });
  });
});

describe('a claim case through claim.handling, day by day', () => {
  const run = async (record: ClaimHandlingRecord, day: string) => readClaimHandling(await evaluate(claimHandlingFacts(record, day)), record, day);

  it('a complex case is running, approaching from 5 days before, due 30 days after the complete report and missed on day 31', async () => {
    expect((await run(complexCase, '2026-03-20')).deadlines).toEqual([
      {
        stage: 'decision',
        from: 'complete-report',
        startOn: '2026-03-05',
        limitSource: 'default',
        limitDays: 30,
        dueOn: '2026-04-04',
        daysLeft: 15,
        state: 'running',
      },
    ]);
    expect((await run(complexCase, '2026-03-30')).deadlines[0]).toMatchObject({ daysLeft: 5, state: 'approaching' });
    expect(await run(complexCase, '2026-04-04')).toMatchObject({ deadlines: [{ daysLeft: 0, state: 'approaching' }], escalations: [] });
    expect(await run(complexCase, '2026-04-05')).toMatchObject({
      deadlines: [{ dueOn: '2026-04-04', daysLeft: -1, state: 'missed' }],
      escalations: [{ to: 'hq-claims', reason: 'decision-deadline-missed' }],
    });
  });

  it("uses the contract's own decision limit when it sets one", async () => {
    const record = { ...complexCase, decisionLimitDays: 10 };
    expect((await run(record, '2026-03-15')).deadlines).toEqual([
      expect.objectContaining({ limitSource: 'contract', limitDays: 10, dueOn: '2026-03-15', state: 'approaching' }),
    ]);
    expect((await run(record, '2026-03-16')).escalations).toEqual([{ to: 'hq-claims', reason: 'decision-deadline-missed' }]);
  });

  it('an approved case must be paid within 10 days of the agreement', async () => {
    const record: ClaimHandlingRecord = { ...complexCase, status: 'approved', agreedOn: '2026-03-25' };
    expect((await run(record, '2026-04-04')).deadlines).toEqual([
      {
        stage: 'payment',
        from: 'agreement',
        startOn: '2026-03-25',
        limitSource: 'default',
        limitDays: 10,
        dueOn: '2026-04-04',
        daysLeft: 0,
        state: 'approaching',
      },
    ]);
    expect((await run(record, '2026-04-05')).escalations).toEqual([{ to: 'hq-claims', reason: 'payment-deadline-missed' }]);
  });

  it('a paid case has no deadline', async () => {
    expect(await run({ ...complexCase, status: 'paid', agreedOn: '2026-03-25', paidOn: '2026-03-30' }, '2026-06-01')).toEqual({
      deadlines: [],
      escalations: [],
    });
  });
});

describe('readClaimHandling', () => {
  it('reports an unknown state when the start date or the contract limit an event names is missing', () => {
    const events = [{ type: 'deadline', params: { stage: 'payment', from: 'agreement', limitSource: 'contract', approachingDays: 5, basis: 'Art. 16' } }];
    expect(readClaimHandling(events, { status: 'approved' }, '2026-01-01').deadlines).toEqual([
      { stage: 'payment', from: 'agreement', startOn: null, limitSource: 'contract', limitDays: null, dueOn: null, daysLeft: null, state: 'unknown' },
    ]);
  });

  it('ignores events of other types and keeps each escalation once', () => {
    const escalate = { type: 'escalate', params: { to: 'hq-claims', reason: 'decision-deadline-missed', basis: 'Art. 16' } };
    expect(readClaimHandling([escalate, escalate, { type: 'claim', params: { action: 'open-claim' } }], { status: 'registered' }, '2026-01-01')).toEqual({
      deadlines: [],
      escalations: [{ to: 'hq-claims', reason: 'decision-deadline-missed' }],
    });
  });
});
