import { ruleSetHash } from '../../../server/engine/hash';
import { prepareRuleSet } from '../../../server/engine/prepare';
import type { Rule, RuleSetVersion } from '../../../server/generated/schema-types';
import { FactSupplyRecorder, recordingFactSupply, trackFactSupply } from '../../../server/jobs/fact-supply';

/** Which referenced facts a job run's evaluations never supplied, per rule set. */
const rule = (name: string, conditions: Rule['conditions']): Rule => ({
  name,
  basis: 'test',
  conditions,
  event: { type: 'warning', params: { level: 'yellow' } },
});

function prepared(key: string, version: number, rules: Rule[]) {
  const content: Pick<RuleSetVersion, 'family' | 'parameters' | 'rules'> = { family: 'warning.obligor', parameters: {}, rules };
  return prepareRuleSet({ key, version, hash: ruleSetHash(content), content });
}

// Reads dpd and overdueAmount (any) and gradeDowngrade.
const v1 = prepared('warning.obligor', 1, [
  rule('overdue', {
    any: [
      { fact: 'dpd', operator: 'greaterThan', value: 30 },
      { fact: 'overdueAmount', operator: 'greaterThan', value: 1000 },
    ],
  }),
  rule('downgraded', { all: [{ fact: 'gradeDowngrade', operator: 'equal', value: true }] }),
]);
const noEvents = () => [];

test('facts never given, given as undefined, or only inherited count as unsupplied; each call counts as an evaluation', () => {
  const recorder = new FactSupplyRecorder();
  const run = recorder.track(v1, noEvents);
  run({ dpd: 0 });
  run({ dpd: 45, overdueAmount: undefined });
  run(Object.create({ gradeDowngrade: true }) as Record<string, unknown>);
  expect(recorder.report()).toEqual([{ ruleSet: 'warning.obligor', versions: [1], evaluations: 3, facts: ['gradeDowngrade', 'overdueAmount'] }]);
});

test('a fact supplied once, even as null or false, is supplied for the run', () => {
  const recorder = new FactSupplyRecorder();
  const run = recorder.track(v1, noEvents);
  run({ dpd: null, gradeDowngrade: false });
  run({ overdueAmount: 0 });
  expect(recorder.report()).toEqual([{ ruleSet: 'warning.obligor', versions: [1], evaluations: 2, facts: [] }]);
});

test('two versions of a key report together: their versions, all evaluations, and the facts of either left unsupplied', () => {
  const recorder = new FactSupplyRecorder();
  const v2 = prepared('warning.obligor', 2, [rule('internet', { all: [{ fact: 'internetBusiness', operator: 'equal', value: true }] })]);
  recorder.track(v2, noEvents)({ internetBusiness: true });
  recorder.track(v1, noEvents)({ dpd: 1, overdueAmount: 2 });
  // Tracking the same version again adds no facts and keeps the count going.
  recorder.track(v1, noEvents)({ dpd: 3 });
  const claims = prepared('claim.trigger', 7, [rule('claim', { all: [{ fact: 'claimStatus', operator: 'equal', value: 'requested' }] })]);
  recorder.track(claims, noEvents)({});
  expect(recorder.report()).toEqual([
    { ruleSet: 'claim.trigger', versions: [7], evaluations: 1, facts: ['claimStatus'] },
    { ruleSet: 'warning.obligor', versions: [1, 2], evaluations: 3, facts: ['gradeDowngrade'] },
  ]);
});

test('the tracked runner answers what the runner answers, with the facts as given', async () => {
  const given: unknown[] = [];
  const events = [{ type: 'warning', params: { level: 'red' } }];
  const run = new FactSupplyRecorder().track(v1, (facts) => {
    given.push(facts);
    return events;
  });
  const facts = { dpd: 90 };
  expect(run(facts)).toBe(events);
  expect(given).toEqual([facts]);
});

test("only runners resolved inside a recorded job run are tracked, by that run's recorder", async () => {
  expect(trackFactSupply(v1, noEvents)).toBe(noEvents);
  const first = new FactSupplyRecorder();
  const second = new FactSupplyRecorder();
  await Promise.all([
    recordingFactSupply(first, async () => {
      await Promise.resolve();
      trackFactSupply(v1, noEvents)({ dpd: 1 });
    }),
    recordingFactSupply(second, async () => {
      trackFactSupply(v1, noEvents)({ dpd: 1, overdueAmount: 1, gradeDowngrade: true });
      trackFactSupply(v1, noEvents)({});
    }),
  ]);
  expect(first.report()).toEqual([{ ruleSet: 'warning.obligor', versions: [1], evaluations: 1, facts: ['gradeDowngrade', 'overdueAmount'] }]);
  expect(second.report()).toEqual([{ ruleSet: 'warning.obligor', versions: [1], evaluations: 2, facts: [] }]);
});
